import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth.ts";
import { people } from "./people.ts";
import { calls, clinicServices } from "./reception.ts";

/** Consultation rooms, delivery rooms… of a site (its code in the settings: CLINIQUE, PLATEAU). */
export const rooms = pgTable(
  "rooms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    site: text("site").notNull(),
    name: text("name").notNull(),
    active: boolean("active").notNull().default(true),
    position: integer("position").notNull().default(0),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("rooms_site_idx").on(t.site)],
);

/** Doctors, midwives… who see patients; not necessarily users of Relais. */
export const practitioners = pgTable("practitioners", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  speciality: text("speciality"),
  active: boolean("active").notNull().default(true),
  version: integer("version").notNull().default(1),
});

/**
 * Appointments ("RDV"). Status scheduled → attended | no_show | cancelled; a
 * move keeps the appointment and records where it was. Their statuses feed the
 * conversion table (DESIGN §4) and the follow-up rules.
 */
export const appointments = pgTable(
  "appointments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    site: text("site").notNull(),
    roomId: uuid("room_id").references(() => rooms.id, { onDelete: "set null" }),
    practitionerId: uuid("practitioner_id").references(() => practitioners.id, { onDelete: "set null" }),
    serviceId: uuid("service_id").references(() => clinicServices.id, { onDelete: "set null" }),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    /** scheduled | attended | no_show | cancelled */
    status: text("status").notNull().default("scheduled"),
    reason: text("reason"),
    notes: text("notes"),
    /** Booked although it overlapped another appointment of the room or the practitioner. */
    clashAccepted: boolean("clash_accepted").notNull().default(false),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    cancelledBy: uuid("cancelled_by").references(() => users.id, { onDelete: "set null" }),
    cancelReason: text("cancel_reason"),
    /**
     * The person's answer to the reminder SMS, where the provider delivers replies: `confirmed` (« 1 », « OUI »)
     * or `cancel_requested` (« 2 », « NON »: reception calls her back).
     */
    confirmation: text("confirmation"),
    confirmationAt: timestamp("confirmation_at", { withTimezone: true }),
    /** The call that booked it, when booked from the call screen. */
    callId: uuid("call_id").references(() => calls.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    check("appointments_status_check", sql`${t.status} in ('scheduled', 'attended', 'no_show', 'cancelled')`),
    check("appointments_times_check", sql`${t.endsAt} > ${t.startsAt}`),
    check("appointments_confirmation_check", sql`${t.confirmation} in ('confirmed', 'cancel_requested')`),
    index("appointments_site_starts_idx").on(t.site, t.startsAt),
    index("appointments_room_starts_idx").on(t.roomId, t.startsAt),
    index("appointments_practitioner_starts_idx").on(t.practitionerId, t.startsAt),
    index("appointments_person_starts_idx").on(t.personId, t.startsAt),
    // Segments: a person's attended visits (how many, the first, the last, where) from the index alone.
    index("appointments_attended_person_idx").on(t.personId, t.startsAt, t.site).where(sql`${t.status} = 'attended'`),
    index("appointments_updated_at_idx").on(t.updatedAt),
    // The appointments to remind: those still to come, by start (SMS reminders, « Rappels de demain »).
    index("appointments_scheduled_starts_idx").on(t.startsAt).where(sql`${t.status} = 'scheduled'`),
  ],
);

/** What happened to an appointment, who did it, when and why: booked, moved, cancelled, attended, no_show. */
export const appointmentEvents = pgTable(
  "appointment_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    appointmentId: uuid("appointment_id")
      .notNull()
      .references(() => appointments.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    by: uuid("by").references(() => users.id, { onDelete: "set null" }),
    fromStartsAt: timestamp("from_starts_at", { withTimezone: true }),
    toStartsAt: timestamp("to_starts_at", { withTimezone: true }),
    reason: text("reason"),
  },
  (t) => [index("appointment_events_appointment_idx").on(t.appointmentId, t.at)],
);
