import { z } from "zod";
import { LIMITS } from "../../../shared/limits.ts";
import { isoDateTime } from "../../../shared/schemas.ts";
import { interactionSchema } from "../interactions/interaction.schema.ts";

export const EMAIL_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export const EMAIL_PURPOSES = ["documentation", "quote", "other", "campaign"] as const;

export const outboxQuery = z.strictObject({
  status: z.enum(EMAIL_STATUSES).optional(),
  personId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type OutboxQuery = z.infer<typeof outboxQuery>;

export const outboxEmailView = z.object({
  id: z.uuid(),
  purpose: z.enum(EMAIL_PURPOSES),
  from: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string(),
  /** How many files go with it (documents, quote PDF). */
  attachmentCount: z.number().int(),
  status: z.enum(EMAIL_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: isoDateTime.nullable(),
  sentAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  createdBy: z.string().nullable(),
  person: z
    .object({
      id: z.uuid(),
      kind: z.enum(["prospect", "patient"]),
      firstName: z.string(),
      lastName: z.string(),
    })
    .nullable(),
});
export type OutboxEmailView = z.infer<typeof outboxEmailView>;

export const outboxPage = z.object({
  items: z.array(outboxEmailView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Emails not sent yet (waiting, being sent or failed), whatever the filter: the navigation badge. */
  unsent: z.number().int(),
  /** False when SMTP_URL is not set: emails wait until a server is configured. */
  smtpConfigured: z.boolean(),
});

export const emailIdParams = z.strictObject({ id: z.uuid() });

export const outboxRunView = z.object({
  sent: z.number().int(),
  retrying: z.number().int(),
  failed: z.number().int(),
  waiting: z.number().int(),
});

export const sendDocumentationInput = z.strictObject({
  personId: z.uuid(),
  documentIds: z.array(z.uuid()).min(1).max(20),
  /** From the signed-in user's address, or the clinic's. The clinic is in copy either way. */
  from: z.enum(["user", "clinic"]).default("user"),
  /** Defaults to the person's email. */
  to: z.email().max(LIMITS.emailMax).optional(),
  message: z.string().trim().max(LIMITS.commentMax).optional(),
  /** The register line of the call during which it was asked. */
  callId: z.uuid().optional(),
});
export type SendDocumentationInput = z.infer<typeof sendDocumentationInput>;

export const sendDocumentationResult = z.object({
  interaction: interactionSchema,
  email: z.object({ id: z.uuid(), status: z.enum(EMAIL_STATUSES) }),
});
