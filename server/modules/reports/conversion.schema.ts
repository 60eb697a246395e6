import { z } from "zod";
import { CONVERSION_COMMENTS, CONVERSION_MAX_DAYS, MATCHED_ON } from "../../../shared/reports.ts";
import { isoDate, isoDateTime, periodDay } from "../../../shared/schemas.ts";
import { CHANNELS } from "../interactions/interaction.schema.ts";

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** The cohort: prospects created from `from` to `to` (days of the clinic's calendar, both included). */
const cohortFields = {
  /** First day; `to` when absent; today − 28 days when both are. */
  from: periodDay.optional(),
  /** Last day; `from` when absent. */
  to: periodDay.optional(),
  /** The instant the table is drawn up as of (now when absent): what was recorded by then. */
  asOf: isoDateTime.optional(),
};

const cohortChecks = <T extends { from?: string | undefined; to?: string | undefined }>(q: T, ctx: z.RefinementCtx) => {
  if (!q.from || !q.to) return;
  if (q.to < q.from) ctx.addIssue({ code: "custom", path: ["to"], message: "la date de fin précède la date de début" });
  else if (dayNumber(q.to) - dayNumber(q.from) + 1 > CONVERSION_MAX_DAYS)
    ctx.addIssue({ code: "custom", path: ["to"], message: `une période de ${CONVERSION_MAX_DAYS} jours au plus` });
};

export const conversionCohortQuery = z.strictObject(cohortFields).superRefine(cohortChecks);
export type ConversionCohortQuery = z.input<typeof conversionCohortQuery>;

/** A group of the rates, to narrow the cohort to (a figure's drill-down); « none »: no origin recorded. */
const groupFields = {
  origin: z.string().min(1).max(40).optional(),
  temperature: z.enum(["hot", "warm", "cold"]).optional(),
  firstContactMonth: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "un mois AAAA-MM")
    .optional(),
};

/** The table's lines as a file: the cohort, narrowed as on screen. */
export const conversionExportQuery = z
  .strictObject({ ...cohortFields, ...groupFields, comment: z.enum(CONVERSION_COMMENTS).optional() })
  .superRefine(cohortChecks);
export type ConversionExportQuery = z.infer<typeof conversionExportQuery>;

export const conversionQuery = z
  .strictObject({
    ...cohortFields,
    ...groupFields,
    /** Only the lines with this comment (a figure's drill-down); the counts stay those of the whole cohort. */
    comment: z.enum(CONVERSION_COMMENTS).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(100),
  })
  .superRefine(cohortChecks);
export type ConversionQuery = z.infer<typeof conversionQuery>;

const codeLabel = z.object({ code: z.string(), label: z.string() });

/** What decided a line's comment: the record, appointment or interaction a secretary would have looked at. */
export const conversionEvidenceSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("patient"),
    id: z.uuid(),
    lastName: z.string(),
    firstName: z.string(),
    ehrNumber: z.string().nullable(),
    /** The patient's creation day in the EHR (or in Relais, when the EHR's is unknown). */
    createdOn: isoDate,
    matchedOn: z.enum(MATCHED_ON),
  }),
  z.object({
    kind: z.literal("prospect"),
    id: z.uuid(),
    lastName: z.string(),
    firstName: z.string(),
    createdAt: isoDateTime,
    matchedOn: z.enum(MATCHED_ON),
  }),
  z.object({
    kind: z.literal("appointment"),
    id: z.uuid(),
    startsAt: isoDateTime,
    status: z.enum(["scheduled", "attended", "no_show", "cancelled"]),
  }),
  z.object({
    kind: z.literal("interaction"),
    id: z.uuid(),
    occurredAt: isoDateTime,
    channel: z.enum(CHANNELS),
    requestTypes: z.array(codeLabel),
  }),
]);
export type ConversionEvidence = z.infer<typeof conversionEvidenceSchema>;

/** One line of the table: the prospect list's columns without the two classifications, and the comment. */
export const conversionLineSchema = z.object({
  id: z.uuid(),
  lastName: z.string(),
  firstName: z.string(),
  /** E.164, first one first. */
  phones: z.array(z.string()),
  birthDate: isoDate.nullable(),
  email: z.string().nullable(),
  firstContactDate: isoDate.nullable(),
  origin: codeLabel.nullable(),
  createdAt: isoDateTime,
  comment: z.enum(CONVERSION_COMMENTS),
  /** « Converti », « Renseignements / Devis »… as procedure 2 writes it. */
  commentLabel: z.string(),
  evidence: conversionEvidenceSchema.nullable(),
  /** The evidence in one French sentence (the export's « Justification » column). */
  explanation: z.string(),
});
export type ConversionLine = z.infer<typeof conversionLineSchema>;

export const conversionTableSchema = z.object({
  from: isoDate,
  to: isoDate,
  asOf: isoDateTime,
  /** Prospects of the cohort. */
  total: z.int(),
  /** Lines per comment, over the whole cohort (every comment present, 0 when none). */
  counts: z.record(z.enum(CONVERSION_COMMENTS), z.int()),
  comment: z.enum(CONVERSION_COMMENTS).nullable(),
  page: z.int(),
  pageSize: z.int(),
  /** Lines of the page (filtered by comment when asked), by creation instant then name. */
  lines: z.array(conversionLineSchema),
});
export type ConversionTable = z.infer<typeof conversionTableSchema>;

/** One group's funnel: prospects → with an appointment → patients. */
export const conversionRateSchema = z.object({
  /** The group: an origin code, a month (2026-06), a temperature; "all" for the whole period. */
  key: z.string(),
  label: z.string(),
  prospects: z.int(),
  /** Records that should not have been created (procedure 2): already patients, duplicate prospects. */
  alreadyPatients: z.int(),
  duplicates: z.int(),
  /** The prospects that count: the others. */
  counted: z.int(),
  /** Of those, the ones that had an appointment booked (whatever became of it). */
  withAppointment: z.int(),
  converted: z.int(),
  /** converted / counted, null when none counts. */
  rate: z.number().nullable(),
  /** withAppointment / counted. */
  appointmentRate: z.number().nullable(),
});
export type ConversionRate = z.infer<typeof conversionRateSchema>;

export const conversionRatesSchema = z.object({
  from: isoDate,
  to: isoDate,
  asOf: isoDateTime,
  funnel: conversionRateSchema,
  byOrigin: z.array(conversionRateSchema),
  /** By month of first contact, oldest first. */
  byMonth: z.array(conversionRateSchema),
  /** By the prospects' temperature now. */
  byTemperature: z.array(conversionRateSchema),
});
export type ConversionRates = z.infer<typeof conversionRatesSchema>;
