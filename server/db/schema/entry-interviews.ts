import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth.ts";
import { pathways } from "./pathways.ts";
import { people } from "./people.ts";
import { appointments } from "./scheduling.ts";

/**
 * The entry interviews (« entretiens d'entrée », procedure 5) a medical
 * secretary holds with a new patient: what she transmitted and what she
 * collected, as data. The provenance collected is also written on the
 * patient's record (people.provenance_origin / provenance_prospect_id, the
 * reconciliation with prospects); it is kept here as it was said. At most one
 * interview per first visit.
 */
export const entryInterviews = pgTable(
  "entry_interviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    /** The first visit it was held at, when there is one (an EHR patient may have none in Relais). */
    appointmentId: uuid("appointment_id").references(() => appointments.id, { onDelete: "set null" }),
    heldAt: timestamp("held_at", { withTimezone: true }).notNull(),
    heldBy: uuid("held_by").references(() => users.id, { onDelete: "set null" }),
    /** Transmitted: « Tarifs, prise en charge et conditions financières ». */
    transmittedFees: boolean("transmitted_fees").notNull(),
    /** Transmitted: « Parcours et services de Nest ». */
    transmittedServices: boolean("transmitted_services").notNull(),
    /** Collected: the provenance (an origin code of the settings, and/or the prospect record she was). */
    provenanceOrigin: text("provenance_origin"),
    provenanceProspectId: uuid("provenance_prospect_id").references(() => people.id, { onDelete: "set null" }),
    /** Collected: « Dossier patient rempli ». */
    fileCompleted: boolean("file_completed").notNull(),
    /** Collected: « Objet de la visite pour désigner un parcours »: a pathway type or none. */
    visitPurpose: text("visit_purpose").notNull(),
    /** The pathway started (or found already open) for that purpose. */
    pathwayId: uuid("pathway_id").references(() => pathways.id, { onDelete: "set null" }),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    check(
      "entry_interviews_visit_purpose_check",
      sql`${t.visitPurpose} in ('gynecology', 'pregnancy', 'postpartum', 'pediatrics', 'none')`,
    ),
    uniqueIndex("entry_interviews_appointment_idx").on(t.appointmentId).where(sql`${t.appointmentId} is not null`),
    index("entry_interviews_person_idx").on(t.personId, t.heldAt),
    index("entry_interviews_held_at_idx").on(t.heldAt),
  ],
);
