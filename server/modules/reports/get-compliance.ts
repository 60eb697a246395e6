import { type SQL, sql } from "drizzle-orm";
import type { RuleId } from "../../../shared/followup.ts";
import type { Role } from "../../../shared/roles.ts";
import { authorize } from "../../authorize.ts";
import { addCalendarDays, startOfClinicDay } from "../../clinic-calendar.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { onReplica } from "../../db/replica.ts";
import { RULE_LABELS } from "../followup/run-command.ts";
import { statusSql } from "../people/list-people.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import type {
  Compliance,
  ComplianceQuery,
  ComplianceRecords,
  ComplianceRecordsQuery,
  ComplianceShare,
} from "./compliance.schema.ts";
import { type Period, resolvePeriod, SHARES, type ShareDefinition, shareContext } from "./compliance.ts";

/** Who a task is assigned to when no one is named: the role, in French. */
const ROLE_NAMES: Record<Role, string> = {
  admin: "Pilote (administration)",
  prospects_manager: "Responsable du suivi des prospects",
  crm_secretary: "Secrétaires GRC",
  reception: "Accueil",
  medical_secretary: "Secrétaires médicales",
  viewer: "Direction",
};

type Rows<T> = { rows: T[] };
const rowsOf = async <T>(executor: Executor, statement: SQL) =>
  ((await executor.execute(statement)) as unknown as Rows<T>).rows;

const ratio = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  value: denominator > 0 ? numerator / denominator : null,
});

/** The first day of each bucket of the period: Mondays (weekly) or first days of months. */
function bucketStarts(period: Period): string[] {
  const starts: string[] = [];
  const first = new Date(`${period.from}T00:00:00Z`);
  if (period.bucket === "week") first.setUTCDate(first.getUTCDate() - ((first.getUTCDay() + 6) % 7));
  else first.setUTCDate(1);
  for (let day = first; day.toISOString().slice(0, 10) <= period.through; ) {
    starts.push(day.toISOString().slice(0, 10));
    day = new Date(day);
    if (period.bucket === "week") day.setUTCDate(day.getUTCDate() + 7);
    else day.setUTCMonth(day.getUTCMonth() + 1);
  }
  return starts;
}

async function share(executor: Executor, definition: ShareDefinition, period: Period, settings: Settings) {
  const c = shareContext(period, settings, { start: period.previousStart, end: period.end });
  const unit = period.bucket === "week" ? "week" : "month";
  const rows = await rowsOf<{ bucket: string; numerator: number; denominator: number }>(
    executor,
    sql`with r as (${definition.rows(c)})
      select case when r.at < ${period.start.toISOString()}::timestamptz then 'previous'
                  else to_char(date_trunc(${unit}, r.at at time zone ${settings.timeZone}::text), 'YYYY-MM-DD') end as bucket,
             count(*) filter (where r.counted and r.met)::int as numerator,
             count(*) filter (where r.counted)::int as denominator
      from r group by 1`,
  );
  const previous = rows.find((row) => row.bucket === "previous");
  const inPeriod = rows.filter((row) => row.bucket !== "previous");
  const sum = (key: "numerator" | "denominator") => inPeriod.reduce((n, row) => n + row[key], 0);
  const result: ComplianceShare = {
    id: definition.id,
    procedure: definition.procedure,
    label: definition.label,
    lowerIsBetter: definition.lowerIsBetter ?? false,
    ...ratio(sum("numerator"), sum("denominator")),
    previous: ratio(previous?.numerator ?? 0, previous?.denominator ?? 0),
    trend: bucketStarts(period).map((start) => {
      const row = inPeriod.find((r) => r.bucket === start);
      return { start, ...ratio(row?.numerator ?? 0, row?.denominator ?? 0) };
    }),
  };
  return result;
}

/** Open tasks past due at an instant: created by then, not yet done or closed then. */
const overdueAt = (at: SQL) =>
  sql`t.created_at <= ${at} and t.due_at < ${at} and (t.status = 'open' or t.closed_at > ${at})`;

async function overdue(executor: Executor, period: Period, settings: Settings): Promise<Compliance["overdue"]> {
  const at = new Date(Math.min(period.end.getTime(), period.asOf.getTime())).toISOString();
  const instant = sql`${at}::timestamptz`;
  const byRule = await rowsOf<{ rule: RuleId; count: number }>(
    executor,
    sql`select t.rule, count(*)::int as count from follow_up_tasks t where ${overdueAt(instant)}
        group by t.rule order by count(*) desc, t.rule`,
  );
  const byAssignee = await rowsOf<{
    user_id: string | null;
    role: Role | null;
    first_name: string | null;
    last_name: string | null;
    count: number;
  }>(
    executor,
    sql`select t.assignee_user_id as user_id, case when t.assignee_user_id is null then t.assignee_role end as role,
               u.first_name, u.last_name, count(*)::int as count
        from follow_up_tasks t left join users u on u.id = t.assignee_user_id
        where ${overdueAt(instant)}
        group by 1, 2, 3, 4 order by count(*) desc, 3, 4, 2`,
  );
  const starts = bucketStarts(period);
  const ends = starts.map((start) => {
    const next = period.bucket === "week" ? addCalendarDays(start, 7) : nextMonth(start);
    const end = startOfClinicDay(next, settings.timeZone).getTime();
    return new Date(Math.min(end, period.end.getTime(), period.asOf.getTime())).toISOString();
  });
  const trend = await rowsOf<{ at: string | Date; count: number }>(
    executor,
    sql`select e.at, (select count(*)::int from follow_up_tasks t where ${overdueAt(sql`e.at`)}) as count
        from unnest(${sql.param(ends)}::timestamptz[]) as e(at)`,
  );
  return {
    at,
    total: byRule.reduce((n, row) => n + row.count, 0),
    byRule: byRule.map((row) => ({ rule: row.rule, label: RULE_LABELS[row.rule] ?? row.rule, count: row.count })),
    byAssignee: byAssignee.map((row) => ({
      userId: row.user_id,
      role: row.role,
      name: row.user_id
        ? `${row.first_name ?? ""} ${row.last_name ?? ""}`.trim()
        : (ROLE_NAMES[row.role as Role] ?? "—"),
      count: row.count,
    })),
    trend: starts.map((start, i) => ({
      start,
      count: trend.find((row) => new Date(row.at).toISOString() === ends[i])?.count ?? 0,
    })),
  };
}

