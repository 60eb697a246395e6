import { z } from "zod";
import { LIMITS } from "../../../shared/limits.ts";
import { isoDate } from "../../../shared/schemas.ts";

export const personParams = z.strictObject({ id: z.uuid() });

export const ANONYMIZE_REASONS = ["request", "retention"] as const;

/** Anonymise a prospect: why, an optional note, and the record's « Prénom Nom » typed again as a guard. */
export const anonymizeInput = z.strictObject({
  reason: z.enum(ANONYMIZE_REASONS),
  note: z.string().trim().max(LIMITS.commentMax).nullable().optional(),
  confirmName: z.string().trim().min(1).max(300),
});
export type AnonymizeInput = z.infer<typeof anonymizeInput>;

export const anonymizeResult = z.object({
  id: z.uuid(),
  anonymizedAt: z.string(),
  /** Records anonymised: this one and those merged into it. */
  records: z.number().int(),
});
export type AnonymizeResult = z.infer<typeof anonymizeResult>;

/** Whether the person page may offer « Anonymiser… », or why not (a code of the refusal). */
export const eligibilitySchema = z.object({
  eligible: z.boolean(),
  refusal: z.enum(["already_anonymized", "merged", "patient", "converted"]).nullable(),
  message: z.string().nullable(),
  anonymizedAt: z.string().nullable(),
});
export type Eligibility = z.infer<typeof eligibilitySchema>;

/** The retention's day of reference (default: the clinic's today). */
export const retentionQuery = z.strictObject({ asOf: isoDate.optional() });
export const retentionRunInput = z.strictObject({ asOf: isoDate.optional() });

export const retentionPreviewSchema = z.object({
  asOf: z.string(),
  years: z.number().int(),
  /** Last contact before this day: anonymised. */
  cutoff: z.string(),
  count: z.number().int(),
  /** The first 50, oldest contact first. */
  sample: z.array(z.object({ id: z.uuid(), firstName: z.string(), lastName: z.string(), lastContactOn: z.string() })),
});
export type RetentionPreview = z.infer<typeof retentionPreviewSchema>;

export const retentionRunSchema = z.object({ asOf: z.string(), cutoff: z.string(), anonymized: z.number().int() });
export type RetentionRun = z.infer<typeof retentionRunSchema>;

const processing = z.object({
  code: z.string(),
  name: z.string(),
  purpose: z.string(),
  legalBasis: z.string(),
  dataCategories: z.array(z.string()),
  dataSubjects: z.array(z.string()),
  recipients: z.array(z.string()),
  retention: z.string(),
  security: z.array(z.string()),
});

/** The « Registre des traitements » (loi 2008-12), generated from the settings. */
export const processingRegisterSchema = z.object({
  generatedAt: z.string(),
  clinicName: z.string(),
  clinicAddress: z.string(),
  controllerName: z.string(),
  privacyContact: z.string(),
  cdpReference: z.string(),
  prospectRetentionYears: z.number().int(),
  sites: z.array(z.object({ code: z.string(), name: z.string() })),
  smsProvider: z.string(),
  mailServerConfigured: z.boolean(),
  processings: z.array(processing),
});
export type ProcessingRegister = z.infer<typeof processingRegisterSchema>;
