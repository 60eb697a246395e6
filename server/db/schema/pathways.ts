import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth.ts";
import { people } from "./people.ts";

/**
 * The pathways (« parcours ») of patients (DESIGN §2): gynaecology, pregnancy,
 * postpartum, paediatrics. A patient may follow several at once, at most one
 * open of each type; an ended one is kept with its end day and exit reason.
 * A pregnancy carries its DDR and DPA, both stored: either may be the one
 * entered and the other derived (shared/pregnancy.ts).
 */
export const pathways = pgTable(
  "pathways",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    /** gynecology | pregnancy | postpartum | pediatrics */
    type: text("type").notNull(),
    startedOn: date("started_on").notNull(),
    endedOn: date("ended_on"),
    /** delivered | miscarriage | moved_away | transferred | completed | other (shared/pathways.ts). */
    exitReason: text("exit_reason"),
    exitNote: text("exit_note"),
    /** Pregnancy only: last menstrual period and due date. */
    ddr: date("ddr"),
    dpa: date("dpa"),
    /** Pregnancy only: the settings' convention when the dates were entered (french | naegele), kept with them. */
    dueDateConvention: text("due_date_convention"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    check("pathways_type_check", sql`${t.type} in ('gynecology', 'pregnancy', 'postpartum', 'pediatrics')`),
    check(
      "pathways_exit_reason_check",
      sql`${t.exitReason} in ('delivered', 'miscarriage', 'moved_away', 'transferred', 'completed', 'other')`,
    ),
    // An ended pathway says when and why; an open one says neither.
    check("pathways_end_check", sql`(${t.endedOn} is null) = (${t.exitReason} is null)`),
    check("pathways_end_after_start_check", sql`${t.endedOn} is null or ${t.endedOn} >= ${t.startedOn}`),
    // Only a pregnancy has dates, and then both of them.
    check(
      "pathways_pregnancy_dates_check",
      sql`(${t.type} = 'pregnancy') = (${t.ddr} is not null) and (${t.ddr} is null) = (${t.dpa} is null) and (${t.ddr} is null) = (${t.dueDateConvention} is null)`,
    ),
    check("pathways_due_date_convention_check", sql`${t.dueDateConvention} in ('french', 'naegele')`),
    // At most one open pathway of a type per patient: two requests at once cannot both start one.
    uniqueIndex("pathways_one_open_per_type_idx").on(t.personId, t.type).where(sql`${t.endedOn} is null`),
    index("pathways_person_idx").on(t.personId, t.startedOn),
    // Pathways written since the follow-up engine's last run (incremental runs).
    index("pathways_updated_at_idx").on(t.updatedAt),
  ],
);
