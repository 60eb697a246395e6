import { sql } from "drizzle-orm";
import { conversationSince, liveProspect, prospectNoLongerConcerned, type Rule, reason } from "./rule.ts";

/**
 * A prospect whose temperature is changed to hot (from cold or warm) is called
 * within 2 business days of the change. Done once a conversation (call in or
 * out, visit) is recorded after the change.
 */
export const requalifiedHot: Rule = {
  id: "requalified-hot",
  procedure: "Procédure 4 — Au bout de 48h",
  quote:
    "Prospect « Froid » : nous n'appelons pas ces prospects. Dans le cas où un prospect serait requalifié en « Prospect Chaud » l'appelons dans les 48h suivant la requalification.",
  sourceType: "temperature_change",
  assigneeRole: "crm_secretary",
  candidates: (c) => sql`
    select tc.person_id, tc.id::text as source_id,
           ${c.addBusinessDays(sql`tc.changed_at`, c.settings.followUp.hotCallBusinessDays)} as due_at,
           null::uuid as assignee_user_id
    from temperature_changes tc
    join people p on p.id = tc.person_id
    where tc.to_temperature = 'hot' and tc.from_temperature in ('warm', 'cold')
      and tc.changed_at >= ${c.windowStart(c.settings.statusThresholds.hot.dormantFromDays)} and tc.changed_at <= ${c.asOf}
      and ${liveProspect(sql`p`)} and p.temperature = 'hot' and ${c.inScope(sql`p.id`)}
      and not exists (
        select 1 from temperature_changes later
        where later.person_id = tc.person_id and later.changed_at <= ${c.asOf}
          and (later.changed_at, later.id) > (tc.changed_at, tc.id))
      and not ${conversationSince(c, sql`p.id`, sql`tc.changed_at`)}`,
  closures: (c) => sql`
    select t.id, case ${prospectNoLongerConcerned(sql`p`, sql`('hot')`)}
      when tc.id is null then ${reason("source_deleted")}
      when ${conversationSince(c, sql`p.id`, sql`tc.changed_at`)} then ${reason("called")}
    end as reason
    from follow_up_tasks t
    join people p on p.id = t.person_id
    left join temperature_changes tc on tc.id = t.source_id::bigint
    where t.rule = 'requalified-hot' and t.status = 'open' and ${c.taskInScope(sql`t.person_id`)}`,
};
