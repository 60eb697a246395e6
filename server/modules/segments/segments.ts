import { asc, eq, sql } from "drizzle-orm";
import { type SegmentFilter, segmentFilterSchema } from "../../../shared/segments.ts";
import { authorize } from "../../authorize.ts";
import { clinicDay } from "../../clinic-calendar.ts";
import { stopwatch } from "../../clock.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { onReplica } from "../../db/replica.ts";
import { segments } from "../../db/schema/index.ts";
import { AppError, notFound, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import { isMobile } from "../sms/recipient.ts";
import type { CreateSegmentInput, SegmentPreview, SegmentView, UpdateSegmentInput } from "./segment.schema.ts";
import { SEGMENT_WORK_MEM, type SegmentAsOf, segmentCondition } from "./segment-sql.ts";

/** Saved segments (issue 16): named filters over people, counted live, picked by campaigns. */

/** The rows of a raw query (node-postgres and PGlite both answer `{ rows }`). */
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

type SegmentRow = typeof segments.$inferSelect;

const present = (row: SegmentRow): SegmentView => ({
  id: row.id,
  name: row.name,
  filter: row.filter,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/**
 * The checks between a filter's fields (a range's min ≤ max), answered 422 naming the field
 * (`filter.visits.max`); the routes' schemas checked its shape already.
 */
export function checkFilter(filter: SegmentFilter): SegmentFilter {
  const result = segmentFilterSchema.safeParse(filter);
  if (result.success) return result.data;
  throw new AppError(422, "segment_filter_invalid", {
    details: {
      issues: result.error.issues.map((issue) => ({
        field: ["filter", ...issue.path].join("."),
        location: "body",
        message: issue.message,
      })),
    },
  });
}

/** The clinic's today and time zone, what segments count from. */
export async function segmentAsOf(ctx: Ctx): Promise<SegmentAsOf> {
  const { settings } = await readSettings(ctx.database.db);
  return { today: clinicDay(ctx.clock.now(), settings.timeZone), timeZone: settings.timeZone };
}

export async function listSegments(ctx: Ctx): Promise<{ items: SegmentView[] }> {
  authorize(ctx.actor, "campaigns.manage");
  const rows = await ctx.database.db.select().from(segments).orderBy(asc(segments.name), asc(segments.id));
  return { items: rows.map(present) };
}

async function loadSegment(db: Executor, id: string, forUpdate = false): Promise<SegmentRow> {
  const query = db.select().from(segments).where(eq(segments.id, id));
  const [row] = forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound("segment");
  return row;
}

export async function getSegment(ctx: Ctx, id: string): Promise<SegmentView> {
  authorize(ctx.actor, "campaigns.manage");
  return present(await loadSegment(ctx.database.db, id));
}

export async function createSegment(ctx: Ctx, input: CreateSegmentInput): Promise<SegmentView> {
  authorize(ctx.actor, "campaigns.manage");
  checkFilter(input.filter);
  const by = ctx.actor.type === "user" ? ctx.actor.id : null;
  return ctx.database.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const [row] = await tx
      .insert(segments)
      .values({ name: input.name, filter: input.filter, createdAt: now, createdBy: by, updatedAt: now, updatedBy: by })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const view = present(row);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "segment.create",
      entityType: "segment",
      entityId: row.id,
      after: { name: view.name, filter: view.filter },
    });
    return view;
  });
}

export async function updateSegment(ctx: Ctx, id: string, input: UpdateSegmentInput): Promise<SegmentView> {
  authorize(ctx.actor, "campaigns.manage");
  if (input.filter) checkFilter(input.filter);
  const by = ctx.actor.type === "user" ? ctx.actor.id : null;
  return ctx.database.db.transaction(async (tx) => {
    const before = await loadSegment(tx, id, true);
    if (before.version !== input.version) throw versionConflict(before.version);
    const [after] = await tx
      .update(segments)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.filter !== undefined ? { filter: input.filter } : {}),
        updatedAt: ctx.clock.now(),
        updatedBy: by,
        version: sql`${segments.version} + 1`,
      })
      .where(eq(segments.id, id))
      .returning();
    if (!after) throw notFound("segment");
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "segment.update",
      entityType: "segment",
      entityId: id,
      before: { name: before.name, filter: before.filter, version: before.version },
      after: { name: after.name, filter: after.filter, version: after.version },
    });
    return present(after);
  });
}

