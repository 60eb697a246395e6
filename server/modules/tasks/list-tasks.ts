import { and, asc, count, eq, gt, gte, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { followUpTasks } from "../../db/schema/index.ts";
import { AppError } from "../../http/errors.ts";
import { readSettings } from "../settings/settings.ts";
import { loadTaskView, selectTasks, startOfTomorrow } from "./present.ts";
import type { ListTasksQuery, TaskList, TaskView } from "./task.schema.ts";

/** Whose tasks: `me` is the tasks named to me plus my role's tasks with no one named. */
function assigneeCondition(ctx: Ctx, assignee: string): SQL | undefined {
  if (assignee === "all") return undefined;
  if (assignee.startsWith("role:")) return eq(followUpTasks.assigneeRole, assignee.slice("role:".length));
  if (assignee !== "me") return eq(followUpTasks.assigneeUserId, assignee);
  const ofMyRole = and(isNull(followUpTasks.assigneeUserId), eq(followUpTasks.assigneeRole, ctx.actor.role)) as SQL;
  return ctx.actor.type === "user" ? or(eq(followUpTasks.assigneeUserId, ctx.actor.id), ofMyRole) : ofMyRole;
}

/** The keyset of the sort (due date, then id), carried as an opaque cursor. */
const encodeCursor = (task: TaskView) => Buffer.from(`${task.dueAt}|${task.id}`).toString("base64url");

function decodeCursor(cursor: string): { dueAt: Date; id: string } {
  const [dueAt = "", id = ""] = Buffer.from(cursor, "base64url").toString().split("|");
  const at = new Date(dueAt);
  if (Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new AppError(400, "validation_failed", {
      message: "Champ « cursor » : curseur invalide",
      details: { issues: [{ field: "cursor", location: "querystring", message: "curseur invalide" }] },
    });
  }
  return { dueAt: at, id };
}

/**
 * The task queues (DESIGN §5 `GET /api/tasks?asOf=&assignee=&status=`): mine,
 * a user's, a role's or everyone's, by status, rule, person and bucket, sorted
 * by due date, a page at a time; with the open tasks counted by bucket.
 *
 * Buckets, against asOf in the clinic's days (settings.timeZone): overdue once
 * the due instant has passed, even earlier the same day (a call-resume due at
 * closing time is overdue from 18:00); today when due later that day; upcoming
 * when due on a later day.
 */
export async function listTasks(ctx: Ctx, query: ListTasksQuery): Promise<TaskList> {
  authorize(ctx.actor, "tasks.read");
  const { db } = ctx.database;
  const { settings } = await readSettings(db);
  const asOf = query.asOf ? new Date(query.asOf) : ctx.clock.now();
  const tomorrow = startOfTomorrow(asOf, settings.timeZone);

  const scope: SQL[] = [];
  const byAssignee = assigneeCondition(ctx, query.assignee);
  if (byAssignee) scope.push(byAssignee);
  if (query.rule) scope.push(eq(followUpTasks.rule, query.rule));
  if (query.personId) scope.push(eq(followUpTasks.personId, query.personId));

  const filters = [...scope];
  if (query.status !== "all") filters.push(eq(followUpTasks.status, query.status));
  if (query.bucket) {
    filters.push(eq(followUpTasks.status, "open"));
    if (query.bucket === "overdue") filters.push(lt(followUpTasks.dueAt, asOf));
    if (query.bucket === "today") filters.push(gte(followUpTasks.dueAt, asOf), lt(followUpTasks.dueAt, tomorrow));
    if (query.bucket === "upcoming") filters.push(gte(followUpTasks.dueAt, tomorrow));
  }
  const where = and(...filters);

  const page: SQL[] = [];
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    page.push(
      or(
        gt(followUpTasks.dueAt, after.dueAt),
        and(eq(followUpTasks.dueAt, after.dueAt), gt(followUpTasks.id, after.id)),
      ) as SQL,
    );
  }
  const rows = await selectTasks(db, and(where, ...page), {
    order: [asc(followUpTasks.dueAt), asc(followUpTasks.id)],
    limit: query.limit + 1,
    asOf,
    settings,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  const [total] = await db.select({ n: count() }).from(followUpTasks).where(where);
  const [counts] = await db
    .select({
      overdue: sql<number>`count(*) filter (where ${followUpTasks.dueAt} < ${asOf.toISOString()}::timestamptz)::int`,
      today: sql<number>`count(*) filter (where ${followUpTasks.dueAt} >= ${asOf.toISOString()}::timestamptz
        and ${followUpTasks.dueAt} < ${tomorrow.toISOString()}::timestamptz)::int`,
      upcoming: sql<number>`count(*) filter (where ${followUpTasks.dueAt} >= ${tomorrow.toISOString()}::timestamptz)::int`,
    })
    .from(followUpTasks)
    .where(and(...scope, eq(followUpTasks.status, "open")));
  return {
    asOf: asOf.toISOString(),
    items,
    total: total?.n ?? 0,
    counts: { overdue: counts?.overdue ?? 0, today: counts?.today ?? 0, upcoming: counts?.upcoming ?? 0 },
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}

/** One task, its bucket against now. */
export async function getTask(ctx: Ctx, id: string): Promise<TaskView> {
  authorize(ctx.actor, "tasks.read");
  const { settings } = await readSettings(ctx.database.db);
  return loadTaskView(ctx.database.db, id, { asOf: ctx.clock.now(), settings });
}
