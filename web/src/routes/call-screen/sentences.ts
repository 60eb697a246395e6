import type { TFunction } from "i18next";
import type { ClinicService as Service, StaffMember } from "../../api/calls.ts";

/**
 * The sentences of procedures 1 and 3, said word for word: the greeting, the
 * transfer announcement and the closing formula.
 */

/** « NEST, Awa, BONJOUR ! », or for a call transferred to this desk « Service des admissions, Awa, bonjour ». */
export function greeting(t: TFunction, clinic: string, firstName: string, transferredIn: Service | null): string {
  if (transferredIn) {
    return t("callScreen.greeting.transferred", {
      service: transferredIn.greetingName || transferredIn.name,
      firstName,
    });
  }
  return t("callScreen.greeting.direct", { clinic: clinic.toUpperCase(), firstName });
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
