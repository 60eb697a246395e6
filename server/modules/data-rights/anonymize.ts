import { eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Clock } from "../../clock.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { people } from "../../db/schema/index.ts";
import { AppError, fieldError, notFound } from "../../http/errors.ts";
import { ERROR_MESSAGES } from "../../i18n/messages.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { AnonymizeInput, AnonymizeResult, Eligibility } from "./data-rights.schema.ts";

/** What the audit payloads of an anonymised person's records become: the action stays, her data goes. */
export const REDACTED = { redacted: "anonymisation (loi 2008-12)" };

/** The last name every anonymised record gets; the first name is a short code stable for the record. */
export const ANONYMOUS_LAST_NAME = "Anonyme";

/**
 * A prospect that never became a patient (`p` is the `people` row): not converted, no patient reconciled
 * from it. Patients, and prospects that lead to one, follow the clinic's medical retention rules.
 */
export const ELIGIBLE = sql.raw(`p.kind = 'prospect' and p.converted_to_id is null and p.converted_at is null
  and not exists (select 1 from people x where x.source_prospect_id = p.id or x.provenance_prospect_id = p.id)`);

const uuidArray = (ids: string[]) => `{${ids.join(",")}}`;

/**
 * Anonymises the given prospects (already checked eligible) and the records merged into them, in the caller's
 * transaction, set-based. Names become « Anonyme » and a code, lookup keys follow; birth date, phones, e-mail,
 * address, insurer and notes go; free texts (interactions' comments, calls, phone messages, appointments, tasks,
 * quotes) are cleared; the messages sent to her keep their kind, status and dates but lose address and text;
 * nominative survey answers become anonymous; the consent history is kept (the proof), without its notes;
 * audit payloads of her records are replaced by a marker. Kind, origin, temperature, first-contact date,
 * interactions' dates and channels, status and conversion figures stay. Returns the ids anonymised.
 */
