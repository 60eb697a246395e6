import { type SQL, sql } from "drizzle-orm";
import type { CloseReason, RuleId, TaskSourceType } from "../../../../shared/followup.ts";
import type { Role } from "../../../../shared/roles.ts";
import type { Settings } from "../../settings/settings.schema.ts";

/**
 * One follow-up rule of DESIGN §3: the procedure sentence it implements, and
 * two set-based statements the engine runs as of an instant.
 *
 * - `candidates` selects what should have a task now: columns person_id (uuid
 *   or null), source_id (text), due_at (timestamptz), assignee_user_id (uuid or
 *   null; null → the rule's role). It may look only at a recent window (new
 *   sources); the engine inserts what has no task yet.
 * - `closures` selects the open tasks of the rule whose condition no longer
 *   holds: columns id and reason (a CloseReason). It looks at every open task,
 *   however old.
 */
export interface Rule {
  id: RuleId;
  /** Where the rule comes from, e.g. "Procédure 4 — Au bout de 48h". */
  procedure: string;
  /** The procedure's own words, quoted. */
  quote: string;
  sourceType: TaskSourceType;
  /**
   * A second kind of source some of the rule's tasks have: its candidates then
   * add a column source_type (text; null → `sourceType`).
   */
  otherSourceType?: TaskSourceType;
  /** Who works the task when no user is named. */
  assigneeRole: Role;
  candidates(c: RuleContext): SQL;
  closures(c: RuleContext): SQL;
}

/** What a rule's SQL is written with: the instant, the settings, the calendar arithmetic. */
export interface RuleContext {
  asOf: SQL;
  settings: Settings;
  timeZone: SQL;
  /** `days` business days after a timestamptz expression (business-calendar.ts, in SQL). */
  addBusinessDays(instant: SQL, days: number): SQL;
  /** The clinic's closing time on the day of a timestamptz expression. */
  closingTimeOf(instant: SQL): SQL;
  /** Calendar days after an instant, counted in the clinic's time zone. */
  addCalendarDays(instant: SQL, days: number): SQL;
  /** The instant a calendar-days window starting `days` before asOf opens (start of that clinic day). */
  windowStart(days: number): SQL;
  /**
   * Whether a record is to be examined by this run: always in a full run; in an
   * incremental run, only the records changed since the previous run.
   */
  inScope(personId: SQL): SQL;
  /** The same as a filter on the open tasks' scan (a hashed lookup), before any join: for closures. */
  taskInScope(personId: SQL): SQL;
  /** Codes of the settings' request types of these categories (a text[] parameter). */
  requestTypeCodes(categories: readonly string[]): SQL;
}

/** A prospect still in the prospect procedure: not merged into another record, not converted. */
export const liveProspect = (p: SQL) =>
  sql`${p}.kind = 'prospect' and ${p}.merged_into_id is null and ${p}.converted_at is null and ${p}.anonymized_at is null`;

/** A record nobody calls by rule: a cold prospect (procedure 4: « nous n'appelons pas ces prospects »). */
export const coldProspect = (p: SQL) => sql`(${p}.kind = 'prospect' and ${p}.temperature = 'cold')`;

/**
 * When a prospect first came in contact with the clinic: the earliest of the
 * first interaction, the record's creation and the first-contact date (at
 * opening time, when it is an earlier day than the creation's).
 */
export const firstContactAt = (c: RuleContext, p: SQL) => sql`least(
  (select min(fi.occurred_at) from interactions fi where fi.person_id = ${p}.id),
  case when ${p}.first_contact_date = (${p}.created_at at time zone ${c.timeZone})::date then ${p}.created_at
       else (${p}.first_contact_date + ${c.settings.businessDays.opensAt}::time) at time zone ${c.timeZone} end,
  ${p}.created_at
)`;

/**
 * The interaction that answered a prospect's first request, on or after the
 * first contact: a conversation that reached the person (incoming or outgoing
 * call, visit — the request is answered live; a call nobody answered or to a
 * wrong number answers nothing), documents sent, or a written message (email, SMS,
 * WhatsApp) after the first contact and after the record's first interaction
 * (which is the request itself when it came in writing). Columns id, occurred_at. Two
 * lookups of one index entry each (interactions_answer_live_idx and
 * interactions_answer_written_idx, whose predicates these repeat word for word).
 */
