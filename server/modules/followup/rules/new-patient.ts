import { type SQL, sql } from "drizzle-orm";
import type { RuleContext } from "./rule.ts";

/**
 * Whether an attended appointment `a` is a new patient's first visit, `p` being
 * its record: no earlier attended appointment on the record or on the record it
 * was reconciled with (the prospect it came from, the patient it became), and,
 * for a patient from the EHR, a file opened at most 30 days before the visit (a
 * long-standing patient's first visit recorded in Relais is not a first visit).
 * A prospect's attended visit counts (procedure 5: « pour tout nouveau
 * patient »). Shared by the rules new-patient-72h and entry-interview.
 */
export const isNewPatientFirstVisit = (c: RuleContext, p: SQL, a: SQL) => sql`
      (${p}.kind = 'prospect' or ${p}.ehr_created_on is null
       or ${p}.ehr_created_on >= (${a}.starts_at at time zone ${c.timeZone})::date - 30)
      and not exists (
        select 1
        from (
          select ${p}.id union all select ${p}.source_prospect_id union all select ${p}.converted_to_id
          union all select q.id from people q where q.converted_to_id = ${p}.id
        ) linked(id)
        join appointments e on e.person_id = linked.id
        where e.status = 'attended' and (e.starts_at, e.id) < (${a}.starts_at, ${a}.id))`;
