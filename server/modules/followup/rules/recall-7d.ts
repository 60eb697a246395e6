import { sql } from "drizzle-orm";
import { RECALL_COMMENT } from "../../../../shared/followup.ts";
import { notDone, notTasked, type Rule, reason } from "./rule.ts";

const recallMark = `%${RECALL_COMMENT}%`;
/** Interactions of the last 15 days: the recall is due at 7, a week of slack if the engine was stopped. */
const WINDOW_DAYS = 15;

/**
 * Seven days after an interaction noting a quote, pricing or programme request,
 * the prospect or patient is called back; the interaction recording that call
 * carries « RAPPEL 7 JOURS ». New tasks for such interactions of the last 15 days.
 * Cold prospects too: mode opératoire 2 says « toutes les interactions », and
 * procedure 4's « nous n'appelons pas ces prospects » is its 48 h rule's
 * (docs/FOLLOW-UP.md). A recall that reached nobody does not count as made.
 */
export const recall7d: Rule = {
  id: "recall-7d",
  procedure: "Mode opératoire 2 — Suivi des demandes des prospects",
  quote:
    "Les secrétaires de la GRC sont chargées de regarder toutes les interactions créées il y a une semaine et rappeler les prospects (ou patients) pour lesquels on mentionne une demande de devis, d'informations tarifaires ou d'informations sur le programme NEST : 1. Rappeler le prospect (ou le patient) selon l'argumentaire de rappel prospects. 2. Enregistrer l'interaction en notant dans les commentaires RAPPEL 7 JOURS",
  sourceType: "interaction",
  assigneeRole: "crm_secretary",
  candidates: (c) => sql`
    with fresh as materialized (
      select i.id, i.person_id, i.occurred_at from (
        -- OFFSET 0: the window's interactions of the records in scope are read first (in an
        -- incremental run, a few index lookups per record) before the sources already seen are
        -- looked up; otherwise the hashed lookup draws the planner to scan the whole window.
        select i.id, i.person_id, i.occurred_at, i.request_types, i.comment from interactions i
        where i.occurred_at >= ${c.windowStart(WINDOW_DAYS)} and i.occurred_at <= ${c.asOf} and ${c.inScope(sql`i.person_id`)}
        offset 0
      ) i
      where i.request_types && ${c.requestTypeCodes(["quote", "pricing", "programme"])}
        and coalesce(i.comment, '') not ilike ${recallMark}
        and ${notTasked(recall7d, sql`i.person_id`, sql`i.id`)}
    )
    select i.person_id, i.id::text as source_id,
           ${c.addCalendarDays(sql`i.occurred_at`, c.settings.followUp.recallDays)} as due_at,
           null::uuid as assignee_user_id
    from fresh i
    join people p on p.id = i.person_id
    where p.merged_into_id is null and p.anonymized_at is null
      and not exists (select 1 from follow_up_tasks d where d.completion_interaction_id = i.id)
      and ${notDone(recall7d, sql`i.id`)}
      and not exists (
        select 1 from interactions r
        where r.person_id = i.person_id and r.occurred_at > i.occurred_at and r.occurred_at <= ${c.asOf}
          and r.comment ilike ${recallMark} and r.reached is not false)`,
  closures: (c) => sql`
    select t.id, case
      when p.merged_into_id is not null then ${reason("merged")}
      when s.id is null then ${reason("source_deleted")}
      when exists (
        select 1 from interactions r
        where r.person_id = p.id and r.occurred_at > s.occurred_at and r.occurred_at <= ${c.asOf}
          and r.comment ilike ${recallMark} and r.reached is not false
      ) then ${reason("recall_recorded")}
    end as reason
    from follow_up_tasks t
    join people p on p.id = t.person_id
    left join interactions s on s.id = t.source_id::uuid
    where t.rule = 'recall-7d' and t.status = 'open' and ${c.taskInScope(sql`t.person_id`)}`,
};
