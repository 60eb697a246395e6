import { z } from "zod";
import { LIMITS } from "../../../shared/limits.ts";
import { isoDate, isoDateTime } from "../../../shared/schemas.ts";
import { optionalText } from "../../../shared/text.ts";
import { CHILD_SEXES, DOSE_STATUSES } from "../../../shared/vaccination.ts";

export const VACCINATION_PLACES = ["nest", "elsewhere"] as const;
export type VaccinationPlace = (typeof VACCINATION_PLACES)[number];

export const childParams = z.strictObject({ id: z.uuid() });
export const doseParams = z.strictObject({ id: z.uuid(), doseId: z.uuid() });

/** A day as typed: its shape and bounds (a real day, not before birth, not after today) are the use case's, naming givenOn. */
const givenDay = z.string().max(10);

export const recordDoseInput = z.strictObject({
  vaccine: z.string().trim().min(1).max(40),
  dose: z.number().int().min(0).max(1000),
  givenOn: givenDay,
  place: z.enum(VACCINATION_PLACES),
  note: optionalText(LIMITS.commentMax),
});
export type RecordDoseInput = z.infer<typeof recordDoseInput>;

export const correctDoseInput = z.strictObject({
  version: z.number().int().positive(),
  givenOn: givenDay.optional(),
  place: z.enum(VACCINATION_PLACES).optional(),
  note: optionalText(LIMITS.commentMax),
});
export type CorrectDoseInput = z.infer<typeof correctDoseInput>;

export const removeDoseInput = z.strictObject({ version: z.number().int().positive() });

/** A dose recorded as given. */
export const givenDoseSchema = z.object({
  id: z.uuid(),
  vaccine: z.string(),
  dose: z.number().int(),
  givenOn: isoDate,
  place: z.enum(VACCINATION_PLACES),
  note: z.string().nullable(),
  recordedAt: isoDateTime,
  version: z.number().int(),
});
export type GivenDoseView = z.infer<typeof givenDoseSchema>;

/** One line of the child's calendar (shared/vaccination.ts dosesFor), with its record when given. */
export const doseLineSchema = z.object({
  vaccine: z.string(),
  dose: z.number().int(),
  label: z.string(),
  dueOn: isoDate,
  givenOn: isoDate.nullable(),
  status: z.enum(DOSE_STATUSES),
  dueSoon: z.boolean(),
  record: givenDoseSchema.nullable(),
});

export const vaccinationCalendarSchema = z.object({
  personId: z.uuid(),
  birthDate: isoDate,
  sex: z.enum(CHILD_SEXES).nullable(),
  /** The clinic's today the statuses are computed as of. */
  asOf: isoDate,
  lateAfterDays: z.number().int(),
  doses: z.array(doseLineSchema),
});
export type VaccinationCalendar = z.infer<typeof vaccinationCalendarSchema>;

export const sendCalendarResultSchema = z.object({ to: z.string(), emailId: z.uuid(), interactionId: z.uuid() });
