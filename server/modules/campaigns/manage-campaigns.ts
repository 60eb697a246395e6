import { desc, eq, inArray, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { campaigns, documents, segments } from "../../db/schema/index.ts";
import { AppError, fieldError, notFound, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import type { CampaignView, CreateCampaignInput, UpdateCampaignInput } from "./campaign.schema.ts";
import { skipPending, startSending } from "./engine.ts";
import { presentCampaigns } from "./present.ts";

type CampaignRow = typeof campaigns.$inferSelect;

/** What a campaign says, checked as a whole: each channel has its text, the segment and documents exist. */
async function checkContent(tx: Executor, settings: Settings, c: Omit<CampaignRow, "id">): Promise<void> {
  const [segment] = c.segmentId
    ? await tx.select({ id: segments.id }).from(segments).where(eq(segments.id, c.segmentId))
    : [];
  if (!segment) throw fieldError("campaign_segment_unknown", "segmentId");
  if (c.channels.includes("email")) {
    if (!c.emailSubject) throw fieldError("campaign_email_subject_required", "emailSubject");
    if (!c.emailMarkdown?.trim()) throw fieldError("campaign_email_markdown_required", "emailMarkdown");
  }
  if (c.channels.includes("sms") && !c.smsText) throw fieldError("campaign_sms_text_required", "smsText");
  if (c.trackClicks && !settings.campaigns.clickTrackingAllowed) {
    throw fieldError("campaign_tracking_not_allowed", "trackClicks");
  }
  const ids = [...new Set(c.emailDocumentIds)];
  if (ids.length > 0) {
    const found = await tx.select({ id: documents.id }).from(documents).where(inArray(documents.id, ids));
    if (found.length !== ids.length) throw fieldError("campaign_document_unknown", "emailDocumentIds");
  }
}

const userId = (ctx: Ctx) => (ctx.actor.type === "user" ? ctx.actor.id : null);

/** Every campaign, newest first, with its figures. */
export async function listCampaigns(ctx: Ctx): Promise<{ items: CampaignView[] }> {
  authorize(ctx.actor, "campaigns.manage");
  const rows = await ctx.database.db.select().from(campaigns).orderBy(desc(campaigns.createdAt), desc(campaigns.id));
  return { items: await presentCampaigns(ctx.database.db, rows) };
}

export async function loadCampaign(executor: Executor, id: string): Promise<CampaignRow> {
  const [row] = await executor.select().from(campaigns).where(eq(campaigns.id, id));
  if (!row) throw notFound("campaign");
  return row;
}

export async function getCampaign(ctx: Ctx, id: string): Promise<CampaignView> {
  authorize(ctx.actor, "campaigns.manage");
  const [view] = await presentCampaigns(ctx.database.db, [await loadCampaign(ctx.database.db, id)]);
  return view as CampaignView;
}

/** A new campaign, a draft. */
export async function createCampaign(ctx: Ctx, input: CreateCampaignInput): Promise<CampaignView> {
  authorize(ctx.actor, "campaigns.manage");
  const now = ctx.clock.now();
  const { settings } = await readSettings(ctx.database.db);
  const id = await ctx.database.db.transaction(async (tx) => {
    const values = {
      name: input.name,
      purpose: input.purpose,
      channels: input.channels,
      segmentId: input.segmentId,
      filter: null,
      emailSubject: input.emailSubject || null,
      emailMarkdown: input.emailMarkdown || null,
      emailDocumentIds: [...new Set(input.emailDocumentIds ?? [])],
      smsText: input.smsText || null,
      trackClicks: input.trackClicks ?? false,
      status: "draft",
      scheduledAt: null,
      startedAt: null,
      lastBatchAt: null,
      finishedAt: null,
      cancelledAt: null,
      version: 1,
      createdAt: now,
      createdBy: userId(ctx),
      updatedAt: now,
      updatedBy: userId(ctx),
    };
    await checkContent(tx, settings, values);
    const [row] = await tx.insert(campaigns).values(values).returning({ id: campaigns.id });
    if (!row) throw new Error("insert returned no row");
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "campaign.create",
      entityType: "campaign",
      entityId: row.id,
      after: { name: values.name, purpose: values.purpose, channels: values.channels, segmentId: values.segmentId },
    });
    return row.id;
  });
  return getCampaign(ctx, id);
}

/** Locks a campaign for a change at the version the caller read. */
async function lockAt(tx: Executor, id: string, version: number): Promise<CampaignRow> {
  const [row] = await tx.select().from(campaigns).where(eq(campaigns.id, id)).for("update");
  if (!row) throw notFound("campaign");
  if (row.version !== version) throw versionConflict(row.version);
  return row;
}

