import { z } from "zod";
import { DELIVERY_PLACES } from "../../../shared/births.ts";
import { CLOSE_REASONS, RULE_IDS, TASK_BUCKETS, TASK_STATUSES } from "../../../shared/followup.ts";
import { LIMITS } from "../../../shared/limits.ts";
import { PATHWAY_TYPES } from "../../../shared/pathways.ts";
import { ROLES } from "../../../shared/roles.ts";
import { isoDate, isoDateTime } from "../../../shared/schemas.ts";
import { SMS_REPLY_MEANINGS } from "../../../shared/sms.ts";
import { SURVEY_CHANNELS, SURVEY_KINDS } from "../../../shared/surveys.ts";
import { TASK_OUTCOMES, TASK_REASON_MAX } from "../../../shared/tasks.ts";
import { CHANNELS } from "../interactions/interaction.schema.ts";
import { MINIMUM_FIELDS } from "../people/person.schema.ts";

/** A page of tasks: at most this many. */
export const TASK_PAGE_MAX = 500;
export const TASK_PAGE_DEFAULT = 100;

/** Whose tasks: mine (named to me, or to my role with no one named), a user's, a role's, everyone's. */
const assigneeFilter = z
  .string()
  .regex(
    new RegExp(
      `^(me|all|role:(${ROLES.join("|")})|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$`,
    ),
    "attendu : me, all, role:<rôle> ou l'identifiant d'un utilisateur",
  );

export const listTasksQuery = z.strictObject({
  /** The instant buckets are computed against; now by default. */
  asOf: isoDateTime.optional(),
  assignee: assigneeFilter.default("me"),
  status: z.enum([...TASK_STATUSES, "all"]).default("open"),
  rule: z.enum(RULE_IDS).optional(),
  personId: z.uuid().optional(),
  /** Open tasks only: overdue (due before asOf), today (due later the same clinic day), upcoming (after). */
  bucket: z.enum(TASK_BUCKETS).optional(),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(TASK_PAGE_MAX).default(TASK_PAGE_DEFAULT),
});
export type ListTasksQuery = z.infer<typeof listTasksQuery>;

export const taskIdParams = z.strictObject({ id: z.uuid() });

/**
 * The answers a 72 h call carried before the surveys had their own tables (docs/SURVEYS.md): still shown on
 * the tasks that have them, never written any more.
 */
const rating = z.int("note attendue de 1 à 5").min(1, "note de 1 à 5").max(5, "note de 1 à 5");
export const surveySchema = z.strictObject({
  overall: rating,
  welcome: rating,
  waiting: rating,
  explanations: rating,
  recommend: z.boolean("réponse oui / non attendue"),
  comment: z.string().trim().max(LIMITS.commentMax).nullable().optional(),
  anonymous: z.boolean("réponse oui / non attendue"),
});
export type Survey = z.infer<typeof surveySchema>;

export const completeTaskInput = z.strictObject({
  version: z.int().min(1),
  outcome: z.enum(TASK_OUTCOMES),
  note: z.string().trim().max(LIMITS.commentMax).nullable().optional(),
  /** The interaction recorded for a call rule (defaults: an outgoing call, the note as comment). */
  interaction: z
    .strictObject({
      channel: z.enum(CHANNELS).default("phone_out"),
      comment: z.string().trim().max(LIMITS.commentMax).nullable().optional(),
      requestTypes: z.array(z.string().max(40)).max(20).default([]),
      documentsSent: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
    })
    .optional(),
  /** Refused (422 survey_moved): the 72 h survey has its own form since the surveys (docs/SURVEYS.md). */
  survey: z.record(z.string(), z.unknown()).nullable().optional(),
  /**
   * A call that did not reach the person (not_reached, wrong_number): when to try again. The task stays
   * open, due then; absent: two hours later within opening hours, else the next business day's opening.
   */
  retryAt: isoDateTime.optional(),
  /**
   * warm-48h, a call that reached the prospect: she declined the documentation. Otherwise the documentation
   * follows the qualifying call (sent during it, or a docs-pending task to send it the same day).
   */
  documentationRefused: z.boolean().optional(),
});
export type CompleteTaskInput = z.infer<typeof completeTaskInput>;

export const reassignTaskInput = z.strictObject({
  version: z.int().min(1),
  /** A user who may work tasks, or null: anyone of the role. */
  assigneeUserId: z.uuid().nullable(),
  /** The role the task goes to; unchanged when absent. */
  assigneeRole: z.enum(ROLES).optional(),
  /** Required (checked by the use case: 422 naming "reason"). */
  reason: z.string().max(TASK_REASON_MAX).nullable().optional(),
});
export type ReassignTaskInput = z.infer<typeof reassignTaskInput>;

export const postponeTaskInput = z.strictObject({
  version: z.int().min(1),
  /** The new due instant: after now. */
  dueAt: isoDateTime,
  reason: z.string().max(TASK_REASON_MAX).nullable().optional(),
});
export type PostponeTaskInput = z.infer<typeof postponeTaskInput>;

const userRef = z.object({ id: z.uuid(), name: z.string() });
const codeLabel = z.object({ code: z.string(), label: z.string() });
const temperature = z.enum(["hot", "warm", "cold"]);

