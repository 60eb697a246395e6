import { z } from "zod";
import { SMS_LIMITS } from "../../../shared/limits.ts";
import { isoDateTime } from "../../../shared/schemas.ts";
import { SMS_KINDS, SMS_REPLY_MEANINGS, SMS_STATUSES } from "../../db/schema/sms.ts";

export const smsPreviewInput = z.strictObject({
  text: z.string().max(SMS_LIMITS.templateMax),
  /** Render the text as a template on this appointment first (the settings page's preview on a real record). */
  appointmentId: z.uuid().optional(),
});
export const smsPreviewView = z.object({
  /** The text rendered on the appointment (figures below are of it); null without an appointment. */
  rendered: z.string().nullable(),
  length: z.number().int(),
  encoding: z.enum(["GSM-7", "UCS-2"]),
  segments: z.number().int(),
  /** Characters per segment for this text (160 / 153 in GSM-7, 70 / 67 in UCS-2). */
  perSegment: z.number().int(),
  /** Estimated cost of one message in FCFA (settings' price per segment). */
  cost: z.number(),
  /** The same text in GSM-7 only (« sans accents »), and its segments. */
  gsm7Text: z.string(),
  gsm7Segments: z.number().int(),
});

/** An appointment to preview a template on (the settings page). */
export const smsSampleAppointment = z.object({
  id: z.uuid(),
  startsAt: isoDateTime,
  firstName: z.string(),
  lastName: z.string(),
  site: z.string(),
});
export const smsSampleAppointments = z.object({ items: z.array(smsSampleAppointment) });

export const smsRunInput = z.strictObject({
  /** The instant of the run (tests, operations); default now. Within a week of now. */
  asOf: isoDateTime.optional(),
});
export const smsRunView = z.object({
  asOf: isoDateTime,
  queued: z.number().int(),
  skipped: z.number().int(),
  sent: z.number().int(),
  retrying: z.number().int(),
  failed: z.number().int(),
  toCheck: z.number().int(),
  cancelled: z.number().int(),
  waiting: z.number().int(),
  /** Skipped since written: the person asked for no SMS meanwhile. */
  skippedAtSend: z.number().int(),
});

export const smsQuery = z.strictObject({
  personId: z.uuid().optional(),
  appointmentId: z.uuid().optional(),
  status: z.enum(SMS_STATUSES).optional(),
  kind: z.enum(SMS_KINDS).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type SmsQuery = z.infer<typeof smsQuery>;

export const smsView = z.object({
  id: z.uuid(),
  kind: z.enum(SMS_KINDS),
  status: z.enum(SMS_STATUSES),
  to: z.string().nullable(),
  text: z.string(),
  encoding: z.enum(["GSM-7", "UCS-2"]),
  segments: z.number().int(),
  vital: z.boolean(),
  reason: z.string().nullable(),
  attempts: z.number().int(),
  /** When it goes (a waiting SMS only). */
  nextAttemptAt: isoDateTime.nullable(),
  provider: z.string().nullable(),
  providerId: z.string().nullable(),
  /** Sent by the log provider: nothing left the machine. */
  simulated: z.boolean(),
  createdAt: isoDateTime,
  sentAt: isoDateTime.nullable(),
  deliveredAt: isoDateTime.nullable(),
  failedAt: isoDateTime.nullable(),
  cancelledAt: isoDateTime.nullable(),
  checkedAt: isoDateTime.nullable(),
  appointment: z.object({ id: z.uuid(), startsAt: isoDateTime }).nullable(),
  reminderOffset: z.string().nullable(),
  person: z
    .object({ id: z.uuid(), kind: z.enum(["prospect", "patient"]), firstName: z.string(), lastName: z.string() })
    .nullable(),
});
export type SmsView = z.infer<typeof smsView>;

export const smsPage = z.object({
  items: z.array(smsView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Whole outbox by status, whatever the filter (the tab's badge: to check, failed). */
  counts: z.record(z.string(), z.number().int()),
  /** The provider in use; `log`: messages are simulated. */
  provider: z.enum(["orange", "http", "log"]),
});

export const smsIdParams = z.strictObject({ id: z.uuid() });

export const smsRepliesQuery = z.strictObject({
  personId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type SmsRepliesQuery = z.infer<typeof smsRepliesQuery>;

/** An SMS received, as Relais read it. */
export const smsReplyView = z.object({
  id: z.uuid(),
  receivedAt: isoDateTime,
  from: z.string(),
  text: z.string(),
  meaning: z.enum(SMS_REPLY_MEANINGS),
  personId: z.uuid().nullable(),
  appointmentId: z.uuid().nullable(),
  appointmentStartsAt: isoDateTime.nullable(),
  needsCallback: z.boolean(),
});
export type SmsReplyView = z.infer<typeof smsReplyView>;
export const smsRepliesPage = z.object({
  items: z.array(smsReplyView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

/** An admin's decision on an SMS « à vérifier »: it did leave, or send it again. A failed one may be sent again. */
export const smsDecisionInput = z.strictObject({ decision: z.enum(["sent", "resend"]) });

export const smsCallbackParams = z.strictObject({ secret: z.string().min(1).max(200) });
export const smsCallbackView = z.object({ ok: z.boolean() });
