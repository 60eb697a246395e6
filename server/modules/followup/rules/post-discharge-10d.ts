import { sql } from "drizzle-orm";
import { notDone, notTasked, type Rule, reason } from "./rule.ts";

/**
 * A mother who gave birth at NEST is called 10 days (settings) after her
 * discharge, at closing time that day: how mother and baby are, the discharge
 * survey if not answered, and the invitation to go on with the gynaecological
 * and paediatric follow-up at NEST (procedure 5, « Après la naissance »). The
 * task is made when the discharge is recorded; a corrected discharge day moves
 * its due time (server/modules/births/deliveries.ts). A delivery elsewhere makes
 * none: the procedure names « les patientes ayant accouché chez NEST ».
 */
export const postDischarge10d: Rule = {
  id: "post-discharge-10d",
  procedure: "Procédure 5 — Après la naissance",
  quote: "Les patientes ayant accouché chez NEST doivent également être rappelées 10 jours après leur sortie.",
  sourceType: "delivery",
  assigneeRole: "crm_secretary",
  candidates: (c) => sql`
    select d.mother_id as person_id, d.id::text as source_id,
           ${c.closingTimeOf(sql`(d.discharged_on + ${c.settings.followUp.postDischargeCallDays}::int)::timestamp at time zone ${c.timeZone}`)} as due_at,
           null::uuid as assignee_user_id
    from deliveries d
    join people p on p.id = d.mother_id
    where d.discharged_on is not null and d.place = 'nest'
      and d.discharged_on >= (${c.asOf} at time zone ${c.timeZone})::date - 60
      and p.merged_into_id is null
      and ${notTasked(postDischarge10d, sql`d.mother_id`, sql`d.id`)} and ${notDone(postDischarge10d, sql`d.id`)}
      and ${c.inScope(sql`d.mother_id`)}`,
  closures: (c) => sql`
    select t.id, case
      when d.id is null or d.discharged_on is null or d.place <> 'nest' then ${reason("source_deleted")}
      when p.merged_into_id is not null then ${reason("merged")}
    end as reason
    from follow_up_tasks t
    join people p on p.id = t.person_id
    left join deliveries d on d.id = t.source_id::uuid
    where t.rule = 'post-discharge-10d' and t.status = 'open' and ${c.taskInScope(sql`t.person_id`)}`,
};