export const answeringInteraction = (c: RuleContext, p: SQL, since: SQL) => sql`(
  select x.id, x.occurred_at from (
    (select a.id, a.occurred_at from interactions a
     where a.person_id = ${p}.id and a.occurred_at >= ${since} and a.occurred_at <= ${c.asOf}
       and ((channel in ('phone_in', 'phone_out', 'visit') and reached is not false) or cardinality(documents_sent) > 0)
     order by a.occurred_at limit 1)
    union all
    (select a.id, a.occurred_at from interactions a
     where a.person_id = ${p}.id and a.occurred_at <= ${c.asOf}
       and a.occurred_at > greatest(${since}, (select min(f1.occurred_at) from interactions f1 where f1.person_id = ${p}.id))
       and channel in ('email', 'sms', 'whatsapp')
     order by a.occurred_at limit 1)
  ) x
  order by x.occurred_at
  limit 1
)`;

/** No task of this rule on this source was done, for whichever record (a merge moves sources). */
export const notDone = (rule: Rule, sourceId: SQL) => sql`not exists (
  select 1 from follow_up_tasks done_before
  where done_before.rule = ${rule.id} and done_before.source_type = ${rule.sourceType}
    and done_before.source_id = ${sourceId}::text and done_before.status = 'done')`;

/** No task of this rule exists on this source, for whichever record (a line or a message linked later). */
export const sourceNotTasked = (rule: Rule, sourceId: SQL) => sql`${sourceId}::text not in (
  select seen.source_id from follow_up_tasks seen where seen.rule = ${rule.id} and seen.source_type = ${rule.sourceType})`;

/** Stands for « no person » in notTasked's hashed lookup (not in never matches a null). */
const NO_PERSON = sql`'00000000-0000-0000-0000-000000000000'::uuid`;

/**
 * No task of this rule exists yet for this source and person (a task without
 * a person counts as one for no person): one hashed lookup, so a re-run only
 * examines sources it has not seen.
 */
export const notTasked = (
  rule: Rule,
  personId: SQL,
  sourceId: SQL,
) => sql`(${sourceId}::text, coalesce(${personId}, ${NO_PERSON})) not in (
  select seen.source_id, coalesce(seen.person_id, ${NO_PERSON}) from follow_up_tasks seen
  where seen.rule = ${rule.id} and seen.source_type = ${rule.sourceType})`;

/**
 * The first WHEN lines of a prospect rule's closures: the record left the prospect
 * procedure (merged, converted) or no longer has the temperature the rule is for.
 */
export const prospectNoLongerConcerned = (p: SQL, temperatures: SQL) => sql`
      when ${p}.merged_into_id is not null then ${reason("merged")}
      when ${p}.anonymized_at is not null then ${reason("anonymized")}
      when ${p}.converted_at is not null then ${reason("converted")}
      when ${p}.temperature not in ${temperatures} then ${reason("temperature_changed")}`;

/** An appointment booked (as of asOf) that has not started yet. */
export const upcomingAppointment = (c: RuleContext, personId: SQL) => sql`exists (
  select 1 from appointments a
  where a.person_id = ${personId} and a.status = 'scheduled' and a.starts_at > ${c.asOf} and a.created_at <= ${c.asOf})`;

/** A conversation that reached the record (call in or out, visit) after an instant, up to asOf. */
export const conversationSince = (c: RuleContext, personId: SQL, since: SQL) => sql`exists (
  select 1 from interactions i
  where i.person_id = ${personId} and i.channel in ('phone_in', 'phone_out', 'visit') and i.reached is not false
    and i.occurred_at > ${since} and i.occurred_at <= ${c.asOf})`;

/** An outgoing call that reached the record after an instant, up to asOf (the qualifying call of a warm prospect). */
export const reachedCallSince = (c: RuleContext, personId: SQL, since: SQL) => sql`exists (
  select 1 from interactions o
  where o.person_id = ${personId} and o.channel = 'phone_out' and o.reached is not false
    and o.occurred_at > ${since} and o.occurred_at <= ${c.asOf})`;

/** Close reasons are codes; a CASE yields the first that applies, or null (still holds). */
export const reason = (code: CloseReason) => sql.raw(`'${code}'`);
