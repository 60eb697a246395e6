import { DEFAULT_LATE_AFTER_DAYS, type ScheduleErrorCode, type ScheduleField, SENEGAL_EPI } from "./vaccination.ts";

/**
 * The vaccination calendar's settings (admin): the schedule (Senegal's EPI by default), when a due
 * dose is late, when and how the parents are reminded by SMS. Shared by the server (validation,
 * defaults) and the settings page (editor, messages).
 */

/** The variables of the vaccine reminder SMS. */
export const VACCINE_SMS_VARIABLES = ["prenom_enfant", "nom_enfant", "vaccin", "date", "telephone_clinique"] as const;
export type VaccineSmsVariable = (typeof VACCINE_SMS_VARIABLES)[number];

export const DEFAULT_VACCINE_SMS_TEMPLATE =
  "NEST : Bonjour, le vaccin {vaccin} de {prenom_enfant} est prévu le {date}. Pensez à apporter son carnet. Infos : {telephone_clinique}";

export const DEFAULT_VACCINATION_SETTINGS = {
  schedule: SENEGAL_EPI.map((d) => ({ ...d, age: { ...d.age }, sex: d.sex ?? null })),
  lateAfterDays: DEFAULT_LATE_AFTER_DAYS,
  reminder: { daysBefore: 2, at: "10:00" },
  smsTemplate: DEFAULT_VACCINE_SMS_TEMPLATE,
};

/** The `{names}` of a vaccine reminder template that are not its variables. */
export function unknownVaccineVariables(template: string): string[] {
  const known = new Set<string>(VACCINE_SMS_VARIABLES);
  return [...template.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1] as string).filter((name) => !known.has(name));
}

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
