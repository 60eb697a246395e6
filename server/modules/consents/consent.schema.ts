import { z } from "zod";
import {
  CONSENT_CHANNELS,
  CONSENT_NOTE_MAX,
  CONSENT_PURPOSES,
  CONSENT_SOURCES,
  STAFF_CONSENT_SOURCES,
} from "../../../shared/consents.ts";
import { isoDateTime } from "../../../shared/schemas.ts";

export const consentParams = z.strictObject({ id: z.uuid() });

/**
 * A consent granted or withdrawn, as a staff member records what the person said. Every source is accepted
 * here (an unknown one is a 400); the use case refuses those only Relais records (unsubscribe link, STOP reply)
 * with a 422 naming `source`.
 */
export const recordConsentInput = z.strictObject({
  purpose: z.enum(CONSENT_PURPOSES),
  channel: z.enum(CONSENT_CHANNELS),
  granted: z.boolean(),
  source: z.enum(CONSENT_SOURCES),
  note: z.string().trim().max(CONSENT_NOTE_MAX).optional(),
});
export type RecordConsentInput = z.infer<typeof recordConsentInput>;

export { STAFF_CONSENT_SOURCES };

export const consentEntrySchema = z.object({
  id: z.uuid(),
  purpose: z.enum(CONSENT_PURPOSES),
  channel: z.enum(CONSENT_CHANNELS),
  granted: z.boolean(),
  source: z.enum(CONSENT_SOURCES),
  /** What she was shown or read when she answered. */
  wording: z.string(),
  note: z.string().nullable(),
  recordedAt: isoDateTime,
  /** Null when Relais recorded it (an unsubscribe link, a STOP reply) or the account is gone. */
  recordedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});
export type ConsentEntryView = z.infer<typeof consentEntrySchema>;

export const consentStateSchema = z.object({
  purpose: z.enum(CONSENT_PURPOSES),
  channel: z.enum(CONSENT_CHANNELS),
  granted: z.boolean(),
  since: isoDateTime,
  source: z.enum(CONSENT_SOURCES),
});
export type ConsentStateView = z.infer<typeof consentStateSchema>;

export const consentRegisterSchema = z.object({
  /** Where she stands, for every purpose × channel that has an entry (none: never asked). */
  current: z.array(consentStateSchema),
  /** Every entry, newest first. */
  history: z.array(consentEntrySchema),
});
export type ConsentRegisterView = z.infer<typeof consentRegisterSchema>;

export const consentWordingsSchema = z.object({
  wordings: z.object(
    Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, z.string()])) as Record<
      (typeof CONSENT_PURPOSES)[number],
      z.ZodString
    >,
  ),
});
export type ConsentWordingsView = z.infer<typeof consentWordingsSchema>;
