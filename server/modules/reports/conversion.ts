import { type SQL, sql } from "drizzle-orm";
import { CONVERSION_COHORT_DAYS, CONVERSION_COMMENTS, type ConversionComment } from "../../../shared/reports.ts";
import { addCalendarDays, clinicDay, startOfClinicDay } from "../../clinic-calendar.ts";
import type { Executor } from "../../db/client.ts";
import type { Settings } from "../settings/settings.schema.ts";
import type { ConversionCohortQuery } from "./conversion.schema.ts";

/** The group key of the prospects without an origin (rates by origin and their drill-down). */
export const NO_ORIGIN = "none";

/** A cohort resolved: its days, its bounds as instants, and the instant it is judged as of. */
export interface Cohort {
  from: string;
  to: string;
  asOf: Date;
  start: Date;
  end: Date;
  /** A group of the rates, to narrow the cohort to (drill-down). */
  origin?: string | undefined;
  temperature?: "hot" | "warm" | "cold" | undefined;
  firstContactMonth?: string | undefined;
}

/** The days asked, or the default cohort: the prospects created on today − 28 days (procedure 2, étape 1). */
export function resolveCohort(
  query: ConversionCohortQuery & Pick<Cohort, "origin" | "temperature" | "firstContactMonth">,
  now: Date,
  settings: Settings,
): Cohort {
  const asOf = query.asOf ? new Date(query.asOf) : now;
  const from = query.from ?? query.to ?? addCalendarDays(clinicDay(asOf, settings.timeZone), -CONVERSION_COHORT_DAYS);
  const to = query.to ?? from;
  return {
    from,
    to,
    asOf,
    start: startOfClinicDay(from, settings.timeZone),
    end: startOfClinicDay(to, settings.timeZone, 1),
    origin: query.origin,
    temperature: query.temperature,
    firstContactMonth: query.firstContactMonth,
  };
}

/** The day a prospect first came in contact (its creation day when unknown), for the rates by month. */
export const firstContactDay = (p: SQL, tz: SQL) =>
  sql`coalesce(${p}.first_contact_date, (${p}.created_at at time zone ${tz})::date)`;

const codes = (settings: Settings, category: string) =>
  sql`${sql.param(settings.requestTypes.filter((t) => t.category === category).map((t) => t.code))}::text[]`;

/**
 * Every prospect of the cohort with the comment procedure 2 gives it (DESIGN
 * §4, first match wins) and what decided it. Set-based: the same statement
 * serves one day (index lookups) and a year (hash joins).
 *
 * 1. a patient matching it (same phone, or same folded names and birth date,
 *    or the patient it was reconciled with) created in the EHR on or after the
 *    prospect's creation day → converted;
 * 2. such a patient created before that day → already_patient;
 * 3. another prospect record matching it created before it → duplicate_prospect;
 * 4. an upcoming scheduled appointment → upcoming_appointment;
 * 5. the latest appointment that is not upcoming was cancelled → cancelled_appointment;
 * 6. it was a no-show → no_show;
 * 7. interactions → information, « / Programme » when one asked about the
 *    programme, else « / Devis » when one asked for a quote;
 * 8. nothing recorded → empty.
 *
 * Everything is read as of `asOf`: records, appointments and interactions
 * created or recorded later are not seen, nor cancellations made later;
 * records, and appointments' attendance, have their current state. Merged
 * records are out, as they are of the lists and the lookup.
 */
