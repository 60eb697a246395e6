import type {
  InvitationResult,
  InviteInput,
  ListItem,
  MembershipsView,
  MembershipView,
  MothersGroupCounts,
  MothersGroupList,
  SetMembershipInput,
} from "../../../server/modules/mothers-group/mothers-group.schema.ts";
import type { MembershipStatus, MothersGroupNetwork } from "../../../shared/mothers-group.ts";
import { api, buildUrl } from "./client.ts";

/** The « Groupe des Mamans NEST » (procedure 5): memberships, invitations, the group's list and figures. */
export type Membership = MembershipView;
export type MothersGroupItem = ListItem;
export {
  MEMBERSHIP_STATUSES,
  MOTHERS_GROUP_NETWORKS,
} from "../../../shared/mothers-group.ts";
export type { InvitationResult, MembershipStatus, MothersGroupCounts, MothersGroupNetwork };

/** The membership input as the forms send it (the source defaults to « by hand »). */
export type MembershipInput = Omit<SetMembershipInput, "source"> & Partial<Pick<SetMembershipInput, "source">>;

export const mothersGroupKeys = {
  all: ["mothers-group"] as const,
  person: (personId: string) => ["mothers-group", "person", personId] as const,
  list: (network: string, status: string | null) => ["mothers-group", "list", network, status] as const,
  counts: ["mothers-group", "counts"] as const,
};

const personUrl = (personId: string, network?: MothersGroupNetwork) =>
  `/api/people/${encodeURIComponent(personId)}/mothers-group${network ? `/${network}` : ""}`;

export const getMemberships = (personId: string, signal?: AbortSignal) =>
  api<MembershipsView>("GET", personUrl(personId), { signal });
export const setMembership = (personId: string, network: MothersGroupNetwork, body: MembershipInput) =>
  api<Membership>("PUT", personUrl(personId, network), { body });
export const inviteToGroup = (personId: string, network: MothersGroupNetwork, body: InviteInput) =>
  api<InvitationResult>("POST", `${personUrl(personId, network)}/invite`, { body });

export const listMothersGroup = (network: MothersGroupNetwork, status: MembershipStatus | null, signal?: AbortSignal) =>
  api<MothersGroupList>("GET", "/api/mothers-group", { query: { network, status }, signal });
export const fetchMothersGroupCounts = (signal?: AbortSignal) =>
  api<MothersGroupCounts>("GET", "/api/mothers-group/counts", { signal });
/** The moderator's list (XLSX), a link the browser follows itself. */
export const moderatorListUrl = (network: MothersGroupNetwork) => buildUrl("/api/mothers-group.xlsx", { network });
