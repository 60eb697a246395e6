/**
 * The « Groupe des Mamans NEST » (procedure 5): membership per person and network, with its history.
 * Codes are stable; labels are in the i18n files.
 */
export { MOTHERS_GROUP_NETWORKS, type MothersGroupNetwork } from "./births.ts";

/** Where a mother stands with one network's group. */
export const MEMBERSHIP_STATUSES = ["wishes", "invited", "member", "left"] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** How an invitation link was sent. */
export const INVITATION_CHANNELS = ["sms", "email", "in_person"] as const;
export type InvitationChannel = (typeof INVITATION_CHANNELS)[number];

/**
 * What made a membership change: the 36 SA call's checklist, the offer after the delivery, an invitation sent, or a
 * change made by hand on the person page or the group's page.
 */
export const MEMBERSHIP_SOURCES = ["week36_call", "after_delivery", "invitation", "manual"] as const;
export type MembershipSource = (typeof MEMBERSHIP_SOURCES)[number];

/** Longest note on a membership change. */
export const MOTHERS_GROUP_NOTE_MAX = 500;

/** How a network is named in the invitation (`{reseau}`) and the moderator's list. */
export const NETWORK_NAMES = { whatsapp: "WhatsApp", facebook: "Facebook" } as const;

/** The variables of the invitation's templates (SMS and e-mail). */
export const INVITATION_VARIABLES = ["prenom", "reseau", "lien"] as const;
export type InvitationVariable = (typeof INVITATION_VARIABLES)[number];

/** A child's age in whole months on a day (« YYYY-MM-DD » both): the group's list says « 3 mois », « 2 ans ». */
export function ageInMonths(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = today.split("-").map(Number) as [number, number, number];
  const months = (ty - by) * 12 + (tm - bm) - (td < bd ? 1 : 0);
  return Math.max(0, months);
}

/** « 3 mois », « 1 an », « 4 ans »: a child's age as the moderator's list writes it. */
export function frenchAge(birthDate: string, today: string): string {
  const months = ageInMonths(birthDate, today);
  if (months < 24) return `${months} mois`;
  const years = Math.floor(months / 12);
  return `${years} ans`;
}
