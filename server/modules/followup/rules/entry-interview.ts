import { sql } from "drizzle-orm";
import { isNewPatientFirstVisit } from "./new-patient.ts";
import { type Rule, reason } from "./rule.ts";

/** An entry interview recorded for the record, or for the patient record it became. */
const interviewHeld = (p: string) =>
  sql.raw(`exists (
    select 1 from entry_interviews i
    where i.person_id = ${p}.id or (${p}.converted_to_id is not null and i.person_id = ${p}.converted_to_id))`);

/**
 * On the day of a new patient's first visit, the medical secretary holds the
 * entry interview, due at the clinic's closing time that day. The first visit
 * is an attended appointment of a new patient (new-patient.ts, as for the 72 h
 * call), or, for a patient Relais knows only from the EHR import, the day her
 * file was opened (people.ehr_created_on) when the import created the record
 * within a week of it and no attended appointment is in Relais. A prospect's
 * visit makes the task on the patient record she became, once converted. One task per
 * record, none when an interview was already held. The task closes itself when
 * the interview is recorded (the interview form marks it done at once).
 */
export const entryInterview: Rule = {
  id: "entry-interview",
  procedure: "Procédure 5 — Nouveau patient",
  quote:
    "Pour tout nouveau patient chez Nest, un entretien d'entrée doit être tenu avec une secrétaire médicale. Cet entretien a pour but de permettre l'échange des informations importantes entre Nest et le patient.",
  sourceType: "appointment",
  otherSourceType: "person",
  assigneeRole: "medical_secretary",
  candidates: (c) => sql`
    select distinct on (k.person_id) k.person_id, k.source_id, k.source_type, k.due_at, null::uuid as assignee_user_id
    from (
      select coalesce(p.converted_to_id, a.person_id) as person_id, a.id::text as source_id, null::text as source_type,
             ${c.closingTimeOf(sql`a.starts_at`)} as due_at, a.starts_at as visit_at
      from appointments a
      join people p on p.id = a.person_id
      where a.status = 'attended' and a.starts_at >= ${c.windowStart(7)} and a.starts_at <= ${c.asOf}
        and p.merged_into_id is null and ${c.inScope(sql`a.person_id`)}
        and ${isNewPatientFirstVisit(c, sql`p`, sql`a`)}
      union all
      select p.id, p.id::text, 'person', ${c.closingTimeOf(sql`(p.ehr_created_on::timestamp at time zone ${c.timeZone})`)},
             (p.ehr_created_on::timestamp at time zone ${c.timeZone})
      from people p
      where p.kind = 'patient' and p.ehr_number is not null and p.merged_into_id is null
        and p.ehr_created_on >= (${c.asOf} at time zone ${c.timeZone})::date - 7
        and p.ehr_created_on <= (${c.asOf} at time zone ${c.timeZone})::date
        and (p.created_at at time zone ${c.timeZone})::date <= p.ehr_created_on + 7
        and ${c.inScope(sql`p.id`)}
        and not exists (select 1 from appointments e where e.person_id = p.id and e.status = 'attended')
    ) k
    join people p on p.id = k.person_id
    where not exists (select 1 from follow_up_tasks seen where seen.rule = 'entry-interview' and seen.person_id = k.person_id)
      and not ${interviewHeld("p")}
    order by k.person_id, k.visit_at`,
  closures: (c) => sql`
    select t.id, case
      when p.merged_into_id is not null then ${reason("merged")}
      when ${interviewHeld("p")} then ${reason("interview_held")}
      when t.source_type = 'appointment' and a.id is null then ${reason("source_deleted")}
      when t.source_type = 'appointment' and a.status <> 'attended' then ${reason("visit_not_attended")}
    end as reason
    from follow_up_tasks t
    join people p on p.id = t.person_id
    left join appointments a on t.source_type = 'appointment' and a.id = t.source_id::uuid
    where t.rule = 'entry-interview' and t.status = 'open' and ${c.taskInScope(sql`t.person_id`)}`,
};
