import { z } from "zod";
import { RULE_IDS } from "../../../shared/followup.ts";
import { COMPLIANCE_SHARES } from "../../../shared/reports.ts";
import { isoDate, isoDateTime, periodDay } from "../../../shared/schemas.ts";

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** The period of the dashboard: days of the clinic's calendar, both included; the current month so far by default. */
const periodFields = {
  from: periodDay.optional(),
  to: periodDay.optional(),
  /** The instant the figures are read as of (now when absent). */
  asOf: isoDateTime.optional(),
};

const periodChecks = <T extends { from?: string | undefined; to?: string | undefined }>(q: T, ctx: z.RefinementCtx) => {
  if (!q.from || !q.to) return;
  if (q.to < q.from) ctx.addIssue({ code: "custom", path: ["to"], message: "la date de fin précède la date de début" });
  else if (dayNumber(q.to) - dayNumber(q.from) + 1 > 366)
    ctx.addIssue({ code: "custom", path: ["to"], message: "une période de 366 jours au plus" });
};

export const complianceQuery = z.strictObject(periodFields).superRefine(periodChecks);
export type ComplianceQuery = z.infer<typeof complianceQuery>;

export const complianceRecordsQuery = z
  .strictObject({
    ...periodFields,
    indicator: z.enum(COMPLIANCE_SHARES),
    /** met: the records the numerator counts; missed: the others of the denominator; all: both. */
    part: z.enum(["met", "missed", "all"]).default("missed"),
  })
  .superRefine(periodChecks);
export type ComplianceRecordsQuery = z.infer<typeof complianceRecordsQuery>;

const ratio = { numerator: z.int(), denominator: z.int(), value: z.number().nullable() };

export const complianceShareSchema = z.object({
  id: z.enum(COMPLIANCE_SHARES),
  /** The procedure it comes from, as the clinic names it. */
  procedure: z.string(),
  label: z.string(),
  /** true for a rate to keep low (no-shows). */
  lowerIsBetter: z.boolean(),
  ...ratio,
  /** The same figure over the period of the same length just before. */
  previous: z.object(ratio),
  /** Per week (periods up to 62 days) or per month: its first day. */
  trend: z.array(z.object({ start: isoDate, ...ratio })),
});
export type ComplianceShare = z.infer<typeof complianceShareSchema>;

export const complianceSchema = z.object({
  from: isoDate,
  to: isoDate,
  /** The last day counted: `to`, or the as-of day when the period runs past it (nothing to come is counted). */
  through: isoDate,
  /** The period includes the as-of day: its figures are « en cours ». */
  running: z.boolean(),
  asOf: isoDateTime,
  bucket: z.enum(["week", "month"]),
  /** settings.complianceTargetPercent: the colour bands of the screen and the PDF (shared/compliance-band.ts). */
  targetPercent: z.int(),
  shares: z.array(complianceShareSchema),
  /** Open tasks past their due time at the end of the period (or asOf, if sooner). */
  overdue: z.object({
    at: isoDateTime,
    total: z.int(),
    byRule: z.array(z.object({ rule: z.enum(RULE_IDS), label: z.string(), count: z.int() })),
    byAssignee: z.array(
      z.object({ userId: z.uuid().nullable(), role: z.string().nullable(), name: z.string(), count: z.int() }),
    ),
    /** Overdue at the end of each bucket of the trend. */
    trend: z.array(z.object({ start: isoDate, count: z.int() })),
  }),
  /** Entry interviews held in the period (up to asOf), and in the period of the same length before it. */
  entryInterviews: z.object({ held: z.int(), previous: z.int() }),
  /** Prospects in the procedure (not merged, not converted) by temperature and status, at the same instant. */
  prospects: z.object({
    at: isoDateTime,
    total: z.int(),
    byTemperature: z.array(
      z.object({ temperature: z.enum(["hot", "warm", "cold"]), normal: z.int(), dormant: z.int(), lost: z.int() }),
    ),
  }),
});
export type Compliance = z.infer<typeof complianceSchema>;

export const complianceRecordSchema = z.object({
  kind: z.enum(["call", "prospect", "task", "appointment", "pregnancy", "survey", "vaccine"]),
  id: z.string(),
  /** The instant the record is counted at (received, first contact, due, start). */
  at: isoDateTime,
  met: z.boolean(),
  person: z
    .object({ id: z.uuid(), kind: z.enum(["prospect", "patient"]), lastName: z.string(), firstName: z.string() })
    .nullable(),
  /** What the record is, in a few French words (the caller, the task's state…). */
  detail: z.string().nullable(),
});
export type ComplianceRecord = z.infer<typeof complianceRecordSchema>;

export const complianceRecordsSchema = z.object({
  indicator: z.enum(COMPLIANCE_SHARES),
  part: z.enum(["met", "missed", "all"]),
  from: isoDate,
  to: isoDate,
  /** Records of that part in the period (all of them, whatever the page holds). */
  total: z.int(),
  /** The first 500, oldest first. */
  records: z.array(complianceRecordSchema),
});
export type ComplianceRecords = z.infer<typeof complianceRecordsSchema>;
