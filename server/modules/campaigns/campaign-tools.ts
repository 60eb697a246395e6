import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { CampaignPurpose } from "../../../shared/campaigns.ts";
import { smsCost } from "../../../shared/sms-text.ts";
import { authorize } from "../../authorize.ts";
import { clinicDay } from "../../clinic-calendar.ts";
import { HOUR_MS } from "../../clock.ts";
import type { Ctx } from "../../context.ts";
import { outboxEmails, segments, smsMessages, users } from "../../db/schema/index.ts";
import { fieldError } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { deliverSoon } from "../mail/outbox.ts";
import { parsePhone } from "../people/phones.ts";
import { readSettings } from "../settings/settings.ts";
import { nextSendingTime } from "../sms/window.ts";
import { emailAudience, smsAudience } from "./audience.ts";
import type { AudienceView, RecipientsQuery } from "./campaign.schema.ts";
import { runCampaigns, unsubscribeHeaders } from "./engine.ts";
import { loadCampaign } from "./manage-campaigns.ts";
import { EFFECTIVE_STATUS, RECIPIENT_JOINS } from "./present.ts";
import {
  measureCampaignSms,
  pasteText,
  personalize,
  publicBase,
  renderCampaignSms,
  renderEmailTemplate,
} from "./render.ts";

/** What a campaign would reach if sent now: per channel, who gets it and why the others do not. */
export async function campaignAudience(ctx: Ctx, id: string): Promise<AudienceView> {
  authorize(ctx.actor, "campaigns.manage");
  const db = ctx.database.db;
  const campaign = await loadCampaign(db, id);
  const { settings } = await readSettings(db);
  const [segment] = campaign.segmentId
    ? await db.select({ filter: segments.filter }).from(segments).where(eq(segments.id, campaign.segmentId))
    : [];
  const input = {
    purpose: campaign.purpose as CampaignPurpose,
    filter: segment?.filter ?? campaign.filter ?? {},
    today: clinicDay(ctx.clock.now(), settings.timeZone),
  };
  const view: AudienceView = { total: 0 };
  if (campaign.channels.includes("email")) {
    const { total, ...email } = await emailAudience(db, input);
    view.total = total;
    view.email = email;
  }
  if (campaign.channels.includes("sms")) {
    const { total, ...sms } = await smsAudience(db, input);
    const measure = measureCampaignSms(campaign.smsText ?? "");
    view.total = total;
    view.sms = {
      ...sms,
      segmentsPerSms: measure.segments,
      encoding: measure.encoding,
      costXof: smsCost(measure.segments * sms.eligible, settings.sms.pricePerSegment),
    };
  }
  return view;
}

/** The signed-in user's names and address (the sample recipient of a preview, the target of a test). */
async function me(ctx: Ctx) {
  if (ctx.actor.type !== "user") return { firstName: "Aminata", lastName: "Diallo", email: null as string | null };
  const [user] = await ctx.database.db
    .select({ firstName: users.firstName, lastName: users.lastName, email: users.email })
    .from(users)
    .where(eq(users.id, ctx.actor.id));
  return user ?? { firstName: "Aminata", lastName: "Diallo", email: null };
}

/** A preview token: the link shows where it goes, but opens nothing (only the real tokens are stored). */
const PREVIEW_TOKEN = "apercu";

/** The messages as the user would receive them (her name), with the signature and the unsubscribe footer. */
export async function previewCampaign(ctx: Ctx, id: string) {
  authorize(ctx.actor, "campaigns.manage");
  const campaign = await loadCampaign(ctx.database.db, id);
  const { settings } = await readSettings(ctx.database.db);
  const user = await me(ctx);
  const email = personalize(
    renderEmailTemplate(settings, {
      purpose: campaign.purpose as CampaignPurpose,
      subject: campaign.emailSubject ?? "",
      markdown: campaign.emailMarkdown ?? "",
    }),
    { firstName: user.firstName, lastName: user.lastName, token: PREVIEW_TOKEN },
  );
  const sms = campaign.smsText ? renderCampaignSms(campaign.smsText, user.firstName, user.lastName) : null;
  const measure = campaign.smsText ? measureCampaignSms(campaign.smsText, user) : null;
  return {
    ...email,
    ...(sms && measure ? { sms: { text: sms, encoding: measure.encoding, segments: measure.segments } } : {}),
  };
}

