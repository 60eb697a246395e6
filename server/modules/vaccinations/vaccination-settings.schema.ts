import { z } from "zod";
import { SMS_LIMITS } from "../../../shared/limits.ts";
import { CHILD_SEXES, SCHEDULE_LIMITS, validateSchedule } from "../../../shared/vaccination.ts";
import {
  DEFAULT_VACCINATION_SETTINGS,
  scheduleErrorMessage,
  unknownVaccineVariables,
  VACCINE_SMS_VARIABLES,
} from "../../../shared/vaccination-settings.ts";

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "heure attendue au format HH:MM");
const offsetPart = z.number().optional();
const offset = z.strictObject({ years: offsetPart, months: offsetPart, weeks: offsetPart, days: offsetPart });

/** One dose of the schedule as the admin edits it; its bounds are validateSchedule's (messages naming the line). */
const scheduledDose = z.strictObject({
  vaccine: z.string().max(SCHEDULE_LIMITS.vaccineCodeMax * 2),
  dose: z.number(),
  label: z.string().max(SCHEDULE_LIMITS.labelMax * 2),
  age: offset,
  minGapAfterPrevious: offset.optional(),
  sex: z.enum(CHILD_SEXES).nullable().optional(),
});

/**
 * The vaccination calendar's settings (DESIGN §2): the schedule, the days after which a due dose is
 * late (a call task), the parents' SMS reminder (so many days before the due day, at that time) and its text.
 */
export const vaccinationSettingsSchema = z
  .strictObject({
    schedule: z
      .array(scheduledDose)
      .max(SCHEDULE_LIMITS.dosesMax)
      .superRefine((schedule, ctx) => {
        for (const error of validateSchedule(schedule)) {
          ctx.addIssue({
            code: "custom",
            message: scheduleErrorMessage(error.index, error.field, error.code),
            path: error.index < 0 ? [] : [error.index, error.field],
          });
        }
      }),
    lateAfterDays: z.number().int().min(1).max(365),
    reminder: z.strictObject({ daysBefore: z.number().int().min(0).max(SMS_LIMITS.reminderDaysMax), at: timeOfDay }),
    smsTemplate: z
      .string()
      .trim()
      .min(1)
      .max(SMS_LIMITS.templateMax)
      .refine((text) => unknownVaccineVariables(text).length === 0, {
        error: (issue) =>
          `variable inconnue : {${unknownVaccineVariables(String(issue.input)).join("}, {")}} (connues : {${VACCINE_SMS_VARIABLES.join("}, {")}})`,
      }),
  })
  .default(DEFAULT_VACCINATION_SETTINGS);
export type VaccinationSettings = z.infer<typeof vaccinationSettingsSchema>;
