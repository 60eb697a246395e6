import { sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { answeringInteraction, firstContactAt, type RuleContext } from "./rules/rule.ts";
import { count } from "./sql-count.ts";

/**
 * The first-response SLA of every hot or warm prospect (procedure 4: answered
 * « dans les 15 jours suivant le premier contact (idéalement, dans les 48 heures
 * ouvrés) »): first contact, the answer, within 2 business days or not, breach
 * after 15 days. Rows are computed for prospects that have none yet and
 * recomputed while unanswered (at most SLA_BATCH per run, those without
 * figures first); a row changes only when a figure does.
 */
export function refreshFirstResponseSla(tx: Executor, c: RuleContext, batch = SLA_BATCH): Promise<number> {
  return count(tx, firstResponseSlaStatement(c, batch));
}

/**
 * Prospects computed per run at most: a base imported or loaded at once (10⁶ prospects) gets its figures
 * over the first runs, each run staying short; a clinic's day is a few hundred.
 */
export const SLA_BATCH = 100_000;
/** The same for the incremental runs every 15 minutes, kept a few seconds long. */
export const SLA_BATCH_INCREMENTAL = 20_000;

export function firstResponseSlaStatement(c: RuleContext, batch = SLA_BATCH) {
  const { firstResponseBusinessDays, slaBreachDays } = c.settings.followUp;
  const local = sql`(b.first_at at time zone ${c.timeZone})`;
  const opens = sql`${c.settings.businessDays.opensAt}::time`;
  return sql`with pending as materialized (
      select p.id, p.temperature, p.first_contact_date, p.created_at
      from people p
      left join first_response_sla s on s.person_id = p.id
      where p.kind = 'prospect' and p.merged_into_id is null and p.temperature in ('hot', 'warm')
        and (s.person_id is null
          or (s.answered_at is null and (${c.inScope(sql`p.id`)} or (not s.breached and s.breach_at <= ${c.asOf}))))
      -- Prospects without figures first, the most recent first; the rest at the next runs.
      order by s.person_id is not null, p.first_contact_date desc nulls last, p.id
      limit ${batch}::int
    ), base as materialized (
      select p.id, p.temperature, ${firstContactAt(c, sql`p`)} as first_at from pending p
    ), computed as materialized (
      select b.id, b.temperature, b.first_at,
             coalesce(
               (cal_due.day + case when cal_from.business then ${local}::time else ${opens} end) at time zone ${c.timeZone},
               b.first_at + make_interval(days => ${firstResponseBusinessDays}::int)) as due_at,
             ${c.addCalendarDays(sql`b.first_at`, slaBreachDays)} as breach_at,
             a.id as answer_id, a.occurred_at as answered_at
      from base b
      -- The business-day arithmetic of RuleContext.addBusinessDays, as joins: one hash join per row set.
      left join fu_calendar cal_from on cal_from.day = ${local}::date
      left join fu_calendar cal_due on cal_due.business
        and cal_due.idx = cal_from.idx + ${firstResponseBusinessDays}::int + case when cal_from.business then 0 else 1 end
      left join lateral ${answeringInteraction(c, sql`b`, sql`b.first_at`)} a on true
      where b.first_at <= ${c.asOf}
    ), written as (
      insert into first_response_sla as f (person_id, temperature, first_contact_at, due_at, breach_at, answered_at,
        answer_interaction_id, within_business_days, breached, response_seconds, computed_at)
      select id, temperature, first_at, due_at, breach_at, answered_at, answer_id,
             answered_at is not null and answered_at <= due_at,
             coalesce(answered_at > breach_at, ${c.asOf} > breach_at),
             extract(epoch from answered_at - first_at)::int,
             ${c.asOf}
      from computed
      on conflict (person_id) do update set
        temperature = excluded.temperature, first_contact_at = excluded.first_contact_at, due_at = excluded.due_at,
        breach_at = excluded.breach_at, answered_at = excluded.answered_at,
        answer_interaction_id = excluded.answer_interaction_id, within_business_days = excluded.within_business_days,
        breached = excluded.breached, response_seconds = excluded.response_seconds, computed_at = excluded.computed_at
      where (f.first_contact_at, f.due_at, f.answered_at, f.breached, f.temperature)
        is distinct from (excluded.first_contact_at, excluded.due_at, excluded.answered_at, excluded.breached, excluded.temperature)
      returning 1
    ) select count(*)::int as n from written`;
}
