import { subMonths, subYears } from "date-fns";
import { type SQL, sql } from "drizzle-orm";
import { addCalendarDays } from "../../../shared/days.ts";
import { MAX_GESTATION_DAYS } from "../../../shared/pregnancy.ts";
import type { SegmentFilter } from "../../../shared/segments.ts";
import { startOfClinicDay } from "../../clinic-calendar.ts";
import { openPathwaySql, parentOfFollowedChildSql } from "../people/list-people.ts";

export interface SegmentAsOf {
  /** The clinic's today (YYYY-MM-DD): ages, stages and « days ago » are counted from it. */
  today: string;
  /**
   * The clinic's time zone (settings.timeZone), for the visits' days (appointments are instants); the
   * settings' default, Africa/Dakar, when left out.
   */
  timeZone?: string;
}

const DEFAULT_TIME_ZONE = "Africa/Dakar";

/** An address is valid unless a permanent failure marked this very address (a new one is not marked). */
export const EMAIL_VALID = sql.raw(
  "(p.email_invalid_at is null or p.email_invalid_address is null or lower(btrim(p.email_invalid_address)) <> lower(btrim(p.email)))",
);

export const HAS_EMAIL = sql.raw("(p.email is not null and btrim(p.email) <> '')");

/** A calendar day `n` months / years before `day` (clamped to the month's end, like date-fns). */
const day = (date: Date) => date.toISOString().slice(0, 10);
const utc = (d: string) => new Date(`${d}T00:00:00Z`);
const monthsBefore = (d: string, n: number) => day(subMonths(utc(d), n));
const yearsBefore = (d: string, n: number) => day(subYears(utc(d), n));

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/**
 * The people whose attended visits, grouped per person, meet every condition of `having` (on `count(*)`,
 * `min(starts_at)`, `max(starts_at)`): one aggregate over the attended visits (the partial index
 * appointments_attended_person_idx), joined by hash. Run it with SEGMENT_WORK_MEM: an aggregate that spills
 * to disk is computed again each time a plan loops over it.
 */
const attendedHaving = (having: SQL[]) =>
  sql`p.id in (select a.person_id from appointments a where a.status = 'attended'
    group by a.person_id having ${sql.join(having, sql` and `)})`;

/** The memory a segment's query may use for its hashes (`set local work_mem`, see `withSegmentMemory`). */
export const SEGMENT_WORK_MEM = "64MB";

/**
 * The condition a person (`people` as `p`) meets to be in the segment. Never merged, never anonymised
 * records. Campaigns add the consent and the address on top of it. Every criterion must hold; a range
 * `{min, max}` includes both ends.
 */