function nextMonth(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + 1, 1);
  return date.toISOString().slice(0, 10);
}

async function prospects(executor: Executor, period: Period, settings: Settings): Promise<Compliance["prospects"]> {
  const at = new Date(Math.min(period.end.getTime(), period.asOf.getTime()));
  const rows = await rowsOf<{ temperature: "hot" | "warm" | "cold"; status: string; count: number }>(
    executor,
    sql`select s.temperature, s.status, count(*)::int as count from (
          select people.temperature, ${statusSql(settings, at)} as status from people
          where people.kind = 'prospect' and people.merged_into_id is null and people.created_at <= ${at.toISOString()}::timestamptz
            and (people.converted_at is null or people.converted_at > ${at.toISOString()}::timestamptz)
        ) s group by 1, 2`,
  );
  const count = (temperature: string, status: string) =>
    rows.find((row) => row.temperature === temperature && row.status === status)?.count ?? 0;
  return {
    at: at.toISOString(),
    total: rows.reduce((n, row) => n + row.count, 0),
    byTemperature: (["hot", "warm", "cold"] as const).map((temperature) => ({
      temperature,
      normal: count(temperature, "normal"),
      dormant: count(temperature, "dormant"),
      lost: count(temperature, "lost"),
    })),
  };
}

/** Entry interviews held in the period and in the one before it (procedure 5), none after asOf. */
async function entryInterviewsHeld(executor: Executor, period: Period): Promise<Compliance["entryInterviews"]> {
  const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const [row] = await rowsOf<{ held: number; previous: number }>(
    executor,
    sql`select count(*) filter (where i.held_at >= ${iso(period.start)})::int as held,
               count(*) filter (where i.held_at < ${iso(period.start)})::int as previous
        from entry_interviews i
        where i.held_at >= ${iso(period.previousStart)} and i.held_at < ${iso(period.end)}
          and i.held_at <= ${iso(period.asOf)}`,
  );
  return { held: row?.held ?? 0, previous: row?.previous ?? 0 };
}

/**
 * The procedure-compliance dashboard over a period (issue 6): one share per
 * procedure rule with the period before it and its trend, the overdue tasks by
 * rule and by person, the prospects by status and temperature. The one
 * computation behind the screen and the monthly report (monthly-report.ts):
 * a period running past the as-of day is counted up to that day only.
 */
export async function getCompliance(ctx: Ctx, query: ComplianceQuery): Promise<Compliance> {
  authorize(ctx.actor, "reports.read");
  const { db } = onReplica(ctx).database;
  const { settings } = await readSettings(db);
  const period = resolvePeriod(query, ctx.clock.now(), settings);
  const shares: ComplianceShare[] = [];
  for (const definition of SHARES) shares.push(await share(db, definition, period, settings));
  return {
    from: period.from,
    to: period.to,
    through: period.through,
    running: period.running,
    asOf: period.asOf.toISOString(),
    bucket: period.bucket,
    targetPercent: settings.complianceTargetPercent,
    shares,
    overdue: await overdue(db, period, settings),
    entryInterviews: await entryInterviewsHeld(db, period),
    prospects: await prospects(db, period, settings),
  };
}

/** The records behind a share's figure: those it counts as met, or the others of its denominator. */
export async function getComplianceRecords(ctx: Ctx, query: ComplianceRecordsQuery): Promise<ComplianceRecords> {
  authorize(ctx.actor, "reports.read");
  const { db } = onReplica(ctx).database;
  const { settings } = await readSettings(db);
  const period = resolvePeriod(query, ctx.clock.now(), settings);
  const definition = SHARES.find((s) => s.id === query.indicator) as ShareDefinition;
  const c = shareContext(period, settings, { start: period.start, end: period.end });
  const part = query.part === "met" ? sql`and r.met` : query.part === "missed" ? sql`and not r.met` : sql``;
  const rows = await rowsOf<{
    id: string;
    at: string | Date;
    met: boolean;
    person_id: string | null;
    kind: "call" | "prospect" | "task" | "appointment" | "pregnancy" | "survey" | "vaccine";
    detail: string | null;
    person_kind: "prospect" | "patient" | null;
    last_name: string | null;
    first_name: string | null;
    total: number;
  }>(
    db,
    sql`with r as (${definition.rows(c)})
      select r.id, r.at, r.met, r.person_id, r.kind, r.detail, p.kind as person_kind, p.last_name, p.first_name,
             count(*) over ()::int as total
      from r left join people p on p.id = r.person_id
      where r.counted ${part}
      order by r.at, r.id
      limit 500`,
  );
  return {
    indicator: query.indicator,
    part: query.part,
    from: period.from,
    to: period.to,
    total: rows[0]?.total ?? 0,
    records: rows.map((row) => ({
      kind: row.kind,
      id: row.id,
      at: new Date(row.at).toISOString(),
      met: row.met,
      person:
        row.person_id && row.person_kind
          ? { id: row.person_id, kind: row.person_kind, lastName: row.last_name ?? "", firstName: row.first_name ?? "" }
          : null,
      detail: row.detail,
    })),
  };
}
