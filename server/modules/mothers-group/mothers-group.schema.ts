import { z } from "zod";
import {
  INVITATION_CHANNELS,
  MEMBERSHIP_SOURCES,
  MEMBERSHIP_STATUSES,
  MOTHERS_GROUP_NETWORKS,
  MOTHERS_GROUP_NOTE_MAX,
} from "../../../shared/mothers-group.ts";
import { isoDate, isoDateTime } from "../../../shared/schemas.ts";

export const personParams = z.strictObject({ id: z.uuid() });
export const membershipParams = z.strictObject({ id: z.uuid(), network: z.enum(MOTHERS_GROUP_NETWORKS) });

/** One change of a membership, as the history shows it. */
export const membershipEventSchema = z.object({
  fromStatus: z.enum(MEMBERSHIP_STATUSES).nullable(),
  toStatus: z.enum(MEMBERSHIP_STATUSES),
  source: z.enum(MEMBERSHIP_SOURCES),
  note: z.string().nullable(),
  occurredAt: isoDateTime,
  recordedBy: z.string().nullable(),
});

/** Where she stands with one network's group, and how she got there (newest change first). */
export const membershipSchema = z.object({
  network: z.enum(MOTHERS_GROUP_NETWORKS),
  status: z.enum(MEMBERSHIP_STATUSES),
  consentToAdd: z.boolean(),
  invitedAt: isoDateTime.nullable(),
  invitedVia: z.enum(INVITATION_CHANNELS).nullable(),
  version: z.number().int(),
  updatedAt: isoDateTime,
  history: z.array(membershipEventSchema),
});
export type MembershipView = z.infer<typeof membershipSchema>;

export const membershipsSchema = z.object({ memberships: z.array(membershipSchema) });
export type MembershipsView = z.infer<typeof membershipsSchema>;

/**
 * Records or changes her status with one network's group. `version` is the one read (absent: none yet). `source`
 * says what led to it: by hand (default) or the offer made after her delivery.
 */
export const setMembershipInput = z.strictObject({
  status: z.enum(MEMBERSHIP_STATUSES),
  consentToAdd: z.boolean(),
  note: z.string().trim().max(MOTHERS_GROUP_NOTE_MAX).optional(),
  source: z.enum(["manual", "after_delivery"]).default("manual"),
  version: z.number().int().positive().optional(),
});
export type SetMembershipInput = z.infer<typeof setMembershipInput>;

export const inviteInput = z.strictObject({ channel: z.enum(["sms", "email"]) });
export type InviteInput = z.infer<typeof inviteInput>;

/** What an invitation did: her membership (unchanged when the SMS was skipped), and the message queued. */
export const invitationResultSchema = z.object({
  membership: membershipSchema.nullable(),
  sms: z.object({ id: z.uuid(), status: z.string(), reason: z.string().nullable() }).nullable(),
  email: z.object({ id: z.uuid(), status: z.string() }).nullable(),
});
export type InvitationResult = z.infer<typeof invitationResultSchema>;

export const listQuery = z.strictObject({
  network: z.enum(MOTHERS_GROUP_NETWORKS),
  status: z.enum(MEMBERSHIP_STATUSES).optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

export const exportQuery = z.strictObject({ network: z.enum(MOTHERS_GROUP_NETWORKS) });

/** One mother of the group's page: who, how to reach her, where she is (due date, children), her status. */
export const listItemSchema = z.object({
  personId: z.uuid(),
  lastName: z.string(),
  firstName: z.string(),
  phones: z.array(z.string()),
  email: z.string().nullable(),
  /** The open pregnancy's DPA. */
  dueDate: isoDate.nullable(),
  /** Her children's birth dates (records whose mother she is), eldest first. */
  childrenBirthDates: z.array(isoDate),
  status: z.enum(MEMBERSHIP_STATUSES),
  consentToAdd: z.boolean(),
  invitedAt: isoDateTime.nullable(),
  invitedVia: z.enum(INVITATION_CHANNELS).nullable(),
  /** Since when she has this status. */
  since: isoDateTime,
  version: z.number().int(),
});
export type ListItem = z.infer<typeof listItemSchema>;

/** At most this many rows on the page (the newest first); the XLSX holds them all. */
export const LIST_MAX = 1000;

export const listSchema = z.object({ items: z.array(listItemSchema), total: z.number().int() });
export type MothersGroupList = z.infer<typeof listSchema>;

export const countsSchema = z.object({
  counts: z.array(
    z.object({
      network: z.enum(MOTHERS_GROUP_NETWORKS),
      wishes: z.number().int(),
      invited: z.number().int(),
      member: z.number().int(),
      left: z.number().int(),
    }),
  ),
});
export type MothersGroupCounts = z.infer<typeof countsSchema>;
