import { sql } from "drizzle-orm";
import { type Rule, reason } from "./rule.ts";

/**
 * Documentation asked for and not sent by email at the time (no address yet,
 * no time) is sent the same day: done once an interaction of the record notes
 * documents sent on or after the request. The task goes to whoever recorded the
 * request.
 */
export const docsPending: Rule = {
  id: "docs-pending",
  procedure: "Mode opératoire 2 — Réponse à la demande des prospects qualifiés",
  quote:
    "S'il s'agit d'un appel téléphonique : le cas échéant, penser à envoyer directement un mail en répondant à sa demande et en y attachant la documentation (cf. mail type + flyer Programme NEST, plaquette de présentation…). Ne pas oublier d'indiquer dans l'interaction si des documents ont été transmis par voie électronique.",
  sourceType: "interaction",
  assigneeRole: "crm_secretary",
  candidates: (c) => sql`
    select i.person_id, i.id::text as source_id, ${c.closingTimeOf(sql`i.occurred_at`)} as due_at,
           u.id as assignee_user_id
    from interactions i
    join people p on p.id = i.person_id
    left join users u on u.id = i.author_id and u.active
    where i.documents_requested and i.occurred_at >= ${c.windowStart(30)} and i.occurred_at <= ${c.asOf}
      and p.merged_into_id is null and p.anonymized_at is null and ${c.inScope(sql`i.person_id`)}
      and not exists (
        select 1 from interactions s
        where s.person_id = i.person_id and cardinality(s.documents_sent) > 0
          and s.occurred_at >= i.occurred_at and s.occurred_at <= ${c.asOf})`,
  closures: (c) => sql`
    select t.id, case
      when p.merged_into_id is not null then ${reason("merged")}
      when i.id is null then ${reason("source_deleted")}
      when exists (
        select 1 from interactions s
        where s.person_id = p.id and cardinality(s.documents_sent) > 0
          and s.occurred_at >= i.occurred_at and s.occurred_at <= ${c.asOf}
      ) then ${reason("documents_sent")}
    end as reason
    from follow_up_tasks t
    join people p on p.id = t.person_id
    left join interactions i on i.id = t.source_id::uuid
    where t.rule = 'docs-pending' and t.status = 'open' and ${c.taskInScope(sql`t.person_id`)}`,
};
