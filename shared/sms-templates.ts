/**
 * The variables of SMS templates and how they are filled: the server renders each message with
 * them, the settings page previews a template on a real record with the same code.
 */

export const SMS_VARIABLES = [
  "prenom",
  "nom",
  "date",
  "heure",
  "site",
  "adresse_site",
  "praticien",
  "service",
  "telephone_clinique",
] as const;
export type SmsVariable = (typeof SMS_VARIABLES)[number];
export type SmsValues = Record<SmsVariable, string>;

const VARIABLE = /\{([a-z_]+)\}/g;

/** The `{names}` of a template that are not variables (a typo the admin must see before saving). */
export function unknownVariables(template: string, variables: readonly string[] = SMS_VARIABLES): string[] {
  const known = new Set<string>(variables);
  return [...template.matchAll(VARIABLE)].map((m) => m[1] as string).filter((name) => !known.has(name));
}

/**
 * The text of one message: each `{variable}` replaced by its value; an empty value leaves no
 * double space nor a space before a comma or a full stop. The appointment templates' variables by
 * default; other messages name theirs (a survey link's `{lien}`, a group's `{reseau}`).
 */
export function renderSms<V extends string = SmsVariable>(
  template: string,
  values: Partial<Record<V, string>>,
): string {
  const given: Partial<Record<string, string>> = values;
  return template
    .replace(VARIABLE, (whole, name: string) => (name in given ? (given[name] ?? "") : whole))
    .replace(/[ \t]{2,}/g, " ")
    .replace(/ +([,.])/g, "$1")
    .replace(/,\s*,/g, ",")
    .trim();
}

/** Formatters by kind and time zone: building one costs a hundred times more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: "date" | "time", timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(
      "fr-FR",
      kind === "date"
        ? { weekday: "long", day: "numeric", month: "long", timeZone }
        : { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone },
    );
    formatters.set(key, found);
  }
  return found;
}

/** « mardi 8 décembre » in the clinic's time zone. */
export function smsDate(instant: Date, timeZone: string): string {
  return formatter("date", timeZone).format(instant);
}

/** « 09h30 » in the clinic's time zone. */
export function smsTime(instant: Date, timeZone: string): string {
  const parts = formatter("time", timeZone).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${part("hour")}h${part("minute")}`;
}

/** What an appointment's message says, from its facts. */
export function appointmentValues(facts: {
  firstName: string;
  lastName: string;
  startsAt: Date;
  timeZone: string;
  siteName: string;
  siteAddress: string;
  practitioner: string | null;
  service: string | null;
  clinicPhone: string;
}): SmsValues {
  return {
    prenom: facts.firstName,
    nom: facts.lastName,
    date: smsDate(facts.startsAt, facts.timeZone),
    heure: smsTime(facts.startsAt, facts.timeZone),
    site: facts.siteName,
    adresse_site: facts.siteAddress,
    praticien: facts.practitioner ?? "",
    service: facts.service ?? "",
    telephone_clinique: facts.clinicPhone,
  };
}

export interface SmsTemplateChoice {
  kind: string;
  site: string | null;
  serviceId: string | null;
  text: string;
}

/** The template of a kind for a site and service: the site's and service's own, then the service's, the site's, the general one. */
export function pickTemplate<T extends SmsTemplateChoice>(
  templates: readonly T[],
  kind: string,
  site: string | null,
  serviceId: string | null,
): T | undefined {
  const ofKind = templates.filter((t) => t.kind === kind);
  return (
    ofKind.find((t) => t.site === site && t.serviceId === serviceId && site !== null && serviceId !== null) ??
    ofKind.find((t) => t.site === null && t.serviceId === serviceId && serviceId !== null) ??
    ofKind.find((t) => t.site === site && t.serviceId === null && site !== null) ??
    ofKind.find((t) => t.site === null && t.serviceId === null)
  );
}
