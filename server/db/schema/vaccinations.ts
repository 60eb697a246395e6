import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth.ts";
import { people } from "./people.ts";
import { smsMessages } from "./sms.ts";

/**
 * The vaccine doses a child was given (DESIGN §2, procedure 5 « Suivi de l'enfant »): at NEST or
 * elsewhere (read from the child's booklet). A dose is known by the schedule's stable key
 * (vaccine code, dose number): one row per child and dose, corrected in place (version), removed
 * when recorded by mistake. The calendar (shared/vaccination.ts dosesFor) is computed from these.
 */
export const vaccinationDoses = pgTable(
  "vaccination_doses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    /** The schedule's vaccine code (« HEXA », « RR »). */
    vaccine: text("vaccine").notNull(),
    dose: integer("dose").notNull(),
    givenOn: date("given_on").notNull(),
    /** nest | elsewhere */
    place: text("place").notNull(),
    note: text("note"),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    check("vaccination_doses_place_check", sql`${t.place} in ('nest', 'elsewhere')`),
    check("vaccination_doses_dose_check", sql`${t.dose} >= 0`),
    // One record per child and dose: two secretaries recording it at once make one row.
    uniqueIndex("vaccination_doses_person_dose_key").on(t.personId, t.vaccine, t.dose),
    // The doses given on a day (the dashboard, the late-dose rule's incremental run).
    index("vaccination_doses_given_on_idx").on(t.givenOn),
  ],
);

/**
 * The SMS reminders written for a child's doses: one per child and dose, ever, whatever runs or
 * instances queue it (the primary key is the guard), the SMS itself in the outbox.
 */
export const vaccinationReminders = pgTable(
  "vaccination_reminders",
  {
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    vaccine: text("vaccine").notNull(),
    dose: integer("dose").notNull(),
    /** The due day the reminder announced. */
    dueOn: date("due_on").notNull(),
    smsMessageId: uuid("sms_message_id").references(() => smsMessages.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.vaccine, t.dose] }),
    index("vaccination_reminders_sms_idx").on(t.smsMessageId),
  ],
);
