import { z } from "zod";
import { LIMITS } from "../../../shared/limits.ts";
import { isoDate, isoDateTime } from "../../../shared/schemas.ts";
import { callPersonSchema } from "../calls/call.schema.ts";

/** A phone message is a few sentences, not a letter. */
export const MESSAGE_BODY_MAX = 2000;

export const createMessageInput = z.strictObject({
  /** The person the message is for; or a service (one of the two is required). */
  forUserId: z.uuid().nullable().optional(),
  forServiceId: z.uuid().nullable().optional(),
  /** The register line the message was taken on. */
  callId: z.uuid().nullable().optional(),
  callerName: z
    .string()
    .trim()
    .max(LIMITS.nameMax * 2)
    .nullable()
    .optional(),
  /** Any way of writing a phone; stored as E.164. */
  callerPhone: z.string().max(40).nullable().optional(),
  personId: z.uuid().nullable().optional(),
  body: z.string().trim().min(1, "le message est vide").max(MESSAGE_BODY_MAX),
  /** A message typed offline and sent later: when it was taken, by the desk's clock (as a call's capturedAt). */
  capturedAt: isoDateTime.optional(),
});
export type CreateMessageInput = z.infer<typeof createMessageInput>;

export const messageIdParams = z.strictObject({ id: z.uuid() });

export const acknowledgeInput = z.strictObject({ version: z.int().min(1) });

export const inboxQuery = z.strictObject({ acknowledged: z.enum(["true", "false"]).default("false") });
export type InboxQuery = z.infer<typeof inboxQuery>;

export const messagesOfDayQuery = z.strictObject({ day: isoDate.optional() });

const ref = z.object({ id: z.uuid(), name: z.string() });

export const messageSchema = z.object({
  id: z.uuid(),
  callId: z.uuid().nullable(),
  forUserId: z.uuid().nullable(),
  forUser: ref.nullable(),
  forServiceId: z.uuid().nullable(),
  forService: ref.nullable(),
  callerName: z.string().nullable(),
  callerPhone: z.string().nullable(),
  personId: z.uuid().nullable(),
  person: callPersonSchema.nullable(),
  body: z.string(),
  /** When it was taken offline (null when saved online); createdAt is when the server got it. */
  capturedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  createdBy: ref.nullable(),
  acknowledgedAt: isoDateTime.nullable(),
  acknowledgedBy: ref.nullable(),
  version: z.int(),
});
export type MessageView = z.infer<typeof messageSchema>;

export const messageListSchema = z.object({ items: z.array(messageSchema) });
export type MessageList = z.infer<typeof messageListSchema>;

export const inboxCountSchema = z.object({ unacknowledged: z.int() });
