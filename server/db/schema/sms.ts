import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth.ts";
import { people } from "./people.ts";
import { appointments } from "./scheduling.ts";

export {
  SMS_KINDS,
  SMS_REPLY_MEANINGS,
  SMS_STATUSES,
  type SmsKind,
  type SmsReplyMeaning,
  type SmsStatus,
} from "../../../shared/sms.ts";

/**
 * The SMS outbox (DESIGN §6): every SMS Relais sends or meant to send, written in the transaction of what
 * causes it, sent at most once by whichever instance claims it (claimed_until), with each step's time.
 */
export const smsMessages = pgTable(
  "sms_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    personId: uuid("person_id").references(() => people.id, { onDelete: "set null" }),
    appointmentId: uuid("appointment_id").references(() => appointments.id, { onDelete: "set null" }),
    /**
     * An appointment reminder's offset (settings: « 1@10:00 », the day before at 10:00) and the start it
     * announced: one reminder per appointment, offset and start, whatever runs or instances queue it.
     */
    reminderOffset: text("reminder_offset"),
    appointmentStartsAt: timestamp("appointment_starts_at", { withTimezone: true }),
    /** E.164; null when the person has no mobile (then skipped, with the reason). */
    toPhone: text("to_phone"),
    text: text("text").notNull(),
    encoding: text("encoding").notNull(),
    segments: integer("segments").notNull(),
    /** Sent even to a person who asked for no SMS (what she must know: her appointment moved). */
    vital: boolean("vital").notNull().default(false),
    status: text("status").notNull().default("queued"),
    /** Why it was skipped, cancelled or failed, or the provider's error of the last try. */
    reason: text("reason"),
    attempts: integer("attempts").notNull().default(0),
    /** Not sent before (the reminder's time, the end of the night, a back-off). */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    /** When the sender that holds it started handing it to the provider (a claim run out before: it never left). */
    sendStartedAt: timestamp("send_started_at", { withTimezone: true }),
    /** orange | http | log (simulated) */
    provider: text("provider"),
    providerId: text("provider_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    failedAt: timestamp("failed_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    /** Who decided on a message to check (sent after all, or sent again). */
    checkedAt: timestamp("checked_at", { withTimezone: true }),
    checkedBy: uuid("checked_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    check(
      "sms_messages_status_check",
      sql`${t.status} in ('queued', 'sending', 'sent', 'delivered', 'failed', 'to_check', 'skipped', 'cancelled')`,
    ),
    check(
      "sms_messages_kind_check",
      sql`${t.kind} in ('appointment_reminder', 'appointment_moved', 'vaccine_reminder', 'survey_link', 'campaign', 'mothers_group_invite', 'other')`,
    ),
    index("sms_messages_due_idx").on(t.status, t.nextAttemptAt),
    index("sms_messages_created_at_idx").on(t.createdAt),
    index("sms_messages_person_idx").on(t.personId, t.createdAt),
    index("sms_messages_appointment_idx").on(t.appointmentId),
    index("sms_messages_provider_id_idx").on(t.providerId),
    // Never two reminders for one appointment, offset and start (a cancelled one leaves its place).
    uniqueIndex("sms_messages_reminder_key")
      .on(t.appointmentId, t.reminderOffset, t.appointmentStartsAt)
      .where(sql`${t.reminderOffset} is not null and ${t.status} <> 'cancelled'`),
  ],
);

/**
 * SMS people sent to the clinic's number (where the provider delivers them): kept as received, with what
 * Relais read in them and what it did. A reply that needs a person (a cancellation request, anything that
 * is not STOP nor a confirmation Relais could apply) makes a task for reception (rule sms-reply).
 */
export const smsReplies = pgTable(
  "sms_replies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    /** E.164. */
    fromPhone: text("from_phone").notNull(),
    text: text("text").notNull(),
    meaning: text("meaning").notNull(),
    /** The provider's id of the message: a notification delivered twice is recorded once. */
    providerMessageId: text("provider_message_id"),
    /** Who it is from: the person of the last SMS sent to that number, else the only record with it. */
    personId: uuid("person_id").references(() => people.id, { onDelete: "set null" }),
    /** The reminder it answers, and that reminder's appointment with the start it announced. */
    smsMessageId: uuid("sms_message_id").references(() => smsMessages.id, { onDelete: "set null" }),
    appointmentId: uuid("appointment_id").references(() => appointments.id, { onDelete: "set null" }),
    appointmentStartsAt: timestamp("appointment_starts_at", { withTimezone: true }),
    /** Whether reception must act on it (a task of rule sms-reply). */
    needsCallback: boolean("needs_callback").notNull(),
  },
  (t) => [
    check("sms_replies_meaning_check", sql`${t.meaning} in ('stop', 'confirmed', 'cancel_requested', 'other')`),
    uniqueIndex("sms_replies_provider_message_idx")
      .on(t.providerMessageId)
      .where(sql`${t.providerMessageId} is not null`),
    index("sms_replies_person_idx").on(t.personId, t.receivedAt),
    index("sms_replies_callback_idx").on(t.receivedAt).where(sql`${t.needsCallback}`),
  ],
);
