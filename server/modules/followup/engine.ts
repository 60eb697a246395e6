import { type SQL, sql } from "drizzle-orm";
import { WEEK36_DAYS } from "../../../shared/births.ts";
import type { RuleId } from "../../../shared/followup.ts";
import { DATE_BOUNDS } from "../../../shared/limits.ts";
import { addCalendarDays, clinicDay } from "../../clinic-calendar.ts";
import { type Clock, stopwatch } from "../../clock.ts";
import type { Database, Executor } from "../../db/client.ts";
import { followUpRuns } from "../../db/schema/index.ts";
import { AppError } from "../../http/errors.ts";
import { ERROR_MESSAGES } from "../../i18n/messages.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import { businessCalendarOf, calendarRows } from "./business-calendar.ts";
import { RULES } from "./rules/index.ts";
import type { Rule, RuleContext } from "./rules/rule.ts";
import { interval } from "./rules/vaccine-late.ts";
import { refreshFirstResponseSla, SLA_BATCH, SLA_BATCH_INCREMENTAL } from "./sla.ts";
import { count } from "./sql-count.ts";

/** The advisory lock held for a run: two instances (or a schedule and a click) never run it at once. */
const ENGINE_LOCK = 482_675_103;

/** Days of calendar the run's business-day table covers around asOf (older first contacts: see below). */
const CALENDAR_MARGIN_DAYS = 400;

/**
 * The oldest day the calendar table ever starts from: the first contacts the
 * API and the importer accept start in 1990 (shared/limits.ts). A row older
 * than that (typed into the base by hand) falls back to calendar days in the
 * rules (RuleContext.addBusinessDays): it is past due either way.
 */
const CALENDAR_FLOOR_DAY = addCalendarDays(DATE_BOUNDS.contactDateMin, -31);

export type RunTrigger = "schedule" | "api" | "cli";

/**
 * full: every record is examined. incremental: only the records changed since
 * the previous run (interactions recorded, records or appointments updated,
 * appointments whose start time has passed since, pathways, deliveries and 36 SA
 * checklists written, pregnancies reaching 36 SA since), for the rules that follow a
 * record; register lines and messages are always examined whole. An
 * incremental run falls back to full when there is no previous run, when asOf
 * or the clock went back, when the previous run was as of a past instant, or
 * when the settings changed since.
 */
export type RunMode = "full" | "incremental";

/** Margin before the previous run's start: a write whose transaction began before it and committed after. */
const INCREMENTAL_MARGIN_MS = 10 * 60_000;

export interface RunResult {
  asOf: string;
  mode: RunMode;
  /** Per rule: tasks created, tasks closed, and the milliseconds the rule's two statements took. */
  counts: Record<RuleId, { created: number; closed: number; ms: number }>;
  /** First-response SLA rows written or changed. */
  sla: number;
  slaMs: number;
  durationMs: number;
}

/**
 * Runs every rule as of an instant, in one transaction under an advisory
 * lock: for each rule, first close the open tasks whose condition no longer
 * holds (with the reason), then insert the tasks that are missing (one per
 * rule, person and source, ever: `on conflict do nothing` on the unique key).
 * Then refresh the first-response SLA figures. Everything is set-based SQL;
 * running it twice as of the same instant changes nothing.
 */
