import { z } from "zod";
import { LIMITS } from "../../../shared/limits.ts";
import { birthDay, contactDay, isoDate, isoDateTime } from "../../../shared/schemas.ts";
import { optionalText, personName } from "../../../shared/text.ts";
import { CHILD_SEXES } from "../../../shared/vaccination.ts";

export const temperatureSchema = z.enum(["hot", "warm", "cold"]);

/** Procedure 2's minimum fields a record may lack (last and first names are always there). */
export const MINIMUM_FIELDS = ["phones", "birthDate"] as const;
export const statusSchema = z.enum(["normal", "dormant", "lost", "converted"]);

const name = personName(LIMITS.nameMax);
/** Phones as typed, in any format; parsed to E.164 by the use case (its message names the phone at fault). */
const phones = z.array(z.string().max(40)).min(1).max(LIMITS.phonesMax);

const commonFields = {
  lastName: name,
  firstName: name,
  email: z.email().max(LIMITS.emailMax).nullable().optional(),
  address: optionalText(LIMITS.addressMax),
  insured: z.boolean().nullable().optional(),
  insurer: optionalText(LIMITS.nameMax),
  member: z.boolean().nullable().optional(),
  notes: optionalText(LIMITS.notesMax),
  /**
   * « Ne souhaite pas recevoir de SMS »: true records it (from the record); false clears it, a STOP too
   * (the person told the staff she wants them again).
   */
  smsOptOut: z.boolean().optional(),
};

/**
 * Procedure 2: last name, first name, phone and birth date at least; first contact, origin, temperature.
 * A written request may come without a phone (« lui envoyer directement un mail »): a phone or an e-mail is
 * enough to record it, and the birth date may be missing — the record is then incomplete (missingFields) until
 * the next call completes it.
 */
export const createProspectInput = z.strictObject({
  ...commonFields,
  phones: z.array(z.string().max(40)).max(LIMITS.phonesMax).default([]),
  birthDate: birthDay.nullable().optional(),
  firstContactDate: contactDay.optional(),
  origin: z.string().min(1).max(40),
  temperature: temperatureSchema.default("hot"),
  /** Create even though it matches an existing record (the match was shown first). */
  confirmDuplicate: z.boolean().default(false),
});
export type CreateProspectInput = z.infer<typeof createProspectInput>;

/** A patient's sex (a child's: HPV is for girls only, DESIGN §2); unknown when null. */
export const sexSchema = z.enum(CHILD_SEXES);

/** How a patient came to NEST (procedures 4 and 5), asked at the entry interview. */
const provenanceFields = {
  /** An origin code of the settings (the same list as a prospect's origin). */
  provenanceOrigin: z.string().min(1).max(40).nullable().optional(),
  /** The prospect record she was, when known: the reconciliation proposes it first. */
  provenanceProspectId: z.uuid().nullable().optional(),
};

export const createPatientInput = z.strictObject({
  ...commonFields,
  ...provenanceFields,
  phones: phones.optional().default([]),
  birthDate: birthDay.nullable().optional(),
  ehrNumber: z.string().trim().min(1).max(40).nullable().optional(),
  ehrCreatedOn: contactDay.nullable().optional(),
  sex: sexSchema.nullable().optional(),
  confirmDuplicate: z.boolean().default(false),
});
export type CreatePatientInput = z.infer<typeof createPatientInput>;

export const updateProspectInput = z.strictObject({
  version: z.number().int().positive(),
  ...commonFields,
  lastName: name.optional(),
  firstName: name.optional(),
  /** May be emptied when the record has an e-mail (a phone or an e-mail stays). */
  phones: z.array(z.string().max(40)).max(LIMITS.phonesMax).optional(),
  birthDate: birthDay.nullable().optional(),
  firstContactDate: contactDay.optional(),
  origin: z.string().min(1).max(40).optional(),
});
export type UpdateProspectInput = z.infer<typeof updateProspectInput>;

