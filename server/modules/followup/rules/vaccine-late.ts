import { type SQL, sql } from "drizzle-orm";
import { type AgeOffset, offsetDaysAtMost, type ScheduledDose } from "../../../../shared/vaccination.ts";
import type { Settings } from "../../settings/settings.schema.ts";
import { notDone, notTasked, type Rule, type RuleContext, reason } from "./rule.ts";

/** A dose that became late longer ago than this when the engine first sees it makes no task (a back-log). */
const LATE_WINDOW_DAYS = 30;

/** An age or a gap of the schedule as a PostgreSQL interval. */
export const interval = (o: AgeOffset) =>
  sql`make_interval(years => ${o.years ?? 0}::int, months => ${o.months ?? 0}::int, days => ${(o.weeks ?? 0) * 7 + (o.days ?? 0)}::int)`;

/** The dose of the same vaccine with the next lower number (shared/vaccination.ts previousDose). */
function previousDose(schedule: readonly ScheduledDose[], dose: ScheduledDose): ScheduledDose | undefined {
  let previous: ScheduledDose | undefined;
  for (const d of schedule) {
    if (d.vaccine === dose.vaccine && d.dose < dose.dose && (!previous || d.dose > previous.dose)) previous = d;
  }
  return previous;
}

/**
 * The settings' schedule as rows (vaccine, dose, label, age, gap, sex, previous dose number): each
 * dose's due day is computed in SQL as shared/vaccination.ts dosesFor does (PostgreSQL adds months as
 * date-fns does, a 29 February becoming the 28th).
 */
function scheduleRows(settings: Settings): SQL {
  const { schedule } = settings.vaccination;
  if (schedule.length === 0) {
    return sql`(select null::text as vaccine, null::int as dose, null::interval as age, null::interval as gap, null::text as sex, null::int as previous where false)`;
  }
  const rows = schedule.map((d) => {
    const previous = previousDose(schedule, d);
    return sql`(${d.vaccine}::text, ${d.dose}::int, ${interval(d.age)}, ${d.minGapAfterPrevious ? interval(d.minGapAfterPrevious) : sql`null::interval`}, ${d.sex ?? null}::text, ${previous?.dose ?? null}::int)`;
  });
  return sql`(values ${sql.join(rows, sql`, `)}) as s(vaccine, dose, age, gap, sex, previous)`;
}

/** The day a scheduled dose `s` is due for child `p`: birth + age, pushed back by the previous dose's day + gap. */
const dueDay = (p: SQL, s: SQL) => sql`(greatest(
  (${p}.birth_date + ${s}.age)::date,
  (select (prev.given_on + ${s}.gap)::date from vaccination_doses prev
    where prev.person_id = ${p}.id and prev.vaccine = ${s}.vaccine and prev.dose = ${s}.previous and ${s}.gap is not null)
))`;

/**
 * The oldest birth day a late dose is looked for: the schedule's oldest age and longest gap, and six
 * years more for a dose given late (a first HPV dose at 14 makes the second late at 15): children only,
 * not the whole patient base.
 */
function oldestBirthDay(c: RuleContext): SQL {
  const { schedule, lateAfterDays } = c.settings.vaccination;
  const days =
    Math.max(0, ...schedule.map((d) => offsetDaysAtMost(d.age))) +
    Math.max(0, ...schedule.map((d) => (d.minGapAfterPrevious ? offsetDaysAtMost(d.minGapAfterPrevious) : 0))) +
    lateAfterDays +
    LATE_WINDOW_DAYS +
    6 * 366;
  return sql`((${c.asOf} at time zone ${c.timeZone})::date - ${days}::int)`;
}

/** A child's dose is « vaccine#dose » on the child's record: the task's source. */
const sourceIdOf = (p: SQL, s: SQL) => sql`(${p}.id::text || ':' || ${s}.vaccine || '#' || ${s}.dose)`;

/** The instant a dose due on `day` is late: the morning after its last « dû » day. */
const lateAt = (c: RuleContext, day: SQL) =>
  sql`((${day} + ${c.settings.vaccination.lateAfterDays + 1}::int) + ${c.settings.businessDays.opensAt}::time) at time zone ${c.timeZone}`;

/**
 * A dose of the child's calendar not given `lateAfterDays` days after its due day (14 by default) makes
 * one call to the parents, for the CRM secretary; closed once the dose is recorded (DESIGN §2: « a dose
 * 14 days late makes a call task »). A dose already late long before the engine first saw it (more than
 * 30 days: a child whose earlier doses were never recorded in Relais) makes none: its calendar shows it
 * « En retard ».
 */
export const vaccineLate: Rule = {
  id: "vaccine-late",
  procedure: "Procédure 5 — Suivi de l'enfant",
  quote:
    "Le calendrier vaccinal personnalisé est donné aux parents et le rappel des vaccins par SMS individualisés est programmé.",
  sourceType: "vaccine_dose",
  assigneeRole: "crm_secretary",
  candidates: (c) => sql`
    select x.person_id, x.source_id, x.due_at, null::uuid as assignee_user_id
    from (
      select p.id as person_id, ${sourceIdOf(sql`p`, sql`s`)} as source_id, ${lateAt(c, dueDay(sql`p`, sql`s`))} as due_at
      from people p
      cross join ${scheduleRows(c.settings)}
      where p.kind = 'patient' and p.merged_into_id is null and p.birth_date >= ${oldestBirthDay(c)}
        and ${c.inScope(sql`p.id`)}
        and (s.sex is null or p.sex is null or p.sex = s.sex)
        and (p.birth_date + s.age)::date <= (${c.asOf} at time zone ${c.timeZone})::date
        -- Without a gap the due day is birth + age: outside the window, no need to look further.
        and (s.gap is not null
             or (p.birth_date + s.age)::date >= (${c.asOf} at time zone ${c.timeZone})::date - ${c.settings.vaccination.lateAfterDays + LATE_WINDOW_DAYS + 2}::int)
        and not exists (select 1 from vaccination_doses g
                         where g.person_id = p.id and g.vaccine = s.vaccine and g.dose = s.dose)
    ) x
    where x.due_at <= ${c.asOf} and x.due_at > ${c.asOf} - make_interval(days => ${LATE_WINDOW_DAYS}::int)
      and ${notTasked(vaccineLate, sql`x.person_id`, sql`x.source_id`)} and ${notDone(vaccineLate, sql`x.source_id`)}`,
  closures: (c) => sql`
    select t.id, case
      when p.merged_into_id is not null then ${reason("merged")}
      when exists (select 1 from vaccination_doses d
                    where d.person_id = t.person_id
                      and d.vaccine || '#' || d.dose = split_part(t.source_id, ':', 2)) then ${reason("dose_recorded")}
    end as reason
    from follow_up_tasks t
    join people p on p.id = t.person_id
    where t.rule = 'vaccine-late' and t.status = 'open' and ${c.taskInScope(sql`t.person_id`)}`,
};
