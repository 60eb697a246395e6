import { eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { followUpTasks } from "../../db/schema/index.ts";
import { fieldError } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import { assertWorkable, requireReason } from "./guards.ts";
import { loadTaskView, lockTask } from "./present.ts";
import type { PostponeTaskInput, TaskView } from "./task.schema.ts";

/**
 * Moves an open task's due instant to a later one, with a reason (audited,
 * shown in its history). The due instant the rule set is kept
 * (originalDueAt), so reports still see how late the work was.
 */
export async function postponeTask(ctx: Ctx, id: string, input: PostponeTaskInput): Promise<TaskView> {
  authorize(ctx.actor, "tasks.work");
  const reason = requireReason(input.reason);
  const { settings } = await readSettings(ctx.database.db);
  const now = ctx.clock.now();
  const dueAt = new Date(input.dueAt);
  return ctx.database.db.transaction(async (tx) => {
    const row = await lockTask(tx, id);
    await assertWorkable(tx, ctx, row, input, settings.timeZone);
    if (dueAt.getTime() <= now.getTime()) throw fieldError("task_postpone_in_past", "dueAt");
    const before = await loadTaskView(tx, id, { asOf: now, settings });
    await tx
      .update(followUpTasks)
      .set({ dueAt, version: sql`${followUpTasks.version} + 1` })
      .where(eq(followUpTasks.id, id));
    const after = await loadTaskView(tx, id, { asOf: now, settings });
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "task.postpone",
      entityType: "task",
      entityId: id,
      before: { dueAt: before.dueAt, originalDueAt: before.originalDueAt, version: before.version },
      after: { dueAt: after.dueAt, originalDueAt: after.originalDueAt, version: after.version, reason },
    });
    return after;
  });
}
