/**
 * The vaccine reminder SMS's variables and default text (settings `vaccination.smsTemplate`). A leaf
 * module, with no imports: the settings page uses it without the schedule's date arithmetic.
 */

/** The variables of the vaccine reminder SMS. */
export const VACCINE_SMS_VARIABLES = ["prenom_enfant", "nom_enfant", "vaccin", "date", "telephone_clinique"] as const;
export type VaccineSmsVariable = (typeof VACCINE_SMS_VARIABLES)[number];

export const DEFAULT_VACCINE_SMS_TEMPLATE =
  "NEST : Bonjour, le vaccin {vaccin} de {prenom_enfant} est prévu le {date}. Pensez à apporter son carnet. Infos : {telephone_clinique}";

/** The `{names}` of a vaccine reminder template that are not its variables. */
export function unknownVaccineVariables(template: string): string[] {
  const known = new Set<string>(VACCINE_SMS_VARIABLES);
  return [...template.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1] as string).filter((name) => !known.has(name));
}