export async function anonymizeRecords(tx: Executor, clock: Clock, targetIds: string[]): Promise<string[]> {
  if (targetIds.length === 0) return [];
  const run = async <T = Record<string, unknown>>(query: ReturnType<typeof sql>) =>
    ((await tx.execute(query)) as unknown as { rows: T[] }).rows;
  // Every record merged into them, however deep the chain (B into A, then A into C).
  const merged = await run<{ id: string }>(sql`
    with recursive grp(id) as (
      select id from people where merged_into_id = any(${uuidArray(targetIds)}::uuid[])
      union
      select p.id from people p join grp g on p.merged_into_id = g.id)
    select grp.id from grp join people p on p.id = grp.id where p.anonymized_at is null`);
  const ids = [...new Set([...targetIds, ...merged.map((m) => m.id)])];
  const all = uuidArray(ids);
  const now = clock.now();
  // Audit payloads first, while the records still say which rows are hers.
  await tx.execute(sql`update audit_events set
      before = case when before is null then null else ${JSON.stringify(REDACTED)}::jsonb end,
      after = case when after is null then null else ${JSON.stringify(REDACTED)}::jsonb end
    where (before is not null or after is not null)
      and action not in ('person.access_export', 'person.anonymize')
      and entity_id in (
      select unnest(${all}::uuid[])::text
      union all select id::text from interactions where person_id = any(${all}::uuid[])
      union all select id::text from calls where person_id = any(${all}::uuid[])
      union all select id::text from phone_messages where person_id = any(${all}::uuid[])
      union all select id::text from appointments where person_id = any(${all}::uuid[])
      union all select id::text from follow_up_tasks where person_id = any(${all}::uuid[])
      union all select id::text from quotes where person_id = any(${all}::uuid[])
      union all select id::text from outbox_emails where person_id = any(${all}::uuid[])
      union all select id::text from sms_messages where person_id = any(${all}::uuid[])
      union all select id::text from sms_replies where person_id = any(${all}::uuid[])
      union all select id::text from survey_invitations where person_id = any(${all}::uuid[])
      union all select id::text from survey_responses where person_id = any(${all}::uuid[])
      union all select id::text from consent_events where person_id = any(${all}::uuid[])
      union all select id::text from mothers_group_memberships where person_id = any(${all}::uuid[]))`);
  await tx.execute(sql`update people set
      last_name = ${ANONYMOUS_LAST_NAME}, last_name_key = ${ANONYMOUS_LAST_NAME.toLowerCase()},
      first_name = upper(substr(replace(id::text, '-', ''), 1, 6)),
      first_name_key = lower(substr(replace(id::text, '-', ''), 1, 6)),
      birth_date = null, email = null, address = null, insurer = null, notes = null,
      email_invalid_address = null, email_invalid_reason = null,
      anonymized_at = ${now}, updated_at = ${now}, version = version + 1
    where id = any(${all}::uuid[])`);
  await tx.execute(sql`delete from person_phones where person_id = any(${all}::uuid[])`);
  await tx.execute(sql`update temperature_changes set reason = null where person_id = any(${all}::uuid[])`);
  await tx.execute(sql`update interactions set comment = null where person_id = any(${all}::uuid[])`);
  await tx.execute(
    sql`update calls set phone = null, caller_name = null, request = null, notes = null where person_id = any(${all}::uuid[])`,
  );
  await tx.execute(
    sql`update phone_messages set caller_name = null, caller_phone = null, body = '' where person_id = any(${all}::uuid[])`,
  );
  await tx.execute(
    sql`update appointments set reason = null, notes = null, cancel_reason = null where person_id = any(${all}::uuid[])`,
  );
  await tx.execute(sql`update follow_up_tasks set outcome_note = null where person_id = any(${all}::uuid[])`);
  // The answers kept for a retry (Idempotency-Key, 7 days at most) that show her go too.
  await tx.execute(sql`delete from idempotency_keys k where exists (
      select 1 from unnest(${all}::uuid[]) as p(id) where position(p.id::text in k.response_body::text) > 0)`);
  // Her open follow-up tasks end here: there is nobody left to call.
  await tx.execute(sql`update follow_up_tasks set status = 'closed', closed_at = ${now}, close_reason = 'anonymized',
      version = version + 1
    where person_id = any(${all}::uuid[]) and status = 'open'`);
  await tx.execute(sql`update quotes set notes = null where person_id = any(${all}::uuid[])`);
  await tx.execute(sql`update consent_events set note = null where person_id = any(${all}::uuid[])`);
  await tx.execute(sql`update mothers_group_events set note = null
    where membership_id in (select id from mothers_group_memberships where person_id = any(${all}::uuid[]))`);
  // What was still waiting to leave is not sent any more (it would go to nobody, with an empty text).
  await tx.execute(sql`update sms_messages set status = 'cancelled', cancelled_at = ${now}, reason = 'anonymised'
    where person_id = any(${all}::uuid[]) and status in ('queued', 'to_check')`);
  await tx.execute(sql`update outbox_emails set status = 'failed', last_error = 'anonymised'
    where person_id = any(${all}::uuid[]) and status = 'pending'`);
  await tx.execute(sql`update outbox_emails set to_addresses = '{}', cc_addresses = '{}', subject = '', body_text = '',
      body_html = null, headers = '{}', attachments = '[]',
      last_error = case when last_error is null then null else 'anonymised' end
    where person_id = any(${all}::uuid[])`);
  await tx.execute(sql`update appointment_events set reason = null
    where appointment_id in (select id from appointments where person_id = any(${all}::uuid[]))`);
  await tx.execute(sql`update sms_messages set to_phone = null, text = '' where person_id = any(${all}::uuid[])`);
  await tx.execute(sql`update sms_replies set from_phone = '', text = '' where person_id = any(${all}::uuid[])`);
  // Unique per campaign and channel: each row gets a placeholder of its own.
  await tx.execute(
    sql`update campaign_recipients set address = 'anonymised:' || id::text where person_id = any(${all}::uuid[])`,
  );
  await tx.execute(sql`update guest_book_entries set text = '' where person_id = any(${all}::uuid[])`);
  await tx.execute(sql`update survey_responses set person_id = null where person_id = any(${all}::uuid[])`);
  return ids;
}