export async function runFollowUpEngine(
  database: Database,
  clock: Clock,
  asOf: Date,
  options: {
    trigger: RunTrigger;
    triggeredBy?: string | null;
    slaBatch?: number;
    mode?: RunMode;
    /** Rows written beyond which the tables' statistics are refreshed (tests lower it). */
    analyzeAfterRows?: number;
  },
): Promise<RunResult> {
  const startedAt = clock.now();
  const elapsed = stopwatch();
  const { settings, version: settingsVersion } = await readSettings(database.db);
  try {
    return await runInTransaction();
  } catch (error) {
    // The transaction rolled back: the failure is recorded in a statement of its own.
    const failure = runFailureOf(error);
    await database.db
      .insert(followUpRuns)
      .values({
        asOf,
        startedAt,
        finishedAt: clock.now(),
        trigger: options.trigger,
        triggeredBy: options.triggeredBy ?? null,
        mode: options.mode ?? "full",
        settingsVersion,
        counts: {},
        status: "failed",
        error: `${failure.code} : ${ERROR_MESSAGES["followup.run_failed"]}`,
      })
      .catch(() => {});
    const refusal = new AppError(500, "followup.run_failed", { details: { code: failure.code } });
    refusal.cause = failure;
    throw refusal;
  }

  function runInTransaction(): Promise<RunResult> {
    return database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${ENGINE_LOCK})`);
      // The first run joins and sorts the whole base (SLA figures): in memory rather than spilled to disk.
      if (database.kind === "postgresql") await tx.execute(sql`set local work_mem = '128MB'`);
      await createCalendarTable(tx, settings, asOf);
      const mode =
        options.mode === "incremental" && (await scopeToChanges(tx, asOf, startedAt, settingsVersion, settings))
          ? "incremental"
          : "full";
      const c = ruleContext(settings, asOf, mode);
      const counts = {} as RunResult["counts"];
      for (const rule of RULES) counts[rule.id] = await runRule(tx, rule, c);
      const slaElapsed = stopwatch();
      const sla = await refreshFirstResponseSla(
        tx,
        c,
        options.slaBatch ?? (mode === "full" ? SLA_BATCH : SLA_BATCH_INCREMENTAL),
      );
      const slaMs = Math.round(slaElapsed());
      await refreshStatistics(tx, counts, sla, options.analyzeAfterRows ?? ANALYZE_AFTER_ROWS);
      const durationMs = Math.round(elapsed());
      await tx.insert(followUpRuns).values({
        asOf,
        startedAt,
        finishedAt: clock.now(),
        trigger: options.trigger,
        triggeredBy: options.triggeredBy ?? null,
        mode,
        settingsVersion,
        counts,
      });
      return { asOf: asOf.toISOString(), mode, counts, sla, slaMs, durationMs };
    });
  }
}

/** Longest message a failure keeps (for the log): never the query nor its parameters. */
const FAILURE_MESSAGE_MAX = 200;

/**
 * What a failed run keeps of its error: the database's SQLSTATE (or the
 * error's name) and the first words of the database's own message. Drizzle's
 * message carries the whole query with its parameters (the calendar's arrays,
 * people's values): it is never kept.
 */
export function runFailureOf(error: unknown): { code: string; message: string } {
  let e: unknown = error;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  const code =
    e && typeof e === "object" && "code" in e && typeof e.code === "string" ? e.code : (e as Error)?.name || "Error";
  const raw = e instanceof Error && !/^Failed query/.test(e.message) ? e.message : "";
  // Quoted values (a refused input, a key) are left out: they may be someone's data.
  const message = raw
    .replace(/\s+/g, " ")
    .replace(/"[^"]*"|'[^']*'/g, "…")
    .slice(0, FAILURE_MESSAGE_MAX);
  return { code, message };
}

/** Rows written by a run beyond which the planner's statistics of the table are refreshed at once. */
const ANALYZE_AFTER_ROWS = 10_000;

/**
 * A first run (or a large import) writes tens of thousands of tasks and SLA
 * rows; until autovacuum analyzes them, the next runs are planned as if the
 * tables were still empty (nested loops over what are now large tables:
 * minutes instead of seconds). ANALYZE in the run's transaction counts its own
 * rows and samples a bounded number of pages.
 */
async function refreshStatistics(tx: Executor, counts: RunResult["counts"], sla: number, threshold: number) {
  const tasks = Object.values(counts).reduce((n, c) => n + c.created + c.closed, 0);
  if (tasks >= threshold) await tx.execute(sql`analyze follow_up_tasks`);
  if (sla >= threshold) await tx.execute(sql`analyze first_response_sla`);
}

async function runRule(tx: Executor, rule: Rule, c: RuleContext) {
  const elapsed = stopwatch();
  const closed = await count(
    tx,
    sql`with closed as (
      update follow_up_tasks t
      set status = 'closed', closed_at = ${c.asOf}, close_reason = x.reason, version = t.version + 1
      from (${rule.closures(c)}) x
      where t.id = x.id and x.reason is not null and t.status = 'open'
      returning 1
    ) select count(*)::int as n from closed`,
  );
  const created = await count(
    tx,
    sql`with made as (
      insert into follow_up_tasks
        (rule, person_id, source_type, source_id, due_at, original_due_at, assignee_user_id, assignee_role, created_at)
      select ${rule.id}, k.person_id, ${rule.otherSourceType ? sql`coalesce(k.source_type, ${rule.sourceType})` : rule.sourceType}, k.source_id, k.due_at, k.due_at, k.assignee_user_id,
             ${rule.assigneeRole}, ${c.asOf}
      from (${rule.candidates(c)}) k
      on conflict do nothing
      returning 1
    ) select count(*)::int as n from made`,
  );
  return { created, closed, ms: Math.round(elapsed()) };
}

/**
 * The run's business-day table: each day from well before the oldest first
 * contact (but never before CALENDAR_FLOOR_DAY, so a mistyped year-1 date can
 * neither break nor slow a run) to well after asOf, whether the clinic works,
 * and the number of business days up to it. Dropped at commit.
 */
export async function createCalendarTable(tx: Executor, settings: Settings, asOf: Date) {
  const today = clinicDay(asOf, settings.timeZone);
  const oldest = (await tx.execute(
    sql`select min(first_contact_date)::text as day from people
      where kind = 'prospect' and first_contact_date >= ${DATE_BOUNDS.contactDateMin}::date`,
  )) as unknown as { rows: { day: string | null }[] };
  const margin = addCalendarDays(today, -CALENDAR_MARGIN_DAYS);
  const earliest = addCalendarDays([oldest.rows[0]?.day ?? margin, margin].sort()[0] as string, -31);
  const fromDay = earliest < CALENDAR_FLOOR_DAY ? CALENDAR_FLOOR_DAY : earliest;
  const { days, business, ordinals } = calendarRows(
    fromDay,
    addCalendarDays(today, CALENDAR_MARGIN_DAYS),
    businessCalendarOf(settings),
  );
  await tx.execute(
    sql`create temp table fu_calendar (day date primary key, business boolean not null, idx int not null) on commit drop`,
  );
  await tx.execute(sql`insert into fu_calendar (day, business, idx)
    select * from unnest(${sql.param(days)}::date[], ${sql.param(business)}::boolean[], ${sql.param(ordinals)}::int[])`);
  await tx.execute(sql`create index on fu_calendar (idx) where business`);
  await tx.execute(sql`analyze fu_calendar`);
}

/**
 * Fills the run's table of changed records (fu_dirty) for an incremental run;
 * false when the run must be full.
 */
async function scopeToChanges(
  tx: Executor,
  asOf: Date,
  startedAt: Date,
  settingsVersion: number,
  settings: Settings,
): Promise<boolean> {
  const previous = (await tx.execute(
    sql`select started_at, as_of, settings_version from follow_up_runs where status = 'done' order by started_at desc limit 1`,
  )) as unknown as { rows: { started_at: string | Date; as_of: string | Date; settings_version: number | null }[] };
  const last = previous.rows[0];
  if (!last) return false;
  const lastStart = new Date(last.started_at);
  const lastAsOf = new Date(last.as_of);
  const since = new Date(lastStart.getTime() - INCREMENTAL_MARGIN_MS);
  if (asOf < lastAsOf || startedAt < lastStart) return false;
  // The previous run replayed a past instant: what happened since that instant was not seen.
  if (lastAsOf < since) return false;
  if (last.settings_version !== settingsVersion) return false;
  const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  await tx.execute(sql`create temp table fu_dirty (person_id uuid primary key) on commit drop`);
  await tx.execute(sql`insert into fu_dirty (person_id)
    select person_id from interactions where recorded_at > ${at(since)}
    union select id from people where updated_at > ${at(since)}
    union select person_id from temperature_changes where changed_at > ${at(since)}
    union select person_id from vaccination_doses where updated_at > ${at(since)}
    union select person_id from appointments
      where updated_at > ${at(since)} or (starts_at > ${at(lastAsOf)} and starts_at <= ${at(asOf)})
    union select person_id from pathways where updated_at > ${at(since)}
    union select person_id from pathways
      where type = 'pregnancy' and ended_on is null
        and ddr + ${WEEK36_DAYS}::int between ${at(lastAsOf)}::date - 1 and ${at(asOf)}::date + 1
    union select mother_id from deliveries where updated_at > ${at(since)}
    union select person_id from pregnancy_calls where updated_at > ${at(since)}
    union ${dosesGoneLate(settings, at(lastAsOf), at(asOf))}`);
  await tx.execute(sql`analyze fu_dirty`);
  return true;
}

/**
 * The children one of whose doses went late since the previous run (due day birth + age, late the day after
 * due + lateAfterDays): a birth-date range per age of the schedule, a few days wide (months are not all as
 * long), read on people_birth_date_idx. A dose pushed back by its previous one is seen by the full runs.
 */
function dosesGoneLate(settings: Settings, from: SQL, to: SQL): SQL {
  const tz = sql`${settings.timeZone}::text`;
  const day = (instant: SQL) => sql`(${instant} at time zone ${tz})::date`;
  const lateDays = settings.vaccination.lateAfterDays + 1;
  const ages = [...new Map(settings.vaccination.schedule.map((d) => [JSON.stringify(d.age), d.age])).values()];
  if (ages.length === 0) return sql`select null::uuid where false`;
  const ranges = ages.map(
    (age) => sql`p.birth_date between (${day(from)} - ${lateDays}::int - ${interval(age)})::date - 3
                 and (${day(to)} - ${lateDays}::int - ${interval(age)})::date + 3`,
  );
  return sql`select p.id from people p where p.birth_date is not null and (${sql.join(ranges, sql` or `)})`;
}

/** The SQL the rules are written with (rule.ts). */
export function ruleContext(settings: Settings, asOf: Date, mode: RunMode = "full"): RuleContext {
  const at = sql`${asOf.toISOString()}::timestamptz`;
  const tz = sql`${settings.timeZone}::text`;
  const opens = sql`${settings.businessDays.opensAt}::time`;
  const closes = sql`${settings.businessDays.closesAt}::time`;
  const local = (instant: SQL) => sql`(${instant} at time zone ${tz})`;
  return {
    asOf: at,
    settings,
    timeZone: tz,
    addBusinessDays: (instant, days) => sql`coalesce(
      (select (cal_due.day + case when cal_from.business then ${local(instant)}::time else ${opens} end) at time zone ${tz}
       from fu_calendar cal_from
       join fu_calendar cal_due
         on cal_due.business and cal_due.idx = cal_from.idx + ${days}::int + case when cal_from.business then 0 else 1 end
       where cal_from.day = ${local(instant)}::date),
      ${instant} + make_interval(days => ${days}::int))`,
    closingTimeOf: (instant) => sql`((${local(instant)}::date + ${closes}) at time zone ${tz})`,
    addCalendarDays: (instant, days) =>
      sql`((${local(instant)} + make_interval(days => ${days}::int)) at time zone ${tz})`,
    windowStart: (days) => sql`((${local(at)}::date - ${days}::int)::timestamp at time zone ${tz})`,
    inScope: (personId) =>
      mode === "full" ? sql`true` : sql`exists (select 1 from fu_dirty where fu_dirty.person_id = ${personId})`,
    // OFFSET 0 keeps the sublink from being pulled up into a join: it stays a filter on the tasks' scan.
    taskInScope: (personId) =>
      mode === "full" ? sql`true` : sql`${personId} in (select person_id from fu_dirty offset 0)`,
    requestTypeCodes: (categories) => {
      const codes = settings.requestTypes.filter((t) => categories.includes(t.category)).map((t) => t.code);
      return sql`${sql.param(codes)}::text[]`;
    },
  };
}
