import { sql } from "drizzle-orm";
import { type Rule, reason, sourceNotTasked } from "./rule.ts";

const OPEN_OUTCOMES = sql.raw(`('to_resume', 'call_back_later')`);

/**
 * A register line whose request was not satisfied (to resume, call back
 * later) is resumed the same day, before closing time, by whoever answered the
 * call (else the reception desk).
 */
export const callResume: Rule = {
  id: "call-resume",
  procedure: "Procédure 3 — Réponse téléphonique à l'accueil",
  quote:
    "Dans le cas où la demande n'a pas été satisfaite, la demande devra être reprise dans la journée afin que toutes les lignes soient traitées en fin de journée.",
  sourceType: "call",
  assigneeRole: "reception",
  candidates: (c) => sql`
    select k.person_id, k.id::text as source_id, ${c.closingTimeOf(sql`k.received_at`)} as due_at,
           u.id as assignee_user_id
    from calls k
    left join users u on u.id = k.answered_by and u.active
    where k.outcome in ${OPEN_OUTCOMES} and k.resumed_at is null
      and k.received_at >= ${c.windowStart(7)} and k.received_at <= ${c.asOf}
      and ${sourceNotTasked(callResume, sql`k.id`)}`,
  closures: () => sql`
    select t.id, case
      when k.id is null then ${reason("source_deleted")}
      when k.resumed_at is not null or k.outcome is null or k.outcome not in ${OPEN_OUTCOMES} then ${reason("resumed")}
    end as reason
    from follow_up_tasks t
    left join calls k on k.id = t.source_id::uuid
    where t.rule = 'call-resume' and t.status = 'open'`,
};
