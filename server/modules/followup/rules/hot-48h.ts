import { sql } from "drizzle-orm";
import { liveProspect, notTasked, prospectNoLongerConcerned, type Rule, reason, upcomingAppointment } from "./rule.ts";

/**
 * A hot prospect with no new interaction 2 business days after the last one
 * (a call that reached nobody is an attempt, not an interaction with her),
 * and no upcoming appointment, is called to offer an appointment. The task is
 * made as soon as the last interaction is known (shown as upcoming) and closed
 * if anything new happens first. The call that completes such a task (or a
 * requalified-hot task) does not start the count again; a requalification to hot after the last interaction is
 * rule requalified-hot's.
 */
export const hot48h: Rule = {
  id: "hot-48h",
  procedure: "Procédure 4 — Au bout de 48h",
  quote:
    "« Prospect Chaud » : si nous n'avons pas de nouvelle interaction avec le prospect au bout de 48h, nous l'appelons afin de l'inviter à prendre rendez-vous.",
  sourceType: "interaction",
  assigneeRole: "crm_secretary",
  candidates: (c) => {
    const window = c.windowStart(c.settings.statusThresholds.hot.dormantFromDays);
    // people.last_interaction_at (the newest interaction, whatever asOf) is a superset filter: a last
    // interaction as of asOf within the window implies a newest one within it too.
    return sql`
      with last as materialized (
        select p.id as person_id, l.id, l.occurred_at
        from people p
        cross join lateral (
          select i.id, i.occurred_at from interactions i
          where i.person_id = p.id and i.occurred_at <= ${c.asOf} and i.reached is not false
          order by i.occurred_at desc, i.id desc
          limit 1
        ) l
        where ${liveProspect(sql`p`)} and p.temperature = 'hot' and p.last_interaction_at >= ${window}
          and ${c.inScope(sql`p.id`)}
          and l.occurred_at >= ${window} and ${notTasked(hot48h, sql`p.id`, sql`l.id`)}
      )
      select l.person_id, l.id::text as source_id,
             ${c.addBusinessDays(sql`l.occurred_at`, c.settings.followUp.hotCallBusinessDays)} as due_at,
             null::uuid as assignee_user_id
      from last l
      where not exists (
          select 1 from follow_up_tasks d
          where d.completion_interaction_id = l.id and d.rule in ('hot-48h', 'requalified-hot'))
        and not ${upcomingAppointment(c, sql`l.person_id`)}
        and not exists (
          select 1 from temperature_changes tc
          where tc.person_id = l.person_id and tc.to_temperature = 'hot' and tc.from_temperature in ('warm', 'cold')
            and tc.changed_at > l.occurred_at and tc.changed_at <= ${c.asOf})`;
  },
  closures: (c) => sql`
    select t.id, case ${prospectNoLongerConcerned(sql`p`, sql`('hot')`)}
      when s.id is null then ${reason("source_deleted")}
      when exists (
        select 1 from interactions n
        where n.person_id = p.id and n.occurred_at > s.occurred_at and n.occurred_at <= ${c.asOf}
          and n.reached is not false
      ) then ${reason("new_interaction")}
      when ${upcomingAppointment(c, sql`p.id`)} then ${reason("appointment_booked")}
    end as reason
    from follow_up_tasks t
    join people p on p.id = t.person_id
    left join interactions s on s.id = t.source_id::uuid
    where t.rule = 'hot-48h' and t.status = 'open' and ${c.taskInScope(sql`t.person_id`)}`,
};
