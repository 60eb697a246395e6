import { DEFAULT_LATE_AFTER_DAYS, type ScheduleErrorCode, type ScheduleField, SENEGAL_EPI } from "./vaccination.ts";
import { DEFAULT_VACCINE_SMS_TEMPLATE } from "./vaccine-sms.ts";

export {
  DEFAULT_VACCINE_SMS_TEMPLATE,
  unknownVaccineVariables,
  VACCINE_SMS_VARIABLES,
  type VaccineSmsVariable,
} from "./vaccine-sms.ts";

/**
 * The vaccination calendar's settings (admin): the schedule (Senegal's EPI by default), when a due
 * dose is late, when and how the parents are reminded by SMS. Shared by the server (validation,
 * defaults) and the settings page (editor, messages).
 */

export const DEFAULT_VACCINATION_SETTINGS = {
  schedule: SENEGAL_EPI.map((d) => ({ ...d, age: { ...d.age }, sex: d.sex ?? null })),
  lateAfterDays: DEFAULT_LATE_AFTER_DAYS,
  reminder: { daysBefore: 2, at: "10:00" },
  smsTemplate: DEFAULT_VACCINE_SMS_TEMPLATE,
};

const FIELD_NAMES: Record<ScheduleField, string> = {
  schedule: "le calendrier",
  vaccine: "le code du vaccin",
  dose: "le numéro de dose",
  label: "le libellé",
  age: "l'âge",
  minGapAfterPrevious: "l'écart minimal",
  sex: "le sexe",
};

/** A schedule error in French, for the admin (« Ligne 3 : le code du vaccin est requis »). */
export function scheduleErrorMessage(index: number, field: ScheduleField, code: ScheduleErrorCode): string {
  const what = FIELD_NAMES[field];
  const text =
    code === "required"
      ? `${what} est requis`
      : code === "too_long"
        ? field === "schedule"
          ? "trop de doses"
          : `${what} est trop long`
        : code === "negative"
          ? `${what} ne peut pas être négatif`
          : code === "duplicate"
            ? "cette dose (vaccin et numéro) figure déjà plus haut"
            : field === "vaccine"
              ? `${what} n'est fait que de majuscules, chiffres, « - » ou « _ »`
              : `${what} n'est pas valide`;
  return index < 0 ? text.charAt(0).toUpperCase() + text.slice(1) : `Ligne ${index + 1} : ${text}`;
}
