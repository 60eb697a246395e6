import { sql } from "drizzle-orm";
import { type Rule, reason, sourceNotTasked } from "./rule.ts";

/**
 * A phone message not yet acknowledged is acknowledged (and acted on) the same
 * day by its recipient; a service's messages by the reception desk.
 */
export const messageAck: Rule = {
  id: "message-ack",
  procedure: "Procédure 3 — Réponse téléphonique à l'accueil",
  quote:
    "Si l'interlocuteur souhaite laisser un message, s'assure que le message pris a bien été transmis à la personne appropriée.",
  sourceType: "message",
  assigneeRole: "reception",
  candidates: (c) => sql`
    select m.person_id, m.id::text as source_id, ${c.closingTimeOf(sql`m.created_at`)} as due_at,
           u.id as assignee_user_id
    from phone_messages m
    left join users u on u.id = m.for_user_id and u.active
    where m.acknowledged_at is null and m.created_at >= ${c.windowStart(30)} and m.created_at <= ${c.asOf}
      and ${sourceNotTasked(messageAck, sql`m.id`)}`,
  closures: () => sql`
    select t.id, case
      when m.id is null then ${reason("source_deleted")}
      when m.acknowledged_at is not null then ${reason("acknowledged")}
    end as reason
    from follow_up_tasks t
    left join phone_messages m on m.id = t.source_id::uuid
    where t.rule = 'message-ack' and t.status = 'open'`,
};
