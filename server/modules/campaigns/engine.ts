import { randomUUID } from "node:crypto";
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { CampaignPurpose } from "../../../shared/campaigns.ts";
import type { SegmentFilter } from "../../../shared/segments.ts";
import { clinicDay } from "../../clinic-calendar.ts";
import { MINUTE_MS } from "../../clock.ts";
import { type Actor, type Services, systemActor } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { campaignLinks, campaigns, outboxEmails, segments, smsMessages } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { generateToken, hashToken } from "../auth/tokens.ts";
import { EMAIL_VALID } from "../segments/segment-sql.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import { nextSendingTime } from "../sms/window.ts";
import { buildRecipients } from "./audience.ts";
import {
  type EmailTemplate,
  linksOf,
  measureCampaignSms,
  personalize,
  publicBase,
  renderCampaignSms,
  renderEmailTemplate,
} from "./render.ts";

/**
 * The campaign engine: a campaign's audience is fixed when sending starts (`campaign_recipients`, unique per
 * address and per person), then handed to the outboxes in batches at the throttled rate. Each batch is ONE
 * transaction: the recipients are locked (`for update skip locked`), their outbox messages inserted and
 * their status set to queued together; so whatever instances run it, or a restart half-way, a recipient is
 * queued at most once, and the outboxes send each message at most once.
 */

type CampaignRow = typeof campaigns.$inferSelect;

/** Recipients handed to the outboxes per transaction. */
export const BATCH_SIZE = 500;
/** One feeder at a time across instances (the throttle counts what the others queued). */
const FEED_LOCK = 16_016_016;

/** Why a recipient was not sent, in the words the campaign page shows. */
export const SKIP_REASONS = {
  consent: "consentement retiré depuis",
  merged: "fiche fusionnée ou anonymisée",
  address: "adresse e-mail modifiée ou invalide depuis",
  cancelled: "campagne annulée",
} as const;

async function rows<T>(executor: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await executor.execute(query)) as unknown as { rows: T[] }).rows;
}

/** The filter a campaign sends to: its segment's as it is now, else the copy kept when it was scheduled. */
async function currentFilter(tx: Executor, campaign: CampaignRow): Promise<SegmentFilter | null> {
  if (campaign.segmentId) {
    const [segment] = await tx
      .select({ filter: segments.filter })
      .from(segments)
      .where(eq(segments.id, campaign.segmentId));
    if (segment) return segment.filter;
  }
  return campaign.filter;
}

/**
 * Starts sending a campaign, in the caller's transaction (the row locked or just moved out of
 * `scheduled`): the filter is copied, the audience written per channel, the links to count listed.
 */
export async function startSending(
  tx: Executor,
  services: Services,
  actor: Actor,
  campaign: CampaignRow,
  settings: Settings,
): Promise<{ email: number; sms: number }> {
  const now = services.clock.now();
  const filter = (await currentFilter(tx, campaign)) ?? {};
  await tx
    .update(campaigns)
    .set({ status: "sending", startedAt: now, filter, updatedAt: now, version: sql`${campaigns.version} + 1` })
    .where(eq(campaigns.id, campaign.id));
  const input = { purpose: campaign.purpose as CampaignPurpose, filter, today: clinicDay(now, settings.timeZone) };
  const added = { email: 0, sms: 0 };
  for (const channel of campaign.channels as ("email" | "sms")[]) {
    added[channel] = await buildRecipients(tx, campaign.id, channel, input);
  }
  if (campaign.trackClicks && campaign.channels.includes("email") && campaign.emailMarkdown) {
    const links = linksOf(campaign.emailMarkdown);
    if (links.length > 0) {
      await tx
        .insert(campaignLinks)
        .values(links.map((url, position) => ({ campaignId: campaign.id, url, position })))
        .onConflictDoNothing();
    }
  }
  await recordAudit(tx, services.clock, actor, {
    action: "campaign.start",
    entityType: "campaign",
    entityId: campaign.id,
    after: { recipients: added, filter },
  });
  return added;
}

