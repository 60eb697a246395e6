import { sql } from "drizzle-orm";
import { WEEK36_DAYS } from "../../../../shared/births.ts";
import { notDone, notTasked, type Rule, reason } from "./rule.ts";

/**
 * A pregnancy reaching 36 SA + 0 (DDR + 252 days) gets the CRM secretary's
 * preparation call, due at closing time that day (or the day the pregnancy was
 * recorded, when it was recorded later). The call's checklist (what was
 * transmitted, what was collected) is recorded on the pathway, which marks the
 * task done (docs/PATHWAYS.md). Not made for a pregnancy more than two weeks
 * past its DPA (a pathway nobody closed). Closed by the engine when the
 * pregnancy ends, when its dates are corrected to a later 36 SA, or when the
 * checklist was recorded some other way.
 */
export const week36: Rule = {
  id: "week-36",
  procedure: "Procédure 5 — Suivi de grossesse, à la 36e semaine",
  quote:
    "Le secrétaire chargée de la relation client réalise des appels individuels des patientes devant accoucher prochainement afin de préparer la naissance et de répondre aux éventuelles questions.",
  sourceType: "pathway",
  assigneeRole: "crm_secretary",
  candidates: (c) => sql`
    select pw.person_id, pw.id::text as source_id,
           ${c.closingTimeOf(sql`greatest((pw.ddr + ${WEEK36_DAYS}::int)::timestamp at time zone ${c.timeZone}, pw.created_at)`)} as due_at,
           null::uuid as assignee_user_id
    from pathways pw
    join people p on p.id = pw.person_id
    where pw.type = 'pregnancy' and pw.ended_on is null
      and pw.ddr + ${WEEK36_DAYS}::int <= (${c.asOf} at time zone ${c.timeZone})::date
      and pw.dpa + 14 >= (${c.asOf} at time zone ${c.timeZone})::date
      and p.merged_into_id is null
      and not exists (select 1 from pregnancy_calls pc where pc.pathway_id = pw.id)
      and ${notTasked(week36, sql`pw.person_id`, sql`pw.id`)} and ${notDone(week36, sql`pw.id`)}
      and ${c.inScope(sql`pw.person_id`)}`,
  closures: (c) => sql`
    select t.id, case
      when pw.id is null then ${reason("source_deleted")}
      when p.merged_into_id is not null then ${reason("merged")}
      when pw.ended_on is not null then ${reason("pathway_ended")}
      when exists (select 1 from pregnancy_calls pc where pc.pathway_id = pw.id) then ${reason("checklist_recorded")}
      when pw.ddr + ${WEEK36_DAYS}::int > (${c.asOf} at time zone ${c.timeZone})::date then ${reason("dates_corrected")}
    end as reason
    from follow_up_tasks t
    join people p on p.id = t.person_id
    left join pathways pw on pw.id = t.source_id::uuid
    where t.rule = 'week-36' and t.status = 'open' and ${c.taskInScope(sql`t.person_id`)}`,
};