/**
 * A test send to oneself, « [TEST] » in front: not a recipient (never in the figures), its link opens
 * nothing. Audited.
 */
export async function testCampaign(ctx: Ctx, id: string, input: { email?: string; phone?: string }) {
  authorize(ctx.actor, "campaigns.manage");
  const db = ctx.database.db;
  const campaign = await loadCampaign(db, id);
  const { settings } = await readSettings(db);
  const user = await me(ctx);
  const now = ctx.clock.now();
  const result: { emailId?: string; smsId?: string } = {};
  const wantsEmail = campaign.channels.includes("email") && (input.email !== undefined || input.phone === undefined);
  const wantsSms = campaign.channels.includes("sms") && input.phone !== undefined;
  const to = input.email ?? user.email;
  if (wantsEmail && !to) throw fieldError("campaign_test_no_address", "email");
  // A test goes to the clinic's own people: an active staff account's address or the clinic's, never a
  // patient's (she would receive a message she did not consent to) nor a stranger's.
  if (wantsEmail && to && to.toLowerCase() !== settings.clinicEmail.toLowerCase()) {
    const [staff] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(sql`lower(${users.email}) = ${to.toLowerCase()}`, eq(users.active, true)));
    if (!staff) throw fieldError("campaign_test_not_staff", "email");
  }
  let phone: string | undefined;
  if (wantsSms && input.phone) {
    const parsed = parsePhone(input.phone);
    if (!parsed.ok) throw fieldError("campaign_test_no_phone", "phone");
    phone = parsed.e164;
  }
  if (campaign.channels.includes("sms") && !campaign.channels.includes("email") && !phone) {
    throw fieldError("campaign_test_no_phone", "phone");
  }
  await db.transaction(async (tx) => {
    if (wantsEmail && to) {
      const mail = personalize(
        renderEmailTemplate(settings, {
          purpose: campaign.purpose as CampaignPurpose,
          subject: campaign.emailSubject ?? "",
          markdown: campaign.emailMarkdown ?? "",
        }),
        { firstName: user.firstName, lastName: user.lastName, token: PREVIEW_TOKEN },
      );
      result.emailId = randomUUID();
      await tx.insert(outboxEmails).values({
        id: result.emailId,
        purpose: "campaign",
        fromAddress: settings.clinicEmail,
        toAddresses: [to],
        subject: `[TEST] ${mail.subject}`,
        bodyText: mail.text,
        bodyHtml: mail.html,
        headers: settings.surveys.publicBaseUrl ? unsubscribeHeaders(`${publicBase(settings)}/u/${PREVIEW_TOKEN}`) : {},
        attachments: campaign.emailDocumentIds.map((docId) => ({ kind: "document" as const, id: docId })),
        status: "pending",
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
        createdBy: ctx.actor.type === "user" ? ctx.actor.id : null,
      });
    }
    if (phone && campaign.smsText) {
      const text = `[TEST] ${renderCampaignSms(campaign.smsText, user.firstName, user.lastName)}`;
      const measure = measureCampaignSms(`[TEST] ${campaign.smsText}`, user);
      result.smsId = randomUUID();
      await tx.insert(smsMessages).values({
        id: result.smsId,
        kind: "other",
        toPhone: phone,
        text,
        encoding: measure.encoding,
        segments: measure.segments,
        vital: false,
        status: "queued",
        nextAttemptAt: nextSendingTime(now, settings.sms.window, settings.timeZone),
        createdAt: now,
        createdBy: ctx.actor.type === "user" ? ctx.actor.id : null,
      });
    }
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "campaign.test",
      entityType: "campaign",
      entityId: id,
      after: { email: wantsEmail ? to : null, phone: phone ?? null },
    });
  });
  if (result.emailId) deliverSoon(ctx, result.emailId);
  return result;
}

