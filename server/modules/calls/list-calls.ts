import { and, asc, count, desc, eq, gte, inArray, isNull, lt, not, or, type SQL } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import { clinicDay, dayBounds } from "../../clinic-calendar.ts";
import type { Ctx } from "../../context.ts";
import { calls } from "../../db/schema/index.ts";
import { readSettings } from "../settings/settings.ts";
import { type CallPage, type CallView, type EndOfDay, type ListCallsQuery, OPEN_OUTCOMES } from "./call.schema.ts";
import { loadCallView, selectCalls } from "./present.ts";

/** A line still to deal with: no outcome yet, or to resume / call back and not resumed. */
export const openLine: SQL = or(
  isNull(calls.outcome),
  and(inArray(calls.outcome, [...OPEN_OUTCOMES]), isNull(calls.resumedAt)),
) as SQL;

/** The calls of a day of the clinic's calendar. */
function onDay(day: string, timeZone: string): SQL {
  const { start, end } = dayBounds(day, timeZone);
  return and(gte(calls.receivedAt, start), lt(calls.receivedAt, end)) as SQL;
}

/** The day asked, or today in the clinic's time zone. */
export async function resolveDay(ctx: Ctx, day: string | undefined) {
  const { timeZone } = (await readSettings(ctx.database.db)).settings;
  return { day: day ?? clinicDay(ctx.clock.now(), timeZone), timeZone };
}

/** The call register, newest first, filtered by day (clinic time zone), outcome, open lines, who answered. */
export async function listCalls(ctx: Ctx, query: ListCallsQuery): Promise<CallPage> {
  authorize(ctx.actor, "calls.read");
  const { db } = ctx.database;
  const conditions: SQL[] = [];
  if (query.day) conditions.push(onDay(query.day, (await resolveDay(ctx, query.day)).timeZone));
  if (query.outcome === "none") conditions.push(isNull(calls.outcome));
  else if (query.outcome) conditions.push(eq(calls.outcome, query.outcome));
  if (query.open === "true") conditions.push(openLine);
  if (query.open === "false") conditions.push(not(openLine));
  if (query.answeredBy) conditions.push(eq(calls.answeredBy, query.answeredBy));
  if (query.personId) conditions.push(eq(calls.personId, query.personId));
  const where = conditions.length ? and(...conditions) : undefined;
  const [total] = await db.select({ n: count() }).from(calls).where(where);
  const items = await selectCalls(db, where, {
    order: [desc(calls.receivedAt), desc(calls.createdAt)],
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items, total: total?.n ?? 0 };
}

export async function getCall(ctx: Ctx, id: string): Promise<CallView> {
  authorize(ctx.actor, "calls.read");
  return loadCallView(ctx.database.db, id);
}

/**
 * The end-of-day check ("tous les appels entrants répertoriés dans le CRM en fin
 * de journée"): the day's lines still open, whoever answered them, and the day's
 * calls not linked to a prospect or patient record.
 */
export async function endOfDay(ctx: Ctx, query: { day?: string }): Promise<EndOfDay> {
  authorize(ctx.actor, "calls.read");
  const { db } = ctx.database;
  const { day, timeZone } = await resolveDay(ctx, query.day);
  const inDay = onDay(day, timeZone);
  const order = [asc(calls.receivedAt), asc(calls.createdAt)];
  const [toResume, unlinked] = [
    await selectCalls(db, and(inDay, openLine), { order }),
    await selectCalls(db, and(inDay, isNull(calls.personId)), { order }),
  ];
  return { day, toResume, unlinked };
}