/** Changes a draft or scheduled campaign. */
export async function updateCampaign(ctx: Ctx, id: string, input: UpdateCampaignInput): Promise<CampaignView> {
  authorize(ctx.actor, "campaigns.manage");
  const now = ctx.clock.now();
  const { settings } = await readSettings(ctx.database.db);
  await ctx.database.db.transaction(async (tx) => {
    const before = await lockAt(tx, id, input.version);
    if (before.status !== "draft" && before.status !== "scheduled") throw new AppError(409, "campaign_not_editable");
    const { version: _version, ...fields } = input;
    const after = {
      ...before,
      ...(fields.name !== undefined ? { name: fields.name } : {}),
      ...(fields.purpose !== undefined ? { purpose: fields.purpose } : {}),
      ...(fields.channels !== undefined ? { channels: fields.channels } : {}),
      ...(fields.segmentId !== undefined ? { segmentId: fields.segmentId } : {}),
      ...(fields.emailSubject !== undefined ? { emailSubject: fields.emailSubject || null } : {}),
      ...(fields.emailMarkdown !== undefined ? { emailMarkdown: fields.emailMarkdown || null } : {}),
      ...(fields.emailDocumentIds !== undefined ? { emailDocumentIds: [...new Set(fields.emailDocumentIds)] } : {}),
      ...(fields.smsText !== undefined ? { smsText: fields.smsText || null } : {}),
      ...(fields.trackClicks !== undefined ? { trackClicks: fields.trackClicks } : {}),
    };
    await checkContent(tx, settings, after);
    const { id: _id, ...values } = after;
    await tx
      .update(campaigns)
      .set({ ...values, version: sql`${campaigns.version} + 1`, updatedAt: now, updatedBy: userId(ctx) })
      .where(eq(campaigns.id, id));
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "campaign.update",
      entityType: "campaign",
      entityId: id,
      before: { name: before.name, channels: before.channels, segmentId: before.segmentId },
      after: { name: after.name, channels: after.channels, segmentId: after.segmentId },
    });
  });
  return getCampaign(ctx, id);
}

/**
 * Sends now (`at` absent or past: status sending, the audience fixed at once) or at `at` (scheduled).
 * The unsubscribe link needs Relais' public address: 409 without it.
 */
export async function scheduleCampaign(
  ctx: Ctx,
  id: string,
  input: { version: number; at?: string },
): Promise<CampaignView> {
  authorize(ctx.actor, "campaigns.manage");
  const now = ctx.clock.now();
  const { settings } = await readSettings(ctx.database.db);
  if (!settings.surveys.publicBaseUrl) throw new AppError(409, "campaign_public_base_missing");
  await ctx.database.db.transaction(async (tx) => {
    const before = await lockAt(tx, id, input.version);
    if (before.status !== "draft" && before.status !== "scheduled") throw new AppError(409, "campaign_not_editable");
    await checkContent(tx, settings, before);
    const at = input.at ? new Date(input.at) : null;
    const [segment] = before.segmentId
      ? await tx.select({ filter: segments.filter }).from(segments).where(eq(segments.id, before.segmentId))
      : [];
    // The filter as it is now: a segment deleted before the time still leaves the campaign its audience.
    const filter = segment?.filter ?? before.filter ?? {};
    const [row] = await tx
      .update(campaigns)
      .set({
        status: "scheduled",
        scheduledAt: at ?? now,
        filter,
        version: sql`${campaigns.version} + 1`,
        updatedAt: now,
        updatedBy: userId(ctx),
      })
      .where(eq(campaigns.id, id))
      .returning();
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "campaign.schedule",
      entityType: "campaign",
      entityId: id,
      before: { status: before.status, scheduledAt: before.scheduledAt },
      after: { scheduledAt: (at ?? now).toISOString() },
    });
    if (row && (!at || at.getTime() <= now.getTime())) await startSending(tx, ctx, ctx.actor, row, settings);
  });
  return getCampaign(ctx, id);
}

/** Stops a campaign: what is in the outboxes leaves, the recipients not yet handed over are skipped. */
export async function cancelCampaign(ctx: Ctx, id: string, input: { version: number }): Promise<CampaignView> {
  authorize(ctx.actor, "campaigns.manage");
  const now = ctx.clock.now();
  await ctx.database.db.transaction(async (tx) => {
    const before = await lockAt(tx, id, input.version);
    if (before.status === "sent" || before.status === "cancelled") throw new AppError(409, "campaign_not_cancellable");
    await tx
      .update(campaigns)
      .set({
        status: "cancelled",
        cancelledAt: now,
        version: sql`${campaigns.version} + 1`,
        updatedAt: now,
        updatedBy: userId(ctx),
      })
      .where(eq(campaigns.id, id));
    const skipped = await skipPending(tx, id);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "campaign.cancel",
      entityType: "campaign",
      entityId: id,
      before: { status: before.status },
      after: { status: "cancelled", skipped },
    });
  });
  return getCampaign(ctx, id);
}