interface RecipientRow {
  id: string;
  person_id: string | null;
  first_name: string | null;
  last_name: string | null;
  channel: "email" | "sms";
  address: string;
  status: "pending" | "queued" | "sent" | "failed" | "bounced" | "skipped";
  reason: string | null;
  sent_at: Date | string | null;
  unsubscribed_at: Date | string | null;
  first_clicked_at: Date | string | null;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** A campaign's recipients, by channel and status, a page at a time. */
export async function listRecipients(ctx: Ctx, id: string, query: RecipientsQuery) {
  authorize(ctx.actor, "campaigns.manage");
  const db = ctx.database.db;
  await loadCampaign(db, id);
  const filters = [sql`r.campaign_id = ${id}`];
  if (query.channel) filters.push(sql`r.channel = ${query.channel}`);
  if (query.status) filters.push(sql`${EFFECTIVE_STATUS} = ${query.status}`);
  const where = sql.join(filters, sql` and `);
  const run = async <T>(q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: T[] }).rows;
  const [total] = await run<{ n: number }>(
    sql`select count(*)::int as n from campaign_recipients r ${RECIPIENT_JOINS} where ${where}`,
  );
  const items = await run<RecipientRow>(sql`select r.id, r.person_id, p.first_name, p.last_name, r.channel,
        r.address, ${EFFECTIVE_STATUS} as status, coalesce(r.reason, e.last_error, s.reason) as reason,
        coalesce(r.sent_at, e.sent_at, s.sent_at) as sent_at, r.unsubscribed_at, r.first_clicked_at
      from campaign_recipients r ${RECIPIENT_JOINS}
      left join people p on p.id = r.person_id
      where ${where}
      order by r.channel, r.address
      limit ${query.limit} offset ${query.offset}`);
  return {
    total: total?.n ?? 0,
    items: items.map((r) => ({
      id: r.id,
      personId: r.person_id,
      name: r.first_name === null ? null : `${r.first_name} ${r.last_name ?? ""}`.trim(),
      channel: r.channel,
      address: r.address,
      status: r.status,
      reason: r.status === "sent" ? null : r.reason,
      sentAt: iso(r.sent_at),
      unsubscribedAt: iso(r.unsubscribed_at),
      firstClickedAt: iso(r.first_clicked_at),
    })),
  };
}

/** The newsletter as text to paste in the mothers' group (WhatsApp, Facebook): no personal link. */
export async function campaignPasteText(ctx: Ctx, id: string) {
  authorize(ctx.actor, "campaigns.manage");
  const campaign = await loadCampaign(ctx.database.db, id);
  const { settings } = await readSettings(ctx.database.db);
  const text = campaign.emailMarkdown
    ? pasteText(settings, campaign.emailSubject ?? campaign.name, campaign.emailMarkdown)
    : (campaign.smsText ?? "");
  return { text };
}

/** A run as of an instant this far from now at most (tests, operations). */
const RUN_AS_OF_RANGE_MS = 7 * 24 * HOUR_MS;

/** « Envoyer ce qui est dû » (admin): what the scheduler does every minute, now. */
export async function runCampaignsNow(ctx: Ctx, asOf?: string) {
  authorize(ctx.actor, "mail.manage");
  const at = asOf ? new Date(asOf) : ctx.clock.now();
  if (Math.abs(at.getTime() - ctx.clock.now().getTime()) > RUN_AS_OF_RANGE_MS) {
    throw fieldError("campaign_run_as_of_out_of_range", "asOf");
  }
  return runCampaigns(ctx, at);
}
