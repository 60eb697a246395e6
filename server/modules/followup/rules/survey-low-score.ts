import { sql } from "drizzle-orm";
import { notDone, notTasked, type Rule, reason } from "./rule.ts";

/**
 * A satisfaction answer with a low score — any area ≤ 2, or a recommendation (NPS) ≤ 6 — is a
 * « réclamation / insatisfaction » the prospects manager follows up (ISO 9001 §9.1.2, customer
 * satisfaction), due by the end of the next business day after the day it was answered. A nominative
 * answer's task names the person (to call her back); an anonymous one names nobody: it shows the kind,
 * the day and the site only (the answer keeps nothing else). `low_score` is computed when the answer is
 * stored (shared/surveys.ts isLowScore). The task closes itself only if the answer is gone.
 */
export const surveyLowScore: Rule = {
  id: "survey-low-score",
  procedure: "Procédure 5 — Nouveau patient ; Après la naissance",
  quote:
    "Le secrétaire chargée de la relation client rappelle systématiquement dans les 72 heures après pour réaliser une enquête de satisfaction. Une enquête de satisfaction doit être remplie par la patiente à sa sortie d'hospitalisation.",
  sourceType: "survey_response",
  assigneeRole: "prospects_manager",
  candidates: (c) => sql`
    select r.person_id, r.id::text as source_id,
           ${c.closingTimeOf(
             c.addBusinessDays(
               sql`((r.answered_on + ${c.settings.businessDays.opensAt}::time) at time zone ${c.timeZone})`,
               1,
             ),
           )} as due_at,
           null::uuid as assignee_user_id
    from survey_responses r
    where r.low_score
      and r.answered_on >= (${c.windowStart(30)} at time zone ${c.timeZone})::date
      and r.answered_on <= (${c.asOf} at time zone ${c.timeZone})::date
      and ${notDone(surveyLowScore, sql`r.id`)}
      and ${notTasked(surveyLowScore, sql`r.person_id`, sql`r.id`)}`,
  closures: () => sql`
    select t.id, case
      when r.id is null then ${reason("source_deleted")}
      when t.person_id is distinct from r.person_id then ${reason("merged")}
    end as reason
    from follow_up_tasks t
    left join survey_responses r on r.id = t.source_id::uuid
    where t.rule = 'survey-low-score' and t.status = 'open'`,
};