export function segmentCondition(filter: SegmentFilter, asOf: SegmentAsOf): SQL {
  const { today } = asOf;
  const timeZone = asOf.timeZone ?? DEFAULT_TIME_ZONE;
  /** The first instant of the clinic's day `d`. */
  const dayStart = (d: string) => startOfClinicDay(d, timeZone).toISOString();
  const kinds = filter.kinds ?? ["patient"];
  const parts: SQL[] = [sql`p.merged_into_id is null`, sql`p.anonymized_at is null`, sql`p.kind in (${list(kinds)})`];

  if (filter.pathwaysOpen) {
    parts.push(sql`exists (${openPathwaySql(sql`p.id`)} and pw.type in (${list(filter.pathwaysOpen)}))`);
  }
  if (filter.pathwaysEver) {
    parts.push(
      sql`exists (select 1 from pathways pe where pe.person_id = p.id and pe.type in (${list(filter.pathwaysEver)}))`,
    );
  }
  if (filter.withoutPathway) {
    // With the parents: no open pathway, unless she is the mother of a child followed in paediatrics, written
    // as one anti-join (« no open pathway of a person who is not such a parent ») rather than an OR of two
    // subqueries, which PostgreSQL would run once per person.
    parts.push(
      filter.withoutPathway.includeParents
        ? sql`not exists (${openPathwaySql(sql`p.id`)} and not exists (${parentOfFollowedChildSql(sql`pw.person_id`)}))`
        : sql`not exists (${openPathwaySql(sql`p.id`)})`,
    );
  }

  // Loyalty. Visits: appointments marked attended. 0 attended visits is in range when min is 0 or absent.
  // The conditions on a person's attended visits (count, first, last) go into one aggregate.
  const having: SQL[] = [];
  if (filter.visits) {
    const { min, max } = filter.visits;
    if (min !== undefined && min > 0) {
      having.push(sql`count(*) >= ${min}::int`);
      if (max !== undefined) having.push(sql`count(*) <= ${max}::int`);
    } else if (max !== undefined) {
      // An anti-join on the people with more visits (not `not in`, which falls back to a subquery per person
      // when the list outgrows work_mem).
      parts.push(sql`not exists (select 1 from (select a.person_id from appointments a where a.status = 'attended'
        group by a.person_id having count(*) > ${max}::int) many where many.person_id = p.id)`);
    }
  }
  // Whole years since the first attended visit's day (an anniversary completes a year); needs one visit.
  if (filter.yearsAtNest) {
    const { min = 0, max } = filter.yearsAtNest;
    // years ≥ min ⇔ first day ≤ today − min years; years ≤ max ⇔ first day > today − (max + 1) years.
    having.push(sql`min(a.starts_at) < ${dayStart(addCalendarDays(yearsBefore(today, min), 1))}::timestamptz`);
    if (max !== undefined) {
      having.push(sql`min(a.starts_at) >= ${dayStart(addCalendarDays(yearsBefore(today, max + 1), 1))}::timestamptz`);
    }
  }
  if (filter.deliveredAtNest !== undefined) {
    const delivered = sql`exists (select 1 from deliveries d where d.mother_id = p.id and d.place = 'nest')`;
    parts.push(filter.deliveredAtNest ? delivered : sql`not ${delivered}`);
  }

  // Mothers of a child (a record whose mother_id is her) aged min..max whole months today.
  if (filter.childAgeMonths) {
    const { min = 0, max } = filter.childAgeMonths;
    const conditions = [sql`c.birth_date <= ${monthsBefore(today, min)}::date`];
    if (max !== undefined) conditions.push(sql`c.birth_date > ${monthsBefore(today, max + 1)}::date`);
    parts.push(
      sql`p.id in (select c.mother_id from people c where c.mother_id is not null and c.merged_into_id is null and ${sql.join(conditions, sql` and `)})`,
    );
  }

  // Completed weeks of amenorrhoea of an open pregnancy, counted from its DDR (shared/pregnancy.ts
  // gestationalAge: none before the DDR nor past 44 SA + 0 j).
  if (filter.pregnancyWeeks) {
    const { min = 0, max } = filter.pregnancyWeeks;
    // weeks ≥ min ⇔ DDR ≤ today − 7·min; weeks ≤ max ⇔ DDR ≥ today − (7·max + 6).
    const oldest = addCalendarDays(today, -Math.min(MAX_GESTATION_DAYS, max === undefined ? Infinity : 7 * max + 6));
    parts.push(
      sql`exists (select 1 from pathways pg where pg.person_id = p.id and pg.type = 'pregnancy' and pg.ended_on is null
        and pg.ddr <= ${addCalendarDays(today, -7 * min)}::date and pg.ddr >= ${oldest}::date)`,
    );
  }

  if (filter.sites) {
    parts.push(
      sql`p.id in (select a.person_id from appointments a where a.status = 'attended' and a.site in (${list(filter.sites)}))`,
    );
  }
  if (filter.consent) {
    parts.push(sql`exists (select 1 from consent_states cs where cs.person_id = p.id
      and cs.purpose = ${filter.consent.purpose} and cs.channel = ${filter.consent.channel} and cs.granted)`);
  }
  if (filter.hasEmail !== undefined) {
    // An address bounced back is marked invalid for as long as it is the record's address.
    const valid = sql`(${HAS_EMAIL} and ${EMAIL_VALID})`;
    parts.push(filter.hasEmail ? valid : sql`not ${valid}`);
  }
  if (filter.hasMobile !== undefined) {
    const mobile = sql`exists (select 1 from person_phones ph where ph.person_id = p.id and ph.mobile)`;
    parts.push(filter.hasMobile ? mobile : sql`not ${mobile}`);
  }
  // Days since the last attended visit's day; needs one visit.
  if (filter.lastVisitDaysAgo) {
    const { min = 0, max } = filter.lastVisitDaysAgo;
    // ago ≥ min ⇔ last day ≤ today − min; ago ≤ max ⇔ last day ≥ today − max.
    having.push(sql`max(a.starts_at) < ${dayStart(addCalendarDays(today, 1 - min))}::timestamptz`);
    if (max !== undefined) having.push(sql`max(a.starts_at) >= ${dayStart(addCalendarDays(today, -max))}::timestamptz`);
  }
  if (having.length) parts.push(attendedHaving(having));
  return sql.join(parts, sql` and `);
}