export function classifiedProspects(cohort: Cohort, settings: Settings): SQL {
  const asOf = sql`${cohort.asOf.toISOString()}::timestamptz`;
  const tz = sql`${settings.timeZone}::text`;
  const asOfDay = sql`(${asOf} at time zone ${tz})::date`;
  const programme = codes(settings, "programme");
  const quote = codes(settings, "quote");
  // When an appointment was cancelled (its last change, for rows written before cancelled_at was kept).
  const cancelledAt = sql`coalesce(a.cancelled_at, a.updated_at)`;
  const createdOn = (p: SQL) => sql`coalesce(${p}.ehr_created_on, (${p}.created_at at time zone ${tz})::date)`;
  return sql`
    with cohort as materialized (
      select p.id, p.created_at, p.converted_to_id, p.last_name_key, p.first_name_key, p.birth_date,
             (p.created_at at time zone ${tz})::date as created_day
      from people p
      where p.kind = 'prospect' and p.merged_into_id is null
        and p.created_at >= ${cohort.start.toISOString()}::timestamptz
        and p.created_at < ${cohort.end.toISOString()}::timestamptz
        and p.created_at <= ${asOf}
        ${cohort.origin === NO_ORIGIN ? sql`and p.origin is null` : cohort.origin ? sql`and p.origin = ${cohort.origin}` : sql``}
        ${cohort.temperature ? sql`and p.temperature = ${cohort.temperature}` : sql``}
        ${cohort.firstContactMonth ? sql`and to_char(${firstContactDay(sql`p`, tz)}, 'YYYY-MM') = ${cohort.firstContactMonth}` : sql``}
    ), matches as materialized (
      -- how: 0 the reconciliation, 1 a phone, 2 names and birth date (the order the evidence prefers).
      select c.id as prospect_id, c.converted_to_id as other_id, 0 as how
      from cohort c where c.converted_to_id is not null
      union all
      select c.id, theirs.person_id, 1
      from cohort c
      join person_phones mine on mine.person_id = c.id
      join person_phones theirs on theirs.e164 = mine.e164 and theirs.person_id <> c.id
      union all
      select c.id, o.id, 2
      from cohort c
      join people o on o.last_name_key = c.last_name_key and o.first_name_key = c.first_name_key
        and o.birth_date = c.birth_date and o.id <> c.id
    ), patient as (
      select distinct on (m.prospect_id) m.prospect_id, o.id, o.last_name, o.first_name, o.ehr_number,
             ${createdOn(sql`o`)} as created_on, m.how, ${createdOn(sql`o`)} >= c.created_day as after
      from matches m
      join cohort c on c.id = m.prospect_id
      join people o on o.id = m.other_id
      where o.kind = 'patient' and o.merged_into_id is null and o.created_at <= ${asOf}
        and ${createdOn(sql`o`)} <= ${asOfDay}
      order by m.prospect_id, ${createdOn(sql`o`)} >= c.created_day desc, ${createdOn(sql`o`)}, m.how
    ), duplicate as (
      select distinct on (m.prospect_id) m.prospect_id, o.id, o.last_name, o.first_name, o.created_at, m.how
      from matches m
      join cohort c on c.id = m.prospect_id
      join people o on o.id = m.other_id
      where o.kind = 'prospect' and o.merged_into_id is null and o.created_at < c.created_at
      order by m.prospect_id, o.created_at, m.how
    )
    select c.id, c.created_at,
           case
             when pa.after then 'converted'
             when pa.id is not null then 'already_patient'
             when du.id is not null then 'duplicate_prospect'
             when up.id is not null then 'upcoming_appointment'
             when la.status = 'cancelled' then 'cancelled_appointment'
             when la.status = 'no_show' then 'no_show'
             when inf.programme then 'information_programme'
             when inf.quote then 'information_quote'
             when inf.id is not null then 'information'
             else 'empty'
           end as comment,
           pa.id as patient_id, pa.last_name as patient_last_name, pa.first_name as patient_first_name,
           pa.ehr_number as patient_ehr_number, pa.created_on::text as patient_created_on, pa.how as patient_how,
           du.id as duplicate_id, du.last_name as duplicate_last_name, du.first_name as duplicate_first_name,
           du.created_at as duplicate_created_at, du.how as duplicate_how,
           up.id as upcoming_id, up.starts_at as upcoming_starts_at,
           la.id as last_id, la.starts_at as last_starts_at, la.status as last_status,
           inf.id as interaction_id, inf.occurred_at as interaction_occurred_at, inf.channel as interaction_channel,
           inf.request_types as interaction_request_types
    from cohort c
    left join patient pa on pa.prospect_id = c.id
    left join duplicate du on du.prospect_id = c.id
    -- Booked by asOf, to start after it, not cancelled by then (a later attendance or no-show is the future's).
    left join lateral (
      select a.id, a.starts_at from appointments a
      where a.person_id = c.id and a.starts_at > ${asOf} and a.created_at <= ${asOf}
        and not (a.status = 'cancelled' and ${cancelledAt} <= ${asOf})
      order by a.starts_at, a.created_at, a.id limit 1
    ) up on true
    -- The latest appointment that is not upcoming: past, or cancelled by asOf whenever it was to be; its
    -- status as of asOf (cancelled later: it was still booked). Ties: the latest booked.
    left join lateral (
      select a.id, a.starts_at,
             case when a.status = 'cancelled' and ${cancelledAt} > ${asOf} then 'scheduled' else a.status end as status
      from appointments a
      where a.person_id = c.id and a.created_at <= ${asOf}
        and (a.starts_at <= ${asOf} or (a.status = 'cancelled' and ${cancelledAt} <= ${asOf}))
      order by a.starts_at desc, a.created_at desc, a.id desc limit 1
    ) la on true
    -- The interaction that says most: about the programme, else a quote, else any request, else the first one.
    left join lateral (
      select i.id, i.occurred_at, i.channel, i.request_types,
             i.request_types && ${programme} as programme, i.request_types && ${quote} as quote
      from interactions i
      where i.person_id = c.id and i.occurred_at <= ${asOf} and i.recorded_at <= ${asOf}
      order by i.request_types && ${programme} desc, i.request_types && ${quote} desc,
               cardinality(i.request_types) > 0 desc, i.occurred_at
      limit 1
    ) inf on true`;
}

