import { sql } from "drizzle-orm";
import {
  firstContactAt,
  liveProspect,
  notTasked,
  prospectNoLongerConcerned,
  type Rule,
  reachedCallSince,
  reason,
} from "./rule.ts";

/**
 * A warm prospect is called back 2 business days after the first contact, to
 * qualify them, then sent the documentation. Done once an outgoing call that
 * reached them is recorded after the first contact (a call nobody answered
 * keeps the task open); the documentation then follows as a docs-pending task
 * unless it was sent during the call or refused (completeTask).
 */
export const warm48h: Rule = {
  id: "warm-48h",
  procedure: "Procédure 4 — Au bout de 48h",
  quote:
    "« Prospect Tiède » : nous rappelons ces prospects et leur demandons des renseignements nous permettant de mieux les qualifier. Nous leur envoyons ensuite de la documentation.",
  sourceType: "person",
  assigneeRole: "crm_secretary",
  candidates: (c) => {
    const window = c.windowStart(c.settings.followUp.slaBreachDays);
    return sql`
      select f.id as person_id, f.id::text as source_id,
             ${c.addBusinessDays(sql`f.first_at`, c.settings.followUp.firstResponseBusinessDays)} as due_at,
             null::uuid as assignee_user_id
      from (
        select p.id, ${firstContactAt(c, sql`p`)} as first_at
        from people p
        where ${liveProspect(sql`p`)} and p.temperature = 'warm'
          and ${notTasked(warm48h, sql`p.id`, sql`p.id`)} and ${c.inScope(sql`p.id`)}
          and (p.first_contact_date >= (${window} at time zone ${c.timeZone})::date or p.created_at >= ${window})
      ) f
      where f.first_at <= ${c.asOf} and f.first_at >= ${window}
        and not ${reachedCallSince(c, sql`f.id`, sql`f.first_at`)}`;
  },
  closures: (c) => sql`
    select t.id, case
      ${prospectNoLongerConcerned(sql`p`, sql`('warm')`)}
      when ${reachedCallSince(c, sql`p.id`, firstContactAt(c, sql`p`))} then ${reason("called")}
    end as reason
    from follow_up_tasks t join people p on p.id = t.person_id
    where t.rule = 'warm-48h' and t.status = 'open' and ${c.taskInScope(sql`t.person_id`)}`,
};
