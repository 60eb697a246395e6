import { eq, sql } from "drizzle-orm";
import { can } from "../../../shared/permissions.ts";
import { isRole } from "../../../shared/roles.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { followUpTasks, users } from "../../db/schema/index.ts";
import { fieldError } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import { assertWorkable, requireReason } from "./guards.ts";
import { loadTaskView, lockTask } from "./present.ts";
import type { ReassignTaskInput, TaskView } from "./task.schema.ts";

/**
 * Gives a task to a named user (active, of a role that works tasks), or back
 * to anyone of a role, with a reason kept in the audit log and shown in the
 * task's history. The role stays the rule's unless another is chosen.
 */
export async function reassignTask(ctx: Ctx, id: string, input: ReassignTaskInput): Promise<TaskView> {
  authorize(ctx.actor, "tasks.work");
  const reason = requireReason(input.reason);
  const { settings } = await readSettings(ctx.database.db);
  const now = ctx.clock.now();
  return ctx.database.db.transaction(async (tx) => {
    const row = await lockTask(tx, id);
    await assertWorkable(tx, ctx, row, input, settings.timeZone);
    if (input.assigneeRole && !can(input.assigneeRole, "tasks.work")) {
      throw fieldError("task_assignee_cannot_work", "assigneeRole");
    }
    if (input.assigneeUserId) {
      const [user] = await tx
        .select({ active: users.active, role: users.role })
        .from(users)
        .where(eq(users.id, input.assigneeUserId));
      if (!user) throw fieldError("unknown_reference", "assigneeUserId");
      if (!user.active) throw fieldError("task_assignee_inactive", "assigneeUserId");
      if (!isRole(user.role) || !can(user.role, "tasks.work")) {
        throw fieldError("task_assignee_cannot_work", "assigneeUserId");
      }
    }
    const before = await loadTaskView(tx, id, { asOf: now, settings });
    await tx
      .update(followUpTasks)
      .set({
        assigneeUserId: input.assigneeUserId,
        assigneeRole: input.assigneeRole ?? row.assigneeRole,
        version: sql`${followUpTasks.version} + 1`,
      })
      .where(eq(followUpTasks.id, id));
    const after = await loadTaskView(tx, id, { asOf: now, settings });
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "task.reassign",
      entityType: "task",
      entityId: id,
      before: { assignee: before.assignee, version: before.version },
      after: { assignee: after.assignee, version: after.version, reason },
    });
    return after;
  });
}