/** Campaigns scheduled for `asOf` or before start now (one instance wins each: the status moves once). */
async function startDue(services: Services, asOf: Date, settings: Settings): Promise<number> {
  const due = await services.database.db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.status, "scheduled"), lte(campaigns.scheduledAt, asOf)));
  let started = 0;
  for (const { id } of due) {
    const ok = await services.database.db.transaction(async (tx) => {
      const [campaign] = await tx
        .select()
        .from(campaigns)
        .where(and(eq(campaigns.id, id), eq(campaigns.status, "scheduled")))
        .for("update", { skipLocked: true });
      if (!campaign) return false;
      await startSending(tx, services, systemActor("envoi programmé"), campaign, settings);
      return true;
    });
    if (ok) started += 1;
  }
  return started;
}

/** Campaign messages handed to the outboxes during the minute before `now` (all campaigns, all instances). */
async function queuedLastMinute(tx: Executor, now: Date): Promise<number> {
  const since = new Date(now.getTime() - MINUTE_MS);
  const [row] = await rows<{ n: number }>(
    tx,
    sql`select (select count(*) from outbox_emails where created_at > ${since} and purpose = 'campaign')::int
             + (select count(*) from sms_messages where created_at > ${since} and kind = 'campaign')::int as n`,
  );
  return row?.n ?? 0;
}

interface Candidate {
  id: string;
  campaign_id: string;
  person_id: string | null;
  channel: "email" | "sms";
  address: string;
  first_name: string | null;
  last_name: string | null;
  consented: boolean;
  gone: boolean;
  address_ok: boolean;
}

/** What a batch renders once per campaign: the e-mail template, the SMS text. */
interface Prepared {
  campaign: CampaignRow;
  email: EmailTemplate | null;
}

async function prepare(tx: Executor, settings: Settings, campaign: CampaignRow): Promise<Prepared> {
  if (!campaign.channels.includes("email") || !campaign.emailSubject || !campaign.emailMarkdown) {
    return { campaign, email: null };
  }
  let trackedLinks: Map<string, string> | undefined;
  if (campaign.trackClicks) {
    const links = await tx
      .select({ id: campaignLinks.id, url: campaignLinks.url })
      .from(campaignLinks)
      .where(eq(campaignLinks.campaignId, campaign.id));
    trackedLinks = new Map(links.map((l) => [l.url, l.id]));
  }
  const email = renderEmailTemplate(settings, {
    purpose: campaign.purpose as CampaignPurpose,
    subject: campaign.emailSubject,
    markdown: campaign.emailMarkdown,
    trackedLinks,
  });
  return { campaign, email };
}

/** The headers of RFC 2369 and RFC 8058: mail clients show « Se désinscrire » and unsubscribe in one click. */
export const unsubscribeHeaders = (url: string): Record<string, string> => ({
  "List-Unsubscribe": `<${url}>`,
  "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
});

export interface FeedResult {
  queued: number;
  skipped: number;
  /** Stopped because the minute's allowance (settings.campaigns.ratePerMinute) is used up. */
  throttled: boolean;
}

/**
 * One batch: up to `size` pending recipients of sending campaigns, locked, checked again (consent, record,
 * address), their messages put in the outboxes and their status set, in one transaction.
 */
