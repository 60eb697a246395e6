import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth.ts";
import { interactions, people } from "./people.ts";

/**
 * The clinic's services ("Service des admissions", "Maternité", "Pédiatrie"…):
 * where a call is transferred, a message addressed, an appointment given.
 */
export const clinicServices = pgTable(
  "clinic_services",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** Said when a call transferred to reception is picked up: "Service des admissions, Awa, bonjour". */
    greetingName: text("greeting_name"),
    active: boolean("active").notNull().default(true),
    position: integer("position").notNull().default(0),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("clinic_services_name_idx").on(t.name)],
);

/**
 * The call register ("registre des appels", procedures 1 and 3): every incoming
 * call or visit at the desk, identified or not. A line may be saved half-done
 * (the caller hung up: the paper-notebook case) and completed later; a line
 * whose request was not satisfied stays "to resume" until resumed the same day.
 */
export const calls = pgTable(
  "calls",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** phone (incoming call) or visit (présentation physique). */
    channel: text("channel").notNull(),
    /** When the call came in: the line's time in the register (for a line captured offline, its capture time). */
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    /**
     * When the line was typed on a desk that had lost the network (client clock, checked within bounds);
     * null for a line saved online. `createdAt` stays the moment the server received it.
     */
    capturedAt: timestamp("captured_at", { withTimezone: true }),
    /** The caller's number in E.164 when known and valid; null for a hidden number or a visit. */
    phone: text("phone"),
    callerName: text("caller_name"),
    answeredBy: uuid("answered_by").references(() => users.id, { onDelete: "set null" }),
    /** The call arrived transferred to this desk, for this service (changes the greeting). */
    transferredInServiceId: uuid("transferred_in_service_id").references(() => clinicServices.id, {
      onDelete: "set null",
    }),
    /** The request, reformulated ("Si j'ai bien compris, vous souhaitez…"). */
    request: text("request"),
    /** "Êtes-vous déjà venue à NEST ?" — null until asked. */
    cameBefore: boolean("came_before"),
    /** answered | transferred | message_left | call_back_later | to_resume; null while the call is in progress. */
    outcome: text("outcome"),
    transferServiceId: uuid("transfer_service_id").references(() => clinicServices.id, { onDelete: "set null" }),
    transferUserId: uuid("transfer_user_id").references(() => users.id, { onDelete: "set null" }),
    /** Seconds the caller waited on hold, all holds together. */
    holdSeconds: integer("hold_seconds").notNull().default(0),
    personId: uuid("person_id").references(() => people.id, { onDelete: "set null" }),
    /** When the line was linked to a record (procedure 1: find or create the caller's record); null while it is not. */
    linkedAt: timestamp("linked_at", { withTimezone: true }),
    interactionId: uuid("interaction_id").references(() => interactions.id, { onDelete: "set null" }),
    notes: text("notes"),
    /** When the line was closed with an outcome. */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** A line to resume (or to call back) is done once resumed. */
    resumedAt: timestamp("resumed_at", { withTimezone: true }),
    resumedBy: uuid("resumed_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    check("calls_channel_check", sql`${t.channel} in ('phone', 'visit')`),
    check(
      "calls_outcome_check",
      sql`${t.outcome} is null or ${t.outcome} in ('answered', 'transferred', 'message_left', 'call_back_later', 'to_resume')`,
    ),
    index("calls_received_at_idx").on(t.receivedAt),
    index("calls_person_idx").on(t.personId),
    index("calls_phone_idx").on(t.phone),
  ],
);

/**
 * A phone message taken for a person or a service (procedure 3: "s'assure que le
 * message pris a bien été transmis"): it stays in the recipient's inbox until
 * acknowledged.
 */
export const phoneMessages = pgTable(
  "phone_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    callId: uuid("call_id").references(() => calls.id, { onDelete: "set null" }),
    forUserId: uuid("for_user_id").references(() => users.id, { onDelete: "set null" }),
    forServiceId: uuid("for_service_id").references(() => clinicServices.id, { onDelete: "set null" }),
    callerName: text("caller_name"),
    callerPhone: text("caller_phone"),
    personId: uuid("person_id").references(() => people.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    /** When it was typed on a desk that had lost the network (client clock); null when saved online. */
    capturedAt: timestamp("captured_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedBy: uuid("acknowledged_by").references(() => users.id, { onDelete: "set null" }),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    check("phone_messages_recipient_check", sql`${t.forUserId} is not null or ${t.forServiceId} is not null`),
    index("phone_messages_for_user_idx").on(t.forUserId, t.acknowledgedAt),
    index("phone_messages_for_service_idx").on(t.forServiceId, t.acknowledgedAt),
    index("phone_messages_created_at_idx").on(t.createdAt),
    index("phone_messages_person_idx").on(t.personId),
  ],
);