/** What the task was made from, summarised for the queue's row (null when the source is gone). */
export const taskSourceSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("interaction"),
    id: z.uuid(),
    occurredAt: isoDateTime,
    channel: z.string(),
    requestTypes: z.array(codeLabel),
    comment: z.string().nullable(),
  }),
  z.object({
    type: z.literal("call"),
    id: z.uuid(),
    receivedAt: isoDateTime,
    callerName: z.string().nullable(),
    phone: z.string().nullable(),
    request: z.string().nullable(),
    outcome: z.string().nullable(),
    version: z.int(),
  }),
  z.object({
    type: z.literal("message"),
    id: z.uuid(),
    createdAt: isoDateTime,
    body: z.string(),
    callerName: z.string().nullable(),
    callerPhone: z.string().nullable(),
    forUser: userRef.nullable(),
    forService: userRef.nullable(),
    acknowledgedAt: isoDateTime.nullable(),
    version: z.int(),
  }),
  z.object({
    type: z.literal("appointment"),
    id: z.uuid(),
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    status: z.string(),
    site: codeLabel,
  }),
  z.object({
    type: z.literal("temperature_change"),
    id: z.string(),
    from: temperature.nullable(),
    to: temperature,
    changedAt: isoDateTime,
    reason: z.string().nullable(),
  }),
  z.object({
    type: z.literal("sms_reply"),
    id: z.uuid(),
    receivedAt: isoDateTime,
    fromPhone: z.string(),
    text: z.string(),
    meaning: z.enum(SMS_REPLY_MEANINGS),
    /** The appointment whose reminder it answers, with the start that reminder announced. */
    appointmentId: z.uuid().nullable(),
    appointmentStartsAt: isoDateTime.nullable(),
  }),
  z.object({
    type: z.literal("pathway"),
    id: z.uuid(),
    pathwayType: z.enum(PATHWAY_TYPES),
    /** A pregnancy's dates (week-36): the SA are counted from the DDR. */
    ddr: isoDate.nullable(),
    dpa: isoDate.nullable(),
    endedOn: isoDate.nullable(),
  }),
  z.object({
    type: z.literal("delivery"),
    id: z.uuid(),
    deliveredOn: isoDate,
    dischargedOn: isoDate.nullable(),
    place: z.enum(DELIVERY_PLACES),
    children: z.int(),
  }),
  z.object({
    /** A satisfaction answer with a low score: an anonymous one shows only its kind, day and site. */
    type: z.literal("survey_response"),
    id: z.uuid(),
    kind: z.enum(SURVEY_KINDS),
    answeredOn: isoDate,
    site: codeLabel.nullable(),
    anonymous: z.boolean(),
    channel: z.enum(SURVEY_CHANNELS),
    /** The areas' scores, with their labels (the version answered), then the NPS and the comment. */
    scores: z.array(z.object({ code: z.string(), label: z.string(), score: z.int() })),
    nps: z.int().nullable(),
    comment: z.string().nullable(),
  }),
  z.object({
    /** A child's dose not given in time (rule vaccine-late); id « childId:VACCINE#dose ». */
    type: z.literal("vaccine_dose"),
    id: z.string(),
    vaccine: z.string(),
    dose: z.number().int(),
    /** The schedule's label (settings), the code when the dose left the schedule. */
    label: z.string(),
  }),
  z.object({
    type: z.literal("person"),
    id: z.uuid(),
    firstContactDate: isoDate.nullable(),
    origin: codeLabel.nullable(),
  }),
]);
export type TaskSource = z.infer<typeof taskSourceSchema>;

export const taskSchema = z.object({
  id: z.uuid(),
  rule: z.enum(RULE_IDS),
  status: z.enum(TASK_STATUSES),
  /** Open tasks only, against the list's asOf (now for a single task). */
  bucket: z.enum(TASK_BUCKETS).nullable(),
  dueAt: isoDateTime,
  /** The due instant the rule set, before any postponement. */
  originalDueAt: isoDateTime,
  createdAt: isoDateTime,
  person: z
    .object({
      id: z.uuid(),
      kind: z.enum(["prospect", "patient"]),
      lastName: z.string(),
      firstName: z.string(),
      /** The first phone, E.164. */
      phone: z.string().nullable(),
      phones: z.array(z.string()),
      temperature: temperature.nullable(),
      mergedIntoId: z.uuid().nullable(),
      /** Procedure 2's minimum fields the record lacks: completing them is part of this call. */
      missingFields: z.array(z.enum(MINIMUM_FIELDS)),
    })
    .nullable(),
  sourceType: z.string(),
  sourceId: z.string(),
  source: taskSourceSchema.nullable(),
  assignee: z.object({ role: z.string().nullable(), user: userRef.nullable() }),
  closedAt: isoDateTime.nullable(),
  closedBy: userRef.nullable(),
  closeReason: z.enum(CLOSE_REASONS).nullable(),
  outcome: z.enum(TASK_OUTCOMES).nullable(),
  outcomeNote: z.string().nullable(),
  completionInteractionId: z.uuid().nullable(),
  survey: surveySchema.nullable(),
  version: z.int(),
});
export type TaskView = z.infer<typeof taskSchema>;

const bucketCounts = z.object({ overdue: z.int(), today: z.int(), upcoming: z.int() });

export const taskListSchema = z.object({
  asOf: isoDateTime,
  items: z.array(taskSchema),
  /** Tasks matching every filter (all pages). */
  total: z.int(),
  /** Open tasks of the same assignee, rule and person filters, by bucket (the tabs and the navigation's badge). */
  counts: bucketCounts,
  /** Pass it as `cursor` for the next page; null on the last. */
  nextCursor: z.string().nullable(),
});
export type TaskList = z.infer<typeof taskListSchema>;

export const taskHistorySchema = z.object({
  events: z.array(
    z.object({
      id: z.int(),
      occurredAt: isoDateTime,
      /** task.complete, task.reassign, task.postpone. */
      action: z.string(),
      actor: z.object({ id: z.string().nullable(), name: z.string() }),
      before: z.unknown(),
      after: z.unknown(),
    }),
  ),
});
export type TaskHistory = z.infer<typeof taskHistorySchema>;
