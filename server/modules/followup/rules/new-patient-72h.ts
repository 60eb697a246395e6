import { sql } from "drizzle-orm";
import { isNewPatientFirstVisit } from "./new-patient.ts";
import { notDone, notTasked, type Rule, reason } from "./rule.ts";

/**
 * After a new patient's first attended visit, a satisfaction call within 72 h.
 * "New" as new-patient.ts says (shared with the entry interview's rule). Every
 * new patient, a former cold prospect too:
 * « rappelle systématiquement » (procedure 5; docs/FOLLOW-UP.md).
 */
export const newPatient72h: Rule = {
  id: "new-patient-72h",
  procedure: "Procédure 5 — Nouveau patient",
  quote:
    "Après la première visite d'un nouveau patient, le secrétaire chargée de la relation client rappelle systématiquement dans les 72 heures après pour réaliser une enquête de satisfaction.",
  sourceType: "appointment",
  assigneeRole: "crm_secretary",
  candidates: (c) => sql`
    select a.person_id, a.id::text as source_id,
           a.ends_at + make_interval(hours => ${c.settings.followUp.newPatientCallHours}::int) as due_at,
           null::uuid as assignee_user_id
    from appointments a
    join people p on p.id = a.person_id
    where a.status = 'attended' and a.ends_at >= ${c.windowStart(30)} and a.starts_at <= ${c.asOf}
      and p.merged_into_id is null
      and ${notTasked(newPatient72h, sql`a.person_id`, sql`a.id`)} and ${notDone(newPatient72h, sql`a.id`)} and ${c.inScope(sql`a.person_id`)}
      and ${isNewPatientFirstVisit(c, sql`p`, sql`a`)}`,
  closures: (c) => sql`
    select t.id, case
      when p.merged_into_id is not null then ${reason("merged")}
      when a.id is null then ${reason("source_deleted")}
      when a.status <> 'attended' then ${reason("visit_not_attended")}
    end as reason
    from follow_up_tasks t
    join people p on p.id = t.person_id
    left join appointments a on a.id = t.source_id::uuid
    where t.rule = 'new-patient-72h' and t.status = 'open' and ${c.taskInScope(sql`t.person_id`)}`,
};