async function feedBatch(services: Services, settings: Settings, size: number): Promise<FeedResult> {
  const now = services.clock.now();
  return services.database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${FEED_LOCK})`);
    const allowance = settings.campaigns.ratePerMinute - (await queuedLastMinute(tx, now));
    if (allowance <= 0) return { queued: 0, skipped: 0, throttled: true };
    const limit = Math.min(size, allowance);
    const candidates = await rows<Candidate>(
      tx,
      sql`select r.id, r.campaign_id, r.person_id, r.channel, r.address, p.first_name, p.last_name,
          exists (select 1 from consent_states cs where cs.person_id = r.person_id and cs.purpose = c.purpose
                  and cs.channel = r.channel and cs.granted) as consented,
          (p.id is null or p.merged_into_id is not null or p.anonymized_at is not null) as gone,
          (r.channel <> 'email' or (lower(btrim(p.email)) = r.address and ${EMAIL_VALID})) as address_ok
        from campaign_recipients r
        join campaigns c on c.id = r.campaign_id
        left join people p on p.id = r.person_id
        where r.status = 'pending' and c.status = 'sending'
        order by c.started_at, c.id, r.id
        limit ${limit}
        for update of r skip locked`,
    );
    if (candidates.length === 0) return { queued: 0, skipped: 0, throttled: false };
    const campaignIds = [...new Set(candidates.map((c) => c.campaign_id))];
    const prepared = new Map<string, Prepared>();
    for (const campaign of await tx.select().from(campaigns).where(inArray(campaigns.id, campaignIds))) {
      prepared.set(campaign.id, await prepare(tx, settings, campaign));
    }
    const base = publicBase(settings);
    const emails: (typeof outboxEmails.$inferInsert)[] = [];
    const texts: (typeof smsMessages.$inferInsert)[] = [];
    const queued: { id: string; hash: string; emailId: string | null; smsId: string | null }[] = [];
    const skipped: { id: string; reason: string }[] = [];
    const smsAt = nextSendingTime(now, settings.sms.window, settings.timeZone);
    for (const c of candidates) {
      const p = prepared.get(c.campaign_id);
      if (!p) continue;
      if (c.gone) skipped.push({ id: c.id, reason: SKIP_REASONS.merged });
      else if (!c.consented) skipped.push({ id: c.id, reason: SKIP_REASONS.consent });
      else if (!c.address_ok) skipped.push({ id: c.id, reason: SKIP_REASONS.address });
      if (c.gone || !c.consented || !c.address_ok) continue;
      const token = generateToken(32);
      const firstName = c.first_name ?? "";
      const lastName = c.last_name ?? "";
      if (c.channel === "email" && p.email) {
        const mail = personalize(p.email, { firstName, lastName, token });
        const id = randomUUID();
        emails.push({
          id,
          purpose: "campaign",
          fromAddress: settings.clinicEmail,
          toAddresses: [c.address],
          ccAddresses: [],
          subject: mail.subject,
          bodyText: mail.text,
          bodyHtml: mail.html,
          headers: unsubscribeHeaders(`${base}/u/${token}`),
          attachments: p.campaign.emailDocumentIds.map((docId) => ({ kind: "document" as const, id: docId })),
          personId: c.person_id,
          status: "pending",
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
        });
        queued.push({ id: c.id, hash: hashToken(token), emailId: id, smsId: null });
      } else if (c.channel === "sms" && p.campaign.smsText) {
        const text = renderCampaignSms(p.campaign.smsText, firstName, lastName);
        const measure = measureCampaignSms(p.campaign.smsText, { firstName, lastName });
        const id = randomUUID();
        texts.push({
          id,
          kind: "campaign",
          personId: c.person_id,
          toPhone: c.address,
          text,
          encoding: measure.encoding,
          segments: measure.segments,
          vital: false,
          status: "queued",
          nextAttemptAt: smsAt,
          createdAt: now,
        });
        queued.push({ id: c.id, hash: hashToken(token), emailId: null, smsId: id });
      } else {
        skipped.push({ id: c.id, reason: "message vide" });
      }
    }
    if (emails.length > 0) await tx.insert(outboxEmails).values(emails);
    if (texts.length > 0) await tx.insert(smsMessages).values(texts);
    if (queued.length > 0) {
      const values = sql.join(
        queued.map((q) => sql`(${q.id}::uuid, ${q.hash}, ${q.emailId}::uuid, ${q.smsId}::uuid)`),
        sql`, `,
      );
      await tx.execute(sql`update campaign_recipients r
          set status = 'queued', unsubscribe_token_hash = v.hash, outbox_email_id = v.email_id,
              sms_message_id = v.sms_id, queued_at = ${now}
          from (values ${values}) as v(id, hash, email_id, sms_id)
          where r.id = v.id and r.status = 'pending'`);
    }
    for (const reason of new Set(skipped.map((s) => s.reason))) {
      const ids = skipped.filter((s) => s.reason === reason).map((s) => s.id);
      await tx.execute(sql`update campaign_recipients set status = 'skipped', reason = ${reason}
          where id in (${sql.join(
            ids.map((id) => sql`${id}::uuid`),
            sql`, `,
          )}) and status = 'pending'`);
    }
    await tx.update(campaigns).set({ lastBatchAt: now }).where(inArray(campaigns.id, campaignIds));
    return { queued: queued.length, skipped: skipped.length, throttled: queued.length >= allowance };
  });
}

/** Hands pending recipients to the outboxes, batch after batch, until none is left or the minute is used up. */
export async function feedCampaigns(
  services: Services,
  options: { maxBatches?: number; batchSize?: number } = {},
): Promise<FeedResult> {
  const { settings } = await readSettings(services.database.db);
  const total: FeedResult = { queued: 0, skipped: 0, throttled: false };
  for (let n = 0; n < (options.maxBatches ?? Number.POSITIVE_INFINITY); n++) {
    const batch = await feedBatch(services, settings, options.batchSize ?? BATCH_SIZE);
    total.queued += batch.queued;
    total.skipped += batch.skipped;
    if (batch.throttled) total.throttled = true;
    if (batch.throttled || batch.queued + batch.skipped === 0) break;
  }
  return total;
}

/**
 * Recipients whose message has an outcome in its outbox take it (sent, failed; an SMS skipped because
 * she asked for no SMS since); a campaign with nothing pending nor in flight is sent (or, cancelled, done).
 */
async function settle(services: Services): Promise<number> {
  const db = services.database.db;
  const open = sql`r.campaign_id in (select id from campaigns where status in ('sending', 'cancelled') and finished_at is null)`;
  await db.execute(sql`update campaign_recipients r
      set status = case when e.status = 'sent' then 'sent' else 'failed' end,
          sent_at = e.sent_at,
          failed_at = case when e.status = 'failed' then e.next_attempt_at end,
          reason = case when e.status = 'failed' then e.last_error end
      from outbox_emails e
      where e.id = r.outbox_email_id and r.status = 'queued' and e.status in ('sent', 'failed') and ${open}`);
  await db.execute(sql`update campaign_recipients r
      set status = case when s.status in ('sent', 'delivered') then 'sent'
                        when s.status in ('skipped', 'cancelled') then 'skipped' else 'failed' end,
          sent_at = s.sent_at,
          failed_at = case when s.status in ('failed', 'to_check') then coalesce(s.failed_at, s.created_at) end,
          reason = s.reason
      from sms_messages s
      where s.id = r.sms_message_id and r.status = 'queued'
        and s.status in ('sent', 'delivered', 'failed', 'skipped', 'cancelled', 'to_check') and ${open}`);
  const now = services.clock.now();
  const finished = await db.execute(sql`update campaigns c
      set status = case when c.status = 'sending' then 'sent' else c.status end, finished_at = ${now}
      where c.status in ('sending', 'cancelled') and c.finished_at is null
        and not exists (select 1 from campaign_recipients r
                         where r.campaign_id = c.id and r.status in ('pending', 'queued'))
      returning c.id`);
  return (finished as unknown as { rows: unknown[] }).rows.length;
}

/** Recipients still waiting to be handed over when a campaign is cancelled: skipped. */
export async function skipPending(tx: Executor, campaignId: string): Promise<number> {
  const skipped = await rows<{ id: string }>(
    tx,
    sql`update campaign_recipients set status = 'skipped', reason = ${SKIP_REASONS.cancelled}
        where campaign_id = ${campaignId} and status = 'pending' returning id`,
  );
  return skipped.length;
}

export interface CampaignRun {
  asOf: string;
  started: number;
  queued: number;
  skipped: number;
  finished: number;
}

/**
 * What the scheduler does every minute: campaigns due by `asOf` start, pending recipients are handed to
 * the outboxes at the throttled rate, outcomes are settled and finished campaigns marked sent.
 */
export async function runCampaigns(services: Services, asOf?: Date): Promise<CampaignRun> {
  const at = asOf ?? services.clock.now();
  const { settings } = await readSettings(services.database.db);
  const started = await startDue(services, at, settings);
  const fed = await feedCampaigns(services);
  const finished = await settle(services);
  return { asOf: at.toISOString(), started, queued: fed.queued, skipped: fed.skipped, finished };
}