/** Deletes a segment at the version read; campaigns keep their own copy of the filter. */
export async function deleteSegment(ctx: Ctx, id: string, version: number): Promise<void> {
  authorize(ctx.actor, "campaigns.manage");
  await ctx.database.db.transaction(async (tx) => {
    const before = await loadSegment(tx, id, true);
    if (before.version !== version) throw versionConflict(before.version);
    await tx.delete(segments).where(eq(segments.id, id));
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "segment.delete",
      entityType: "segment",
      entityId: id,
      before: { name: before.name, filter: before.filter, version: before.version },
    });
  });
}

/** How many people the filter selects today (the live count of the editor), and how long it took. */
export async function countSegment(ctx: Ctx, filter: SegmentFilter): Promise<{ count: number; ms: number }> {
  authorize(ctx.actor, "campaigns.manage");
  checkFilter(filter);
  const asOf = await segmentAsOf(ctx);
  const elapsed = stopwatch();
  // The editor's live count may lag by the replica's delay (DATABASE_REPLICA_URL); a campaign's own recipients are read on the primary.
  const count = await countPeople(onReplica(ctx).database.db, filter, asOf);
  return { count, ms: Math.round(elapsed()) };
}

/**
 * Runs `work` in a transaction tuned for segments: SEGMENT_WORK_MEM for its sorts and hashes (a count over a
 * million people groups every attended visit: with the default 4 MB a hashed aggregate spills to disk, and is
 * computed again each time a plan loops over it). Campaigns may wrap their own queries on segmentCondition in
 * it too.
 */
export async function withSegmentMemory<T>(db: Executor, work: (tx: Executor) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local work_mem = '${SEGMENT_WORK_MEM}'`));
    // Parallel workers would each compute the whole aggregate of the visits again (the join's inner side), and
    // grouping the visits in the order of appointments_attended_person_idx, then merging with the people's
    // index, is twice as fast as hashing them (measured on 1,000,000 people: docs/NEWSLETTERS.md).
    await tx.execute(sql.raw("set local max_parallel_workers_per_gather = 0"));
    await tx.execute(sql.raw("set local enable_hashagg = off"));
    return work(tx);
  });
}

/** The number of people in a segment (for campaigns too). */
export async function countPeople(db: Executor, filter: SegmentFilter, asOf: SegmentAsOf): Promise<number> {
  const result = await withSegmentMemory(db, (tx) =>
    tx.execute(sql`select count(*)::int as n from people p where ${segmentCondition(filter, asOf)}`),
  );
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

/** The count and the first people of the filter, by name: who the editor shows. */
export async function previewSegment(ctx: Ctx, filter: SegmentFilter, limit: number): Promise<SegmentPreview> {
  authorize(ctx.actor, "campaigns.manage");
  checkFilter(filter);
  const { db } = onReplica(ctx).database;
  const asOf = await segmentAsOf(ctx);
  const condition = segmentCondition(filter, asOf);
  const [count, result] = await Promise.all([
    countPeople(db, filter, asOf),
    withSegmentMemory(db, (tx) =>
      tx.execute(sql`select p.id, p.kind, p.first_name, p.last_name, p.email, p.birth_date::text as birth_date,
        (select array_agg(ph.e164 order by ph.position, ph.e164) from person_phones ph where ph.person_id = p.id) as phones
      from people p where ${condition}
      order by p.last_name_key, p.first_name_key, p.id limit ${limit}`),
    ),
  ]);
  const rows = rowsOf<{
    id: string;
    kind: "prospect" | "patient";
    first_name: string;
    last_name: string;
    email: string | null;
    birth_date: string | null;
    phones: string[] | null;
  }>(result);
  return {
    count,
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      firstName: row.first_name,
      lastName: row.last_name,
      email: row.email,
      mobile: (row.phones ?? []).find(isMobile) ?? null,
      birthDate: row.birth_date,
    })),
  };
}
