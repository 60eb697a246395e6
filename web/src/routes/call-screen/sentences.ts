import type { TFunction } from "i18next";
import type { ClinicService as Service, StaffMember } from "../../api/calls.ts";

/**
 * The sentences of procedures 1 and 3, said word for word: the greeting, the
 * transfer announcement and the closing formula.
 */

/** Where the screen is used: the clinic's line (procedure 1, the CRM secretary) or the reception desk (procedure 3). */
export type Desk = "line" | "reception";

/** The greeting formulas of the settings; `{prenom}` is the first name, `{service}` the service transferring. */
export interface GreetingFormulas {
  line: string;
  reception: string;
  transferred: string;
}

/** The settings' defaults, said until the settings are loaded. */
export const DEFAULT_GREETINGS: GreetingFormulas = {
  line: "NEST, {prenom}, BONJOUR !",
  reception: "Clinique Nest, {prenom}, Bonjour",
  transferred: "{service}, {prenom}, bonjour",
};

/**
 * The first sentence, word for word as the settings write it: « Clinique Nest, Awa, Bonjour »
 * at the reception desk, « NEST, Awa, BONJOUR ! » on the clinic's line, and for a call
 * transferred to this desk « Service des admissions, Awa, bonjour ».
 */
export function greeting(
  formulas: GreetingFormulas,
  desk: Desk,
  firstName: string,
  transferredIn: Pick<Service, "name" | "greetingName"> | null,
): string {
  const formula = transferredIn ? formulas.transferred : formulas[desk];
  const service = transferredIn ? transferredIn.greetingName || transferredIn.name : "";
  return formula.replaceAll("{prenom}", firstName).replaceAll("{service}", service).replace(/\s+/g, " ").trim();
}

/** The desk the screen opens on: the one chosen last in this browser, else the reception desk for its staff. */
export function defaultDesk(role: string, remembered: string | null): Desk {
  if (remembered === "line" || remembered === "reception") return remembered;
  return role === "reception" ? "reception" : "line";
}

/** « le service des admissions », « le service Maternité », « Aminata Fall ». */
export function transferTarget(t: TFunction, service: Service | null, person: StaffMember | null): string {
  if (person) return `${person.firstName} ${person.lastName}`;
  if (!service) return t("callScreen.closing.transferSomeone");
  const name = service.greetingName || service.name;
  return /^service\b/i.test(name)
    ? `le ${name.charAt(0).toLowerCase()}${name.slice(1)}`
    : t("callScreen.closing.transferService", { name });
}

/** « Merci Madame DIOP et à très bientôt ! Au revoir. » */
export function closingSentence(t: TFunction, lastName: string | null): string {
  const name = lastName?.trim();
  return name
    ? t("callScreen.closing.sentence", { name: name.toLocaleUpperCase("fr-FR") })
    : t("callScreen.closing.sentenceNoName");
}

/** « 30 s », « 1 min 30 s », « 2 min 30 s » (the hold alert). */
export function holdDuration(t: TFunction, ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return t("callScreen.hold.seconds", { seconds });
  const rest = seconds % 60;
  return rest === 0
    ? t("callScreen.hold.minutes", { minutes: Math.floor(seconds / 60) })
    : t("callScreen.hold.minutesSeconds", { minutes: Math.floor(seconds / 60), seconds: rest });
}
