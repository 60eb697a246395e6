import { and, eq, type SQL, sql } from "drizzle-orm";
import type { CloseReason, RuleId, TaskSourceType } from "../../../shared/followup.ts";
import type { Clock } from "../../clock.ts";
import type { Actor } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { followUpTasks } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";

/** What the form that completes a rule's task did, as the task records it. */
const REASON_OF: Partial<Record<RuleId, CloseReason>> = {
  "message-ack": "acknowledged",
  "call-resume": "resumed",
  "docs-pending": "documents_sent",
  "week-36": "checklist_recorded",
  "entry-interview": "interview_held",
};

/**
 * Marks done, at once, the open tasks a form has just completed (acknowledging
 * a message, resuming a register line, sending the documentation) instead of
 * leaving them to the engine's next run: done by the actor, with the reason of
 * the form, each audited. Call it inside the form's transaction. Returns the
 * ids of the tasks marked done.
 */
export async function completeTasksForSource(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  target: {
    rule: RuleId;
    sourceType: TaskSourceType;
    sourceId?: string;
    personId?: string;
    outcome: "done";
    note?: string | null;
  },
): Promise<string[]> {
  const now = clock.now();
  const conditions: SQL[] = [
    eq(followUpTasks.rule, target.rule),
    eq(followUpTasks.sourceType, target.sourceType),
    eq(followUpTasks.status, "open"),
  ];
  if (target.sourceId !== undefined) conditions.push(eq(followUpTasks.sourceId, target.sourceId));
  if (target.personId !== undefined) conditions.push(eq(followUpTasks.personId, target.personId));
  const done = await tx
    .update(followUpTasks)
    .set({
      status: "done",
      closedAt: now,
      closedBy: actor.type === "user" ? actor.id : null,
      closeReason: REASON_OF[target.rule] ?? null,
      outcome: target.outcome,
      outcomeNote: target.note?.trim() || null,
      version: sql`${followUpTasks.version} + 1`,
    })
    .where(and(...conditions))
    .returning();
  for (const task of done) {
    await recordAudit(tx, clock, actor, {
      action: "task.complete",
      entityType: "task",
      entityId: task.id,
      before: { status: "open", version: task.version - 1 },
      after: {
        rule: task.rule,
        status: task.status,
        sourceType: task.sourceType,
        sourceId: task.sourceId,
        personId: task.personId,
        closedAt: now.toISOString(),
        closedBy: task.closedBy,
        closeReason: task.closeReason,
        outcome: task.outcome,
        outcomeNote: task.outcomeNote,
        version: task.version,
      },
    });
  }
  return done.map((t) => t.id);
}
