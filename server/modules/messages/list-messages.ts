import { and, asc, count, desc, eq, gte, isNotNull, isNull, lt, or, type SQL } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import { dayBounds } from "../../clinic-calendar.ts";
import type { Ctx } from "../../context.ts";
import { phoneMessages } from "../../db/schema/index.ts";
import { resolveDay } from "../calls/list-calls.ts";
import type { InboxQuery, MessageList } from "./message.schema.ts";
import { selectMessages } from "./present.ts";

/** Acknowledged messages shown in the inbox's history: the newest ones only. */
export const ACKNOWLEDGED_SHOWN = 200;

/** Messages for the signed-in user, and for every service (whoever at the desk may pass them on). */
function inboxOf(ctx: Ctx): SQL {
  const forMe = ctx.actor.type === "user" ? eq(phoneMessages.forUserId, ctx.actor.id) : undefined;
  return (forMe ? or(forMe, isNotNull(phoneMessages.forServiceId)) : isNotNull(phoneMessages.forServiceId)) as SQL;
}

/** The inbox: unacknowledged messages, oldest first (the one waiting longest on top), or the acknowledged ones, newest first. */
export async function listInbox(ctx: Ctx, query: InboxQuery): Promise<MessageList> {
  authorize(ctx.actor, "calls.read");
  const acknowledged = query.acknowledged === "true";
  const items = await selectMessages(
    ctx.database.db,
    and(inboxOf(ctx), acknowledged ? isNotNull(phoneMessages.acknowledgedAt) : isNull(phoneMessages.acknowledgedAt)),
    acknowledged
      ? { order: [desc(phoneMessages.acknowledgedAt)], limit: ACKNOWLEDGED_SHOWN }
      : { order: [asc(phoneMessages.createdAt)] },
  );
  return { items };
}

/** How many messages wait in the inbox: the badge of the navigation. */
export async function countInbox(ctx: Ctx): Promise<{ unacknowledged: number }> {
  authorize(ctx.actor, "calls.read");
  const [row] = await ctx.database.db
    .select({ n: count() })
    .from(phoneMessages)
    .where(and(inboxOf(ctx), isNull(phoneMessages.acknowledgedAt)));
  return { unacknowledged: row?.n ?? 0 };
}

/** Every message taken on a day of the clinic's calendar (today by default), oldest first. */
export async function listMessagesOfDay(ctx: Ctx, query: { day?: string }): Promise<MessageList> {
  authorize(ctx.actor, "calls.read");
  const { day, timeZone } = await resolveDay(ctx, query.day);
  const { start, end } = dayBounds(day, timeZone);
  const items = await selectMessages(
    ctx.database.db,
    and(gte(phoneMessages.createdAt, start), lt(phoneMessages.createdAt, end)),
    { order: [asc(phoneMessages.createdAt)] },
  );
  return { items };
}
