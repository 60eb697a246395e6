import { eq, sql } from "drizzle-orm";
import type { CampaignChannel, RecipientStatus } from "../../../shared/campaigns.ts";
import { toIso, toIsoOrNull } from "../../../shared/schemas.ts";
import type { Executor } from "../../db/client.ts";
import type { campaigns } from "../../db/schema/index.ts";
import { segments } from "../../db/schema/index.ts";
import type { CampaignStatCounts, CampaignView } from "./campaign.schema.ts";

type CampaignRow = typeof campaigns.$inferSelect;

/**
 * A recipient's status as it stands: once queued, its outbox message tells (sent, failed, an SMS skipped
 * because she asked for no SMS since), even before the minute's run settles it.
 */
export const EFFECTIVE_STATUS = sql.raw(`case when r.status = 'queued' then
    case when e.status = 'sent' or s.status in ('sent', 'delivered') then 'sent'
         when e.status = 'failed' or s.status in ('failed', 'to_check') then 'failed'
         when s.status in ('skipped', 'cancelled') then 'skipped'
         else 'queued' end
  else r.status end`);

export const RECIPIENT_JOINS = sql.raw(`left join outbox_emails e on e.id = r.outbox_email_id
  left join sms_messages s on s.id = r.sms_message_id`);

const emptyCounts = (): CampaignStatCounts => ({
  recipients: 0,
  pending: 0,
  queued: 0,
  sent: 0,
  failed: 0,
  bounced: 0,
  skipped: 0,
  unsubscribed: 0,
  clicked: 0,
});

type Stats = CampaignView["stats"];

/** A campaign's figures, in total and per channel (test sends are not recipients: never counted). */
export async function campaignStats(executor: Executor, ids: string[]): Promise<Map<string, Stats>> {
  const result = new Map<string, Stats>();
  if (ids.length === 0) return result;
  const rows = (
    (await executor.execute(sql`select r.campaign_id, r.channel, ${EFFECTIVE_STATUS} as status,
          count(*)::int as n,
          count(r.unsubscribed_at)::int as unsubscribed,
          count(r.first_clicked_at)::int as clicked
        from campaign_recipients r ${RECIPIENT_JOINS}
        where r.campaign_id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        group by 1, 2, 3`)) as unknown as {
      rows: {
        campaign_id: string;
        channel: CampaignChannel;
        status: RecipientStatus;
        n: number;
        unsubscribed: number;
        clicked: number;
      }[];
    }
  ).rows;
  for (const row of rows) {
    let stats = result.get(row.campaign_id);
    if (!stats) {
      stats = { ...emptyCounts(), byChannel: {} };
      result.set(row.campaign_id, stats);
    }
    const channel = (stats.byChannel[row.channel] ??= emptyCounts());
    for (const counts of [stats, channel]) {
      counts.recipients += row.n;
      counts[row.status] += row.n;
      counts.unsubscribed += row.unsubscribed;
      counts.clicked += row.clicked;
    }
  }
  return result;
}

/** Rows to API views, with their segments' names and their figures. */
export async function presentCampaigns(executor: Executor, rows: CampaignRow[]): Promise<CampaignView[]> {
  const stats = await campaignStats(
    executor,
    rows.map((r) => r.id),
  );
  const names = new Map<string, string>();
  for (const row of rows) {
    if (row.segmentId && !names.has(row.segmentId)) {
      const [segment] = await executor
        .select({ name: segments.name })
        .from(segments)
        .where(eq(segments.id, row.segmentId));
      if (segment) names.set(row.segmentId, segment.name);
    }
  }
  return rows.map((row) => {
    const own = stats.get(row.id) ?? { ...emptyCounts(), byChannel: {} };
    for (const channel of row.channels as CampaignChannel[]) own.byChannel[channel] ??= emptyCounts();
    return {
      id: row.id,
      name: row.name,
      purpose: row.purpose as CampaignView["purpose"],
      channels: row.channels as CampaignView["channels"],
      segmentId: row.segmentId,
      segmentName: row.segmentId ? (names.get(row.segmentId) ?? null) : null,
      emailSubject: row.emailSubject,
      emailMarkdown: row.emailMarkdown,
      emailDocumentIds: row.emailDocumentIds,
      smsText: row.smsText,
      trackClicks: row.trackClicks,
      status: row.status as CampaignView["status"],
      scheduledAt: toIsoOrNull(row.scheduledAt),
      startedAt: toIsoOrNull(row.startedAt),
      finishedAt: toIsoOrNull(row.finishedAt),
      cancelledAt: toIsoOrNull(row.cancelledAt),
      version: row.version,
      createdAt: toIso(row.createdAt),
      updatedAt: toIso(row.updatedAt),
      stats: own,
    };
  });
}
