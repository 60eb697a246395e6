import { and, count, gte, lt, min, notExists, type SQL, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import { addCalendarDays, clinicDay, dayBounds, startOfClinicDay } from "../../clinic-calendar.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { digestMarks, interactions } from "../../db/schema/index.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import {
  DIGEST_LOOKBACK_DAYS,
  type Digest,
  type DigestLine,
  type DigestProcessedFilter,
  type DigestQuery,
} from "./digest.schema.ts";
import { selectDigestLines } from "./present.ts";

/** The day asked, or the clinic's day before today ("la veille"), with the settings it is read with. */
export async function resolveDigestDay(
  ctx: Ctx,
  day: string | undefined,
): Promise<{ day: string; settings: Settings }> {
  const { settings } = await readSettings(ctx.database.db);
  return { day: day ?? addCalendarDays(clinicDay(ctx.clock.now(), settings.timeZone), -1), settings };
}

/** Every interaction of a clinic day, processed or not, oldest first. */
export async function digestLinesOfDay(executor: Executor, day: string, settings: Settings): Promise<DigestLine[]> {
  const { start, end } = dayBounds(day, settings.timeZone);
  const inDay = and(gte(interactions.occurredAt, start), lt(interactions.occurredAt, end)) as SQL;
  return selectDigestLines(executor, inDay, settings);
}

export const keepLine = (line: DigestLine, processed: DigestProcessedFilter) =>
  processed === "all" || (processed === "true") === (line.processed !== null);

/**
 * The daily digest (procedure 2: « extraire jour par jour la liste de toutes les
 * interactions (avec les prospects et les patients) de la veille »): the day's
 * interactions, by default those not yet processed, and how many of the days
 * before were left unprocessed.
 */
export async function listDigest(ctx: Ctx, query: DigestQuery): Promise<Digest> {
  authorize(ctx.actor, "digest.manage");
  const { db } = ctx.database;
  const { day, settings } = await resolveDigestDay(ctx, query.day);
  const processed = query.processed ?? "false";
  const all = await digestLinesOfDay(db, day, settings);
  const done = all.filter((line) => line.processed !== null).length;
  return {
    day,
    processed,
    lines: all.filter((line) => keepLine(line, processed)),
    counts: { total: all.length, processed: done, unprocessed: all.length - done },
    earlier: await earlierUnprocessed(db, day, settings.timeZone),
  };
}

/** Unprocessed interactions of the DIGEST_LOOKBACK_DAYS days before `day`, and the oldest day among them. */
async function earlierUnprocessed(executor: Executor, day: string, timeZone: string): Promise<Digest["earlier"]> {
  const since = addCalendarDays(day, -DIGEST_LOOKBACK_DAYS);
  const [row] = await executor
    .select({ n: count(), oldest: min(interactions.occurredAt) })
    .from(interactions)
    .where(
      and(
        gte(interactions.occurredAt, startOfClinicDay(since, timeZone)),
        lt(interactions.occurredAt, startOfClinicDay(day, timeZone)),
        notExists(
          executor
            .select({ one: sql`1` })
            .from(digestMarks)
            .where(sql`${digestMarks.interactionId} = ${interactions.id}`),
        ),
      ),
    );
  const oldest = row?.oldest ? new Date(row.oldest) : null;
  return { since, unprocessed: row?.n ?? 0, oldestDay: oldest ? clinicDay(oldest, timeZone) : null };
}
