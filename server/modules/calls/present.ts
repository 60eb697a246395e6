import { eq, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { toIso, toIsoOrNull } from "../../../shared/schemas.ts";
import type { Executor } from "../../db/client.ts";
import { calls, people, users } from "../../db/schema/index.ts";
import { notFound } from "../../http/errors.ts";
import { personRefColumns, presentPersonRef } from "../people/present.ts";
import { presentUserName, userNameColumns } from "../users/present.ts";
import type { CallOutcome, CallView } from "./call.schema.ts";

export type CallRow = typeof calls.$inferSelect;

type UserName = Parameters<typeof presentUserName>[0];
type PersonRef = { id: string; kind: string; lastName: string; firstName: string } | null;

export function presentCall(row: CallRow, answeredBy: UserName, resumedBy: UserName, person: PersonRef): CallView {
  return {
    id: row.id,
    channel: row.channel as CallView["channel"],
    receivedAt: toIso(row.receivedAt),
    capturedAt: toIsoOrNull(row.capturedAt),
    phone: row.phone,
    callerName: row.callerName,
    answeredBy: presentUserName(answeredBy),
    transferredInServiceId: row.transferredInServiceId,
    request: row.request,
    cameBefore: row.cameBefore,
    outcome: row.outcome as CallOutcome | null,
    transferServiceId: row.transferServiceId,
    transferUserId: row.transferUserId,
    holdSeconds: row.holdSeconds,
    personId: row.personId,
    person: person ? presentPersonRef(person) : null,
    interactionId: row.interactionId,
    notes: row.notes,
    closedAt: toIsoOrNull(row.closedAt),
    resumedAt: toIsoOrNull(row.resumedAt),
    resumedBy: presentUserName(resumedBy),
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
    version: row.version,
  };
}

const answerer = alias(users, "answerer");
const resumer = alias(users, "resumer");

/** Register lines with the names they refer to, presented; `build` adds the where / order / paging. */
export async function selectCalls(
  executor: Executor,
  where: SQL | undefined,
  shape: { order: SQL[]; limit?: number; offset?: number },
): Promise<CallView[]> {
  let query = executor
    .select({
      call: calls,
      answeredBy: userNameColumns(answerer),
      resumedBy: userNameColumns(resumer),
      person: personRefColumns,
    })
    .from(calls)
    .leftJoin(answerer, eq(answerer.id, calls.answeredBy))
    .leftJoin(resumer, eq(resumer.id, calls.resumedBy))
    .leftJoin(people, eq(people.id, calls.personId))
    .where(where)
    .orderBy(...shape.order)
    .$dynamic();
  if (shape.limit !== undefined) query = query.limit(shape.limit);
  if (shape.offset !== undefined) query = query.offset(shape.offset);
  const rows = await query;
  return rows.map((r) => presentCall(r.call, r.answeredBy, r.resumedBy, r.person));
}

/** One register line, presented, or 404. */
export async function loadCallView(executor: Executor, id: string): Promise<CallView> {
  const [view] = await selectCalls(executor, eq(calls.id, id), { order: [] });
  if (!view) throw notFound("call");
  return view;
}

/** The row itself, locked for an update, or 404. */
export async function lockCall(executor: Executor, id: string): Promise<CallRow> {
  const [row] = await executor.select().from(calls).where(eq(calls.id, id)).for("update");
  if (!row) throw notFound("call");
  return row;
}
