import { sql } from "drizzle-orm";
import { check, integer, jsonb, pgTable, smallint, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth.ts";

/** The clinic's settings: one row, validated as a whole by settings.schema.ts. */
export const settings = pgTable(
  "settings",
  {
    id: smallint("id").primaryKey().default(1),
    value: jsonb("value").notNull(),
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [check("settings_single_row", sql`${t.id} = 1`)],
);
