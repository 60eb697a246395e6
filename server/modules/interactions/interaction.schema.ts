import { z } from "zod";
import { LIMITS } from "../../../shared/limits.ts";
import { contactDateTime, isoDateTime } from "../../../shared/schemas.ts";

export const CHANNELS = ["phone_in", "phone_out", "visit", "email", "sms", "whatsapp", "facebook", "web_form"] as const;

export const createInteractionInput = z.strictObject({
  channel: z.enum(CHANNELS),
  /** When it happened; defaults to now. May be in the past (noted on paper, entered later). */
  occurredAt: contactDateTime.optional(),
  motive: z.string().max(40).nullable().optional(),
  requestTypes: z.array(z.string().max(40)).max(20).default([]),
  comment: z.string().trim().max(LIMITS.commentMax).nullable().optional(),
  documentsSent: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  /**
   * The person asked for the documentation and it was not sent then (« à envoyer »): rule docs-pending
   * asks to send it the same day. Absent means false.
   */
  documentsRequested: z.boolean().optional(),
  outcome: z.string().trim().max(200).nullable().optional(),
  /**
   * A call only: whether the person was reached (false: no answer, wrong number — an attempt, which answers
   * no request and closes no task). Absent: reached.
   */
  reached: z.boolean().optional(),
});
export type CreateInteractionInput = z.infer<typeof createInteractionInput>;

/** Where an interaction's email stands (the outbox line's status; "to_check": a send cut off, maybe gone). */
export const INTERACTION_EMAIL_STATES = ["pending", "sending", "sent", "failed", "to_check"] as const;

export const interactionEmailSchema = z.object({
  /** The outbox line, when the reader may open it (the outbox's rule); null otherwise. */
  id: z.uuid().nullable(),
  purpose: z.enum(["documentation", "quote", "other"]),
  state: z.enum(INTERACTION_EMAIL_STATES),
  to: z.array(z.string()),
  sentAt: isoDateTime.nullable(),
});
export type InteractionEmail = z.infer<typeof interactionEmailSchema>;

export const interactionSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  occurredAt: isoDateTime,
  recordedAt: isoDateTime,
  author: z.string().nullable(),
  channel: z.enum(CHANNELS),
  motive: z.string().nullable(),
  requestTypes: z.array(z.string()),
  comment: z.string().nullable(),
  documentsSent: z.array(z.string()),
  /** Documentation asked for and not sent during this contact (rule docs-pending). */
  documentsRequested: z.boolean(),
  outcome: z.string().nullable(),
  /** A conversation's result: true reached, false not reached; null for what is not an attempt (a message). */
  reached: z.boolean().nullable(),
  /** The email this interaction sent (documentation, quote), on the timeline; absent elsewhere. */
  email: interactionEmailSchema.nullable().optional(),
});
export type InteractionView = z.infer<typeof interactionSchema>;
