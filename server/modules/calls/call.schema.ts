import { z } from "zod";
import { CONSENT_CHANNELS } from "../../../shared/consents.ts";
import { LIMITS } from "../../../shared/limits.ts";
import { isoDate, isoDateTime } from "../../../shared/schemas.ts";

/** phone: an incoming call; visit: a person at the desk ("présentation physique"). */
export const CALL_CHANNELS = ["phone", "visit"] as const;
export type CallChannel = (typeof CALL_CHANNELS)[number];

/** How a register line ended (procedure 3). */
export const CALL_OUTCOMES = ["answered", "transferred", "message_left", "call_back_later", "to_resume"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Outcomes that leave the line open until it is resumed the same day. */
export const OPEN_OUTCOMES = ["to_resume", "call_back_later"] as const satisfies readonly CallOutcome[];

/** How a line to resume may end once resumed. */
export const RESUME_OUTCOMES = ["answered", "transferred", "message_left"] as const satisfies readonly CallOutcome[];

/** A call is at most a day on hold, all holds together. */
export const HOLD_SECONDS_MAX = 86_400;

const text = (max: number) => z.string().trim().max(max).nullable().optional();

/** The fields a line may be created or completed with (all optional: a line may be saved half-done). */
const lineFields = {
  /** Any way of writing a phone; stored as E.164 (an invalid one is refused, naming "phone"). */
  phone: z.string().max(40).nullable().optional(),
  callerName: text(LIMITS.nameMax * 2),
  transferredInServiceId: z.uuid().nullable().optional(),
  request: text(LIMITS.commentMax),
  cameBefore: z.boolean().nullable().optional(),
  personId: z.uuid().nullable().optional(),
  interactionId: z.uuid().nullable().optional(),
  notes: text(LIMITS.notesMax),
  outcome: z.enum(CALL_OUTCOMES).nullable().optional(),
  transferServiceId: z.uuid().nullable().optional(),
  transferUserId: z.uuid().nullable().optional(),
  holdSeconds: z.int().min(0).max(HOLD_SECONDS_MAX).optional(),
};

export const createCallInput = z.strictObject({
  channel: z.enum(CALL_CHANNELS),
  /** When the call came in; defaults to now (a line copied from the paper notebook has an earlier time). */
  receivedAt: isoDateTime.optional(),
  /**
   * A line typed while the desk had no network and sent later (the offline queue): when it was typed, by the
   * desk's clock — at most 5 minutes ahead of the server, at most 7 days old. The line's time (receivedAt, unless
   * given) and the moment it was linked or closed are this time, not the time it reached the server.
   */
  capturedAt: isoDateTime.optional(),
  ...lineFields,
});
export type CreateCallInput = z.infer<typeof createCallInput>;

export const updateCallInput = z.strictObject({
  version: z.int().min(1),
  channel: z.enum(CALL_CHANNELS).optional(),
  receivedAt: isoDateTime.optional(),
  ...lineFields,
  /**
   * At the closing, the channels the caller agreed to receive the newsletters by: granted in the consent
   * register of the line's person (source call). Nothing is recorded for an empty list.
   */
  newsletterChannels: z
    .array(z.enum(CONSENT_CHANNELS))
    .max(CONSENT_CHANNELS.length)
    .refine((items) => new Set(items).size === items.length, "deux fois la même valeur")
    .optional(),
});
export type UpdateCallInput = z.infer<typeof updateCallInput>;

export const resumeCallInput = z.strictObject({
  version: z.int().min(1),
  outcome: z.enum(RESUME_OUTCOMES),
  notes: z.string().trim().max(LIMITS.notesMax).nullable().optional(),
  transferServiceId: z.uuid().nullable().optional(),
  transferUserId: z.uuid().nullable().optional(),
});
export type ResumeCallInput = z.infer<typeof resumeCallInput>;

export const callIdParams = z.strictObject({ id: z.uuid() });

export const listCallsQuery = z.strictObject({
  /** A day of the clinic's calendar (its time zone); every day when absent. */
  day: isoDate.optional(),
  /** An outcome, or "none" for lines without one yet. */
  outcome: z.enum([...CALL_OUTCOMES, "none"]).optional(),
  /** true: lines still to deal with (no outcome, or to resume / call back and not resumed). */
  open: z.enum(["true", "false"]).optional(),
  answeredBy: z.uuid().optional(),
  personId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListCallsQuery = z.infer<typeof listCallsQuery>;

/** A day of the register; today in the clinic's time zone when absent. */
export const dayQuery = z.strictObject({ day: isoDate.optional() });
export type DayQuery = z.infer<typeof dayQuery>;

const userRef = z.object({ id: z.uuid(), name: z.string() });

export const callPersonSchema = z.object({
  id: z.uuid(),
  kind: z.enum(["prospect", "patient"]),
  lastName: z.string(),
  firstName: z.string(),
});

export const callSchema = z.object({
  id: z.uuid(),
  channel: z.enum(CALL_CHANNELS),
  receivedAt: isoDateTime,
  /** When the line was typed offline (null when saved online); createdAt is when the server got it. */
  capturedAt: isoDateTime.nullable(),
  phone: z.string().nullable(),
  callerName: z.string().nullable(),
  answeredBy: userRef.nullable(),
  transferredInServiceId: z.uuid().nullable(),
  request: z.string().nullable(),
  cameBefore: z.boolean().nullable(),
  outcome: z.enum(CALL_OUTCOMES).nullable(),
  transferServiceId: z.uuid().nullable(),
  transferUserId: z.uuid().nullable(),
  holdSeconds: z.int(),
  personId: z.uuid().nullable(),
  person: callPersonSchema.nullable(),
  interactionId: z.uuid().nullable(),
  notes: z.string().nullable(),
  closedAt: isoDateTime.nullable(),
  resumedAt: isoDateTime.nullable(),
  resumedBy: userRef.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.int(),
});
export type CallView = z.infer<typeof callSchema>;

export const callPageSchema = z.object({ items: z.array(callSchema), total: z.int() });
export type CallPage = z.infer<typeof callPageSchema>;

export const endOfDaySchema = z.object({
  day: isoDate,
  /** The day's lines still to resume (or without an outcome), whoever answered them. */
  toResume: z.array(callSchema),
  /** The day's calls not linked to a prospect or patient record. */
  unlinked: z.array(callSchema),
});
export type EndOfDay = z.infer<typeof endOfDaySchema>;

export const staffSchema = z.object({
  users: z.array(z.object({ id: z.uuid(), firstName: z.string(), lastName: z.string(), role: z.string() })),
});
export type StaffList = z.infer<typeof staffSchema>;

export const servicesSchema = z.object({
  services: z.array(
    z.object({ id: z.uuid(), name: z.string(), greetingName: z.string().nullable(), active: z.boolean() }),
  ),
});
export type ServiceList = z.infer<typeof servicesSchema>;
