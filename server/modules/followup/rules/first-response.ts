import { sql } from "drizzle-orm";
import {
  answeringInteraction,
  firstContactAt,
  liveProspect,
  notTasked,
  prospectNoLongerConcerned,
  type Rule,
  reason,
} from "./rule.ts";

/**
 * A hot or warm prospect's first request is answered within 2 business days
 * of the first contact (an SLA breach after 15 days, stored by sla.ts). New
 * tasks are made for prospects whose first contact is within those 15 days.
 */
export const firstResponse: Rule = {
  id: "first-response",
  procedure: "Procédure 4 — Réponse à la première demande",
  quote:
    "Pour tout type de prospect chaud ou tiède, nous répondons toujours à la première question et à toutes les questions que celui-ci pourrait poser dans les 15 jours suivant le premier contact (idéalement, dans les 48 heures ouvrés).",
  sourceType: "person",
  assigneeRole: "crm_secretary",
  candidates: (c) => {
    const { firstResponseBusinessDays, slaBreachDays } = c.settings.followUp;
    return sql`
      select f.id as person_id, f.id::text as source_id,
             ${c.addBusinessDays(sql`f.first_at`, firstResponseBusinessDays)} as due_at,
             null::uuid as assignee_user_id
      from (
        select p.id, ${firstContactAt(c, sql`p`)} as first_at
        from people p
        where ${liveProspect(sql`p`)} and p.temperature in ('hot', 'warm')
          and ${notTasked(firstResponse, sql`p.id`, sql`p.id`)} and ${c.inScope(sql`p.id`)}
          and (p.first_contact_date >= (${c.windowStart(slaBreachDays)} at time zone ${c.timeZone})::date
               or p.created_at >= ${c.windowStart(slaBreachDays)})
      ) f
      where f.first_at <= ${c.asOf} and f.first_at >= ${c.windowStart(slaBreachDays)}
        and not exists ${answeringInteraction(c, sql`f`, sql`f.first_at`)}`;
  },
  closures: (c) => sql`
    select t.id, case
      ${prospectNoLongerConcerned(sql`p`, sql`('hot', 'warm')`)}
      when exists ${answeringInteraction(c, sql`p`, firstContactAt(c, sql`p`))} then ${reason("answered")}
    end as reason
    from follow_up_tasks t join people p on p.id = t.person_id
    where t.rule = 'first-response' and t.status = 'open' and ${c.taskInScope(sql`t.person_id`)}`,
};
