import { type SQL, sql } from "drizzle-orm";
import type { CampaignPurpose } from "../../../shared/campaigns.ts";
import type { SegmentFilter } from "../../../shared/segments.ts";
import type { Executor } from "../../db/client.ts";
import { campaignRecipients } from "../../db/schema/index.ts";
import { EMAIL_VALID, HAS_EMAIL, segmentCondition } from "../segments/segment-sql.ts";
import { smsRecipient } from "../sms/recipient.ts";

/**
 * Who a campaign reaches: the segment's people (never merged, never anonymised: the segment says so), with
 * a consent GRANTED for the campaign's purpose on the channel, and on e-mail a valid address (one message
 * per address), on SMS a mobile and no « pas de SMS ».
 */

/** Her address, as compared and stored: trimmed, lower case. */
const EMAIL = sql.raw("lower(btrim(p.email))");

const granted = (alias: string, purpose: CampaignPurpose, channel: "email" | "sms") =>
  sql`exists (select 1 from consent_states ${sql.raw(alias)} where ${sql.raw(alias)}.person_id = p.id
    and ${sql.raw(alias)}.purpose = ${purpose} and ${sql.raw(alias)}.channel = ${channel} and ${sql.raw(alias)}.granted)`;

async function rows<T>(executor: Executor, query: SQL): Promise<T[]> {
  return ((await executor.execute(query)) as unknown as { rows: T[] }).rows;
}

export interface AudienceInput {
  purpose: CampaignPurpose;
  filter: SegmentFilter;
  today: string;
}

/** The e-mail side of the audience: eligible (distinct addresses), and why the others are not. */
export async function emailAudience(executor: Executor, input: AudienceInput) {
  const where = segmentCondition(input.filter, { today: input.today });
  const consent = granted("ce", input.purpose, "email");
  const [row] = await rows<Record<string, number>>(
    executor,
    sql`select count(*)::int as total,
        count(*) filter (where not c)::int as without_consent,
        count(*) filter (where c and not ${HAS_EMAIL})::int as without_address,
        count(*) filter (where c and ${HAS_EMAIL} and not ${EMAIL_VALID})::int as invalid,
        count(distinct ${EMAIL}) filter (where c and ${HAS_EMAIL} and ${EMAIL_VALID})::int as eligible
      from (select p.*, ${consent} as c from people p where ${where}) p`,
  );
  return {
    total: row?.total ?? 0,
    eligible: row?.eligible ?? 0,
    withoutConsent: row?.without_consent ?? 0,
    withoutAddress: row?.without_address ?? 0,
    invalid: row?.invalid ?? 0,
  };
}

interface SmsCandidate {
  id: string;
  phones: string[] | null;
  sms_opt_out_at: Date | string | null;
  sms_opt_out_source: string | null;
}

/** The segment's people who granted the purpose by SMS, with their phones (in the record's order). */
async function smsCandidates(executor: Executor, input: AudienceInput): Promise<SmsCandidate[]> {
  const where = segmentCondition(input.filter, { today: input.today });
  return rows<SmsCandidate>(
    executor,
    sql`select p.id, p.sms_opt_out_at, p.sms_opt_out_source,
        (select array_agg(ph.e164 order by ph.position) from person_phones ph where ph.person_id = p.id) as phones
      from people p where ${where} and ${granted("cs", input.purpose, "sms")}
      order by p.created_at, p.id`,
  );
}

/** One person per mobile (the first record in creation order): the SMS side's recipients. */
async function smsTargets(executor: Executor, input: AudienceInput) {
  const candidates = await smsCandidates(executor, input);
  const targets = new Map<string, string>();
  let withoutMobile = 0;
  for (const c of candidates) {
    const recipient = smsRecipient(
      { phones: c.phones ?? [], smsOptOutAt: c.sms_opt_out_at, smsOptOutSource: c.sms_opt_out_source },
      false,
    );
    if ("skip" in recipient) withoutMobile += 1;
    else if (!targets.has(recipient.to)) targets.set(recipient.to, c.id);
  }
  return { targets, consenting: candidates.length, withoutMobile };
}

/** The SMS side of the audience. */
export async function smsAudience(executor: Executor, input: AudienceInput) {
  const where = segmentCondition(input.filter, { today: input.today });
  const [total] = await rows<{ n: number }>(executor, sql`select count(*)::int as n from people p where ${where}`);
  const { targets, consenting, withoutMobile } = await smsTargets(executor, input);
  return {
    total: total?.n ?? 0,
    eligible: targets.size,
    withoutConsent: (total?.n ?? 0) - consenting,
    withoutMobile,
  };
}

/**
 * Fixes a campaign's audience on one channel, in the caller's transaction: one row per address (and per
 * person), `on conflict do nothing` (a second build, by another instance or after a restart, adds nothing).
 * Returns how many rows were added.
 */
export async function buildRecipients(
  tx: Executor,
  campaignId: string,
  channel: "email" | "sms",
  input: AudienceInput,
): Promise<number> {
  if (channel === "email") {
    const where = segmentCondition(input.filter, { today: input.today });
    const added = await rows<{ id: string }>(
      tx,
      sql`insert into campaign_recipients (campaign_id, person_id, channel, address, status)
        select ${campaignId}, id, 'email', address, 'pending' from (
          select distinct on (${EMAIL}) p.id, ${EMAIL} as address
            from people p
           where ${where} and ${HAS_EMAIL} and ${EMAIL_VALID} and ${granted("ce", input.purpose, "email")}
           order by ${EMAIL}, p.created_at, p.id
        ) eligible
        on conflict do nothing
        returning id`,
    );
    return added.length;
  }
  const { targets } = await smsTargets(tx, input);
  const values = [...targets].map(([address, personId]) => ({
    campaignId,
    personId,
    channel: "sms",
    address,
    status: "pending",
  }));
  let added = 0;
  for (let i = 0; i < values.length; i += 1000) {
    const inserted = await tx
      .insert(campaignRecipients)
      .values(values.slice(i, i + 1000))
      .onConflictDoNothing()
      .returning({ id: campaignRecipients.id });
    added += inserted.length;
  }
  return added;
}