export const updatePatientInput = z.strictObject({
  version: z.number().int().positive(),
  ...commonFields,
  ...provenanceFields,
  lastName: name.optional(),
  firstName: name.optional(),
  phones: phones.optional(),
  birthDate: birthDay.nullable().optional(),
  ehrNumber: z.string().trim().min(1).max(40).nullable().optional(),
  ehrCreatedOn: contactDay.nullable().optional(),
  sex: sexSchema.nullable().optional(),
});
export type UpdatePatientInput = z.infer<typeof updatePatientInput>;

export const changeTemperatureInput = z.strictObject({
  version: z.number().int().positive(),
  temperature: temperatureSchema,
  reason: z.string().trim().min(1).max(LIMITS.commentMax),
});

export const personIdParams = z.strictObject({ id: z.uuid() });

/** A short view of a person, for lookup results and duplicate warnings. */
export const personSummarySchema = z.object({
  id: z.uuid(),
  kind: z.enum(["prospect", "patient"]),
  lastName: z.string(),
  firstName: z.string(),
  birthDate: z.string().nullable(),
  phones: z.array(z.string()),
  ehrNumber: z.string().nullable(),
  temperature: temperatureSchema.nullable(),
  createdAt: isoDateTime,
});
export type PersonSummary = z.infer<typeof personSummarySchema>;

export const personSchema = personSummarySchema.extend({
  email: z.string().nullable(),
  address: z.string().nullable(),
  insured: z.boolean().nullable(),
  insurer: z.string().nullable(),
  member: z.boolean().nullable(),
  notes: z.string().nullable(),
  firstContactDate: z.string().nullable(),
  origin: z.string().nullable(),
  status: statusSchema.nullable(),
  possibleDuplicate: z.boolean(),
  convertedAt: isoDateTime.nullable(),
  convertedToId: z.string().nullable(),
  mergedIntoId: z.string().nullable(),
  ehrCreatedOn: z.string().nullable(),
  sourceProspectId: z.string().nullable(),
  provenanceOrigin: z.string().nullable(),
  provenanceProspectId: z.string().nullable(),
  sex: sexSchema.nullable(),
  /** A child's mother record (written at birth); read-only here. */
  motherId: z.string().nullable(),
  /** The person asked for no SMS: since when, ticked on the record or by answering STOP. */
  smsOptOut: z.object({ at: isoDateTime, source: z.enum(["record", "stop"]) }).nullable(),
  lastInteractionAt: isoDateTime.nullable(),
  /**
   * Minimum fields of procedure 2 the record lacks (a phone, a birth date): the record is incomplete, listed
   * as such, and the next call completes it.
   */
  missingFields: z.array(z.enum(MINIMUM_FIELDS)),
  version: z.number().int(),
  updatedAt: isoDateTime,
});
export type PersonView = z.infer<typeof personSchema>;

export const duplicateMatchSchema = personSummarySchema.extend({
  matchedOn: z.enum(["phone", "name_birth_date"]),
});
export type DuplicateMatch = z.infer<typeof duplicateMatchSchema>;

export const duplicatesQuery = z.strictObject({
  phone: z.union([z.string().max(40), z.array(z.string().max(40)).max(LIMITS.phonesMax)]).optional(),
  lastName: z.string().max(LIMITS.nameMax).optional(),
  firstName: z.string().max(LIMITS.nameMax).optional(),
  birthDate: isoDate.optional(),
});

export const lookupQuery = z.strictObject({
  q: z.string().trim().min(1).max(LIMITS.lookupQueryMax),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const lookupResultSchema = z.object({
  results: z.array(personSummarySchema.extend({ matchedOn: z.enum(["phone", "phone_partial", "name", "birth_date"]) })),
});

export const mergeInput = z.strictObject({
  /** Version of the record kept (the one in the address). */
  version: z.number().int().positive(),
  mergeId: z.uuid(),
  mergeVersion: z.number().int().positive(),
});

export const convertInput = z.strictObject({
  version: z.number().int().positive(),
  patientId: z.uuid(),
});

export const suggestionsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export const suggestionsSchema = z.object({
  suggestions: z.array(
    z.object({
      prospect: personSummarySchema,
      patient: personSummarySchema,
      matchedOn: z.enum(["provenance", "phone", "name_birth_date"]),
      patientCreatedAfter: z.boolean(),
    }),
  ),
});
