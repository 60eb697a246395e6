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
