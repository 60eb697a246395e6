import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/** Why an SMS cannot go to a person, in the words reception reads on the planning. */
export const SKIP_REASONS = {
  noPhone: "pas de téléphone sur la fiche",
  noMobile: "pas de mobile (ligne fixe seulement)",
  optedOut: "ne souhaite pas recevoir de SMS",
  stop: "a répondu STOP",
  merged: "fiche fusionnée",
} as const;

/** Whether a number can receive an SMS: a mobile (Senegal's 70, 75–78…), not a fixed line (33…). */
export function isMobile(e164: string): boolean {
  const type = parsePhoneNumberFromString(e164)?.getType();
  return type === "MOBILE" || type === "FIXED_LINE_OR_MOBILE";
}

/**
 * Where a person's SMS go: her first mobile (in the record's order), or why none. A person who asked
 * for no SMS gets only the vital ones.
 */
export function smsRecipient(
  person: { phones: readonly string[]; smsOptOutAt: Date | string | null; smsOptOutSource: string | null },
  vital: boolean,
): { to: string } | { skip: string } {
  if (!vital && person.smsOptOutAt) {
    return { skip: person.smsOptOutSource === "stop" ? SKIP_REASONS.stop : SKIP_REASONS.optedOut };
  }
  if (person.phones.length === 0) return { skip: SKIP_REASONS.noPhone };
  const mobile = person.phones.find(isMobile);
  return mobile ? { to: mobile } : { skip: SKIP_REASONS.noMobile };
}
