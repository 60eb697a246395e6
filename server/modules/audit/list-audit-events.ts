import { and, desc, eq, gte, like, lt, type SQL } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { auditEvents } from "../../db/schema/index.ts";
import type { ListAuditQuery } from "./audit.schema.ts";

/** The audit trail, newest first, filtered, a page at a time. */
export async function listAuditEvents(ctx: Ctx, query: ListAuditQuery) {
  authorize(ctx.actor, "audit.read");
  const filters: SQL[] = [];
  if (query.actorId) filters.push(eq(auditEvents.actorId, query.actorId));
  // "user." lists every action on users; an exact action name matches itself.
  if (query.action) filters.push(like(auditEvents.action, `${query.action.replace(/[%_\\]/g, "\\$&")}%`));
  if (query.entityType) filters.push(eq(auditEvents.entityType, query.entityType));
  if (query.entityId) filters.push(eq(auditEvents.entityId, query.entityId));
  if (query.from) filters.push(gte(auditEvents.occurredAt, new Date(query.from)));
  if (query.to) filters.push(lt(auditEvents.occurredAt, new Date(query.to)));
  if (query.before) filters.push(lt(auditEvents.id, query.before));
  const rows = await ctx.database.db
    .select()
    .from(auditEvents)
    .where(and(...filters))
    .orderBy(desc(auditEvents.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    events: page.map((row) => ({
      ...row,
      occurredAt: row.occurredAt.toISOString(),
      actorType: row.actorType as "user" | "api_key" | "system",
    })),
    nextBefore: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