type Refusal = "already_anonymized" | "merged" | "patient" | "converted";

/** « Prénom Nom » as the guard must be typed (spaces collapsed, case and accents kept as stored). */
const fullName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`.trim();
const normalise = (s: string) => s.trim().replace(/\s+/g, " ").toLocaleLowerCase("fr");

/**
 * Why a record may not be anonymised, in French (null when it may): a patient, a prospect that became one,
 * a merged record (its target is anonymised instead), one already anonymised.
 */
export async function refusalOf(executor: Executor, id: string): Promise<Refusal | null> {
  // Eligible only if every record merged into it is too (a converted prospect merged into it stays).
  const result = (await executor.execute(sql`
    with recursive grp(id) as (
      select id from people where id = ${id}
      union
      select m.id from people m join grp g on m.merged_into_id = g.id)
    select p.kind, p.merged_into_id, p.anonymized_at,
      (select bool_and(${ELIGIBLE}) from people p join grp on grp.id = p.id) as eligible
    from people p where p.id = ${id}`)) as unknown as {
    rows: { kind: string; merged_into_id: string | null; anonymized_at: unknown; eligible: boolean }[];
  };
  const [row] = result.rows;
  if (!row) return null;
  if (row.anonymized_at) return "already_anonymized";
  if (row.merged_into_id) return "merged";
  if (row.kind === "patient") return "patient";
  if (!row.eligible) return "converted";
  return null;
}

/**
 * Anonymises a prospect on request or at the end of the retention period (loi 2008-12, erasure where the law
 * allows it). The user types the record's « Prénom Nom » as a guard (422 naming confirmName otherwise).
 * Never undone. A patient or a prospect that became one is refused (409): medical retention applies.
 */
export async function anonymizePerson(ctx: Ctx, id: string, input: AnonymizeInput): Promise<AnonymizeResult> {
  authorize(ctx.actor, "dataRights.manage");
  return ctx.database.db.transaction(async (tx) => {
    const [row] = await tx.select().from(people).where(eq(people.id, id)).for("update");
    if (!row) throw notFound("person");
    const refusal = await refusalOf(tx, id);
    if (refusal) throw new AppError(409, `data_rights.refused_${refusal}`);
    if (normalise(input.confirmName) !== normalise(fullName(row))) {
      throw fieldError("data_rights.confirm_name_mismatch", "confirmName");
    }
    const ids = await anonymizeRecords(tx, ctx.clock, [id]);
    await recordAudit(tx, ctx.clock, ctx.actor, anonymizeAudit(row.kind, id, input.reason, ids, input.note ?? null));
    return { id, anonymizedAt: ctx.clock.now().toISOString(), records: ids.length };
  });
}

/** The audit event of one anonymisation: the reason, never the old personal data. */
export function anonymizeAudit(
  kind: string,
  id: string,
  reason: "request" | "retention",
  ids: string[],
  note: string | null,
) {
  return {
    action: "person.anonymize",
    entityType: kind,
    entityId: id,
    after: { reason, note, records: ids },
  };
}

/** For the person page: may she be anonymised, or why not (the French explanation the API would give). */
export async function getEligibility(ctx: Ctx, id: string): Promise<Eligibility> {
  authorize(ctx.actor, "dataRights.manage");
  const [row] = await ctx.database.db
    .select({ id: people.id, anonymizedAt: people.anonymizedAt })
    .from(people)
    .where(eq(people.id, id));
  if (!row) throw notFound("person");
  const refusal = await refusalOf(ctx.database.db, id);
  return {
    eligible: refusal === null,
    refusal,
    message: refusal ? ERROR_MESSAGES[`data_rights.refused_${refusal}`] : null,
    anonymizedAt: row.anonymizedAt ? row.anonymizedAt.toISOString() : null,
  };
}
