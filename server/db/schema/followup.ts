import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth.ts";
import { interactions, people } from "./people.ts";

/**
 * Follow-up tasks (DESIGN §3): made by the engine from the procedures' rules,
 * worked through by the secretaries. One task per (rule, person, source) ever:
 * the engine inserts what is missing and closes, with a reason, the open tasks
 * whose condition no longer holds, so running it twice changes nothing.
 */
export const followUpTasks = pgTable(
  "follow_up_tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** first-response | hot-48h | warm-48h | requalified-hot | recall-7d | docs-pending | call-resume | message-ack | new-patient-72h */
    rule: text("rule").notNull(),
    /** Null for a register line or a message with no record linked. */
    personId: uuid("person_id").references(() => people.id, { onDelete: "cascade" }),
    /** What made the task: person | interaction | temperature_change | call | message | appointment */
    sourceType: text("source_type").notNull(),
    /** Its id (a uuid, or a temperature change's number) as text. */
    sourceId: text("source_id").notNull(),
    /** When the procedure wants it done; a postponement moves it (the first one is kept). */
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    originalDueAt: timestamp("original_due_at", { withTimezone: true }).notNull(),
    /** Who does it: a user, or else anyone of a role. */
    assigneeUserId: uuid("assignee_user_id").references(() => users.id, { onDelete: "set null" }),
    assigneeRole: text("assignee_role"),
    /** open | done (a person completed it) | closed (the engine: condition no longer holds) */
    status: text("status").notNull().default("open"),
    /** The engine's asOf when it was made. */
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** done or closed: when, by whom (null: the engine), why. */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closedBy: uuid("closed_by").references(() => users.id, { onDelete: "set null" }),
    /** Engine closures: a reason code (answered, new_interaction, temperature_changed…). */
    closeReason: text("close_reason"),
    /** How it ended for the person who did it: reached | not_reached | wrong_number | done, and a note. */
    outcome: text("outcome"),
    outcomeNote: text("outcome_note"),
    /** The interaction recorded when the task was completed (the call made). */
    completionInteractionId: uuid("completion_interaction_id").references(() => interactions.id, {
      onDelete: "set null",
    }),
    /** Satisfaction answers typed in when completing new-patient-72h. */
    survey: jsonb("survey").$type<Record<string, string | number | boolean | null>>(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    check("follow_up_tasks_status_check", sql`${t.status} in ('open', 'done', 'closed')`),
    check("follow_up_tasks_assignee_check", sql`${t.assigneeUserId} is not null or ${t.assigneeRole} is not null`),
    uniqueIndex("follow_up_tasks_key").on(
      t.rule,
      t.sourceType,
      t.sourceId,
      sql`coalesce(${t.personId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
    index("follow_up_tasks_open_idx").on(t.rule, t.dueAt).where(sql`${t.status} = 'open'`),
    index("follow_up_tasks_assignee_idx").on(t.assigneeUserId, t.status, t.dueAt),
    index("follow_up_tasks_role_idx").on(t.assigneeRole, t.status, t.dueAt),
    index("follow_up_tasks_person_idx").on(t.personId, t.status),
    // "The call that completed a task does not start a rule again" (hot-48h, recall-7d).
    index("follow_up_tasks_completion_idx")
      .on(t.completionInteractionId)
      .where(sql`${t.completionInteractionId} is not null`),
  ],
);

/**
 * First-response SLA of a hot or warm prospect (procedure 4: « dans les 15 jours
 * suivant le premier contact (idéalement, dans les 48 heures ouvrés) »), kept by
 * the engine so reports read stored figures.
 */
export const firstResponseSla = pgTable(
  "first_response_sla",
  {
    /** Derived figures, rewritten by the engine: no foreign keys, so the first run writes ~10⁶ rows fast. */
    personId: uuid("person_id").primaryKey(),
    temperature: text("temperature").notNull(),
    firstContactAt: timestamp("first_contact_at", { withTimezone: true }).notNull(),
    /** First contact + 2 business days. */
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    /** First contact + 15 calendar days. */
    breachAt: timestamp("breach_at", { withTimezone: true }).notNull(),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    /** The answering interaction (evidence for the reports). */
    answerInteractionId: uuid("answer_interaction_id"),
    /** Answered by dueAt. */
    withinBusinessDays: boolean("within_business_days").notNull(),
    /** Answered after breachAt, or not answered when breachAt passed. */
    breached: boolean("breached").notNull(),
    /** Seconds from first contact to the answer. */
    responseSeconds: integer("response_seconds"),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("first_response_sla_first_contact_idx").on(t.firstContactAt)],
);

/**
 * Daily digest (procedure 2): the prospects manager marks an interaction of the
 * previous day processed once the secretaries have handled it; the line leaves
 * the list and nothing is deleted.
 */
export const digestMarks = pgTable("digest_marks", {
  interactionId: uuid("interaction_id")
    .primaryKey()
    .references(() => interactions.id, { onDelete: "cascade" }),
  processedAt: timestamp("processed_at", { withTimezone: true }).notNull(),
  processedBy: uuid("processed_by").references(() => users.id, { onDelete: "set null" }),
});

/** One line per engine run: when, as of when, what it did (audit of the automation). */
export const followUpRuns = pgTable(
  "follow_up_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    asOf: timestamp("as_of", { withTimezone: true }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }).notNull(),
    /** schedule | api | cli */
    trigger: text("trigger").notNull(),
    /** full: every record; incremental: the records changed since the previous run (engine.ts). */
    mode: text("mode").notNull().default("full"),
    /** The settings' version the run applied (a change makes the next run full). */
    settingsVersion: integer("settings_version"),
    triggeredBy: uuid("triggered_by").references(() => users.id, { onDelete: "set null" }),
    /** Per rule: tasks created and closed (empty for a failed run). */
    counts: jsonb("counts").$type<Record<string, { created: number; closed: number; ms?: number }>>().notNull(),
    /** done | failed: a failed run changed nothing (its transaction rolled back) and says why in `error`. */
    status: text("status").notNull().default("done"),
    /** A failed run's error: a code and a short French sentence, never personal data. */
    error: text("error"),
  },
  (t) => [
    index("follow_up_runs_as_of_idx").on(t.asOf),
    check("follow_up_runs_status_check", sql`${t.status} in ('done', 'failed')`),
  ],
);
