import { z } from "zod";
import { PATHWAY_EXIT_REASONS, PATHWAY_NOTE_MAX, PATHWAY_TYPES } from "../../../shared/pathways.ts";
import { DUE_DATE_CONVENTIONS } from "../../../shared/pregnancy.ts";
import { contactDay, isoDate, isoDateTime } from "../../../shared/schemas.ts";

export const patientPathwaysParams = z.strictObject({ id: z.uuid() });
export const pathwayParams = z.strictObject({ id: z.uuid(), pathwayId: z.uuid() });

/** A pregnancy date as typed: a day that exists (its bounds against today are validatePregnancyDates'). */
const pregnancyDay = contactDay;

export const pathwayMilestoneSchema = z.object({
  id: z.string(),
  label: z.string(),
  on: isoDate,
  until: isoDate.nullable(),
  /** Its last day is before the clinic's today. */
  past: z.boolean(),
});

export const pathwaySchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  type: z.enum(PATHWAY_TYPES),
  startedOn: isoDate,
  endedOn: isoDate.nullable(),
  exitReason: z.enum(PATHWAY_EXIT_REASONS).nullable(),
  exitNote: z.string().nullable(),
  /** Pregnancy only (null otherwise). */
  pregnancy: z
    .object({
      ddr: isoDate,
      dpa: isoDate,
      /** The convention the dates were entered with. */
      convention: z.enum(DUE_DATE_CONVENTIONS),
      /** As of the clinic's today; null before the DDR or past 44 SA. */
      gestationalAge: z.object({ weeks: z.number().int(), days: z.number().int(), label: z.string() }).nullable(),
      milestones: z.array(pathwayMilestoneSchema),
    })
    .nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type PathwayView = z.infer<typeof pathwaySchema>;

export const pathwayListSchema = z.object({
  /** The clinic's today, the day gestational ages and past milestones are reckoned on. */
  asOf: isoDate,
  /** Open ones first (newest start first), then the ended ones (newest end first). */
  items: z.array(pathwaySchema),
});
export type PathwayList = z.infer<typeof pathwayListSchema>;

export const startPathwayInput = z.strictObject({
  type: z.enum(PATHWAY_TYPES),
  /** Defaults to the clinic's today; not after it. */
  startedOn: contactDay.optional(),
  /** Pregnancy: one of them at least, the other derived by the settings' convention. */
  ddr: pregnancyDay.optional(),
  dpa: pregnancyDay.optional(),
});
export type StartPathwayInput = z.infer<typeof startPathwayInput>;

export const endPathwayInput = z.strictObject({
  version: z.number().int().positive(),
  /** Defaults to the clinic's today; from the start to today. */
  endedOn: contactDay.optional(),
  exitReason: z.enum(PATHWAY_EXIT_REASONS),
  note: z.string().trim().max(PATHWAY_NOTE_MAX).optional(),
});
export type EndPathwayInput = z.infer<typeof endPathwayInput>;

export const correctPregnancyInput = z.strictObject({
  version: z.number().int().positive(),
  ddr: pregnancyDay.optional(),
  dpa: pregnancyDay.optional(),
});
export type CorrectPregnancyInput = z.infer<typeof correctPregnancyInput>;
