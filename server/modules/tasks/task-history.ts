import { and, asc, eq } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { auditEvents, followUpTasks, users } from "../../db/schema/index.ts";
import { notFound } from "../../http/errors.ts";
import type { TaskHistory } from "./task.schema.ts";

/** What was done to a task, oldest first: completed, reassigned, postponed — by whom, when and why (its audit events). */
export async function taskHistory(ctx: Ctx, id: string): Promise<TaskHistory> {
  authorize(ctx.actor, "tasks.read");
  const { db } = ctx.database;
  const [task] = await db.select({ id: followUpTasks.id }).from(followUpTasks).where(eq(followUpTasks.id, id));
  if (!task) throw notFound("task");
  const rows = await db
    .select({ event: auditEvents, firstName: users.firstName, lastName: users.lastName })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(eq(auditEvents.entityType, "task"), eq(auditEvents.entityId, id)))
    .orderBy(asc(auditEvents.id));
  return {
    events: rows.map(({ event: e, firstName, lastName }) => ({
      id: e.id,
      occurredAt: e.occurredAt.toISOString(),
      action: e.action,
      actor: { id: e.actorId, name: firstName ? `${firstName} ${lastName}` : e.actorLabel },
      before: e.before,
      after: e.after,
    })),
  };
}