/** A classified line with the prospect's columns, as the statement gives it (JSON: instants as text). */
export interface ClassifiedRow {
  id: string;
  last_name: string;
  first_name: string;
  phones: string[] | null;
  birth_date: string | null;
  email: string | null;
  first_contact_date: string | null;
  origin: string | null;
  created_at: string;
  comment: ConversionComment;
  patient_id: string | null;
  patient_last_name: string | null;
  patient_first_name: string | null;
  patient_ehr_number: string | null;
  patient_created_on: string | null;
  patient_how: number | null;
  duplicate_id: string | null;
  duplicate_last_name: string | null;
  duplicate_first_name: string | null;
  duplicate_created_at: string | null;
  duplicate_how: number | null;
  upcoming_id: string | null;
  upcoming_starts_at: string | null;
  last_id: string | null;
  last_starts_at: string | null;
  last_status: string | null;
  interaction_id: string | null;
  interaction_occurred_at: string | null;
  interaction_channel: string | null;
  interaction_request_types: string[] | null;
}

/**
 * One statement: the cohort classified once, its count per comment, and the
 * lines asked (a comment's only, when given), by creation instant then name.
 */
export async function selectConversion(
  executor: Executor,
  cohort: Cohort,
  settings: Settings,
  page: { comment?: ConversionComment | undefined; limit: number; offset: number },
): Promise<{ counts: Record<ConversionComment, number>; rows: ClassifiedRow[] }> {
  const only = page.comment ? sql`where k.comment = ${page.comment}` : sql``;
  const result = (await executor.execute(sql`
    with k as materialized (${classifiedProspects(cohort, settings)})
    select
      (select coalesce(json_object_agg(g.comment, g.n), '{}'::json)
       from (select comment, count(*)::int as n from k group by comment) g) as counts,
      (select coalesce(json_agg(x), '[]'::json) from (
         select p.last_name, p.first_name, p.birth_date::text as birth_date, p.email,
                p.first_contact_date::text as first_contact_date, p.origin,
                (select array_agg(ph.e164 order by ph.position, ph.e164) from person_phones ph where ph.person_id = k.id) as phones,
                k.*
         from k join people p on p.id = k.id
         ${only}
         order by k.created_at, p.last_name_key, p.first_name_key, k.id
         limit ${page.limit}::int offset ${page.offset}::int
       ) x) as lines`)) as unknown as {
    rows: { counts: Record<string, number> | string; lines: ClassifiedRow[] | string }[];
  };
  const row = result.rows[0];
  const parse = <T>(value: T | string | undefined): T | undefined =>
    typeof value === "string" ? (JSON.parse(value) as T) : value;
  const found = parse(row?.counts) ?? {};
  const counts = Object.fromEntries(CONVERSION_COMMENTS.map((c) => [c, Number(found[c] ?? 0)])) as Record<
    ConversionComment,
    number
  >;
  return { counts, rows: parse(row?.lines) ?? [] };
}
