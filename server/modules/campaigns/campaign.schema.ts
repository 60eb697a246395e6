import { z } from "zod";
import {
  CAMPAIGN_CHANNELS,
  CAMPAIGN_PURPOSES,
  CAMPAIGN_STATUSES,
  RECIPIENT_STATUSES,
} from "../../../shared/campaigns.ts";
import { isoDateTime } from "../../../shared/schemas.ts";

/** Limits of a campaign's texts, defined once (zod here, the editor's counters in the web app). */
export const CAMPAIGN_LIMITS = {
  nameMax: 160,
  subjectMax: 200,
  markdownMax: 100_000,
  smsMax: 640,
  documentsMax: 10,
} as const;

const channels = z
  .array(z.enum(CAMPAIGN_CHANNELS))
  .min(1)
  .max(2)
  .refine((list) => new Set(list).size === list.length, "deux fois le même canal");

const campaignFields = {
  name: z.string().trim().min(1).max(CAMPAIGN_LIMITS.nameMax),
  purpose: z.enum(CAMPAIGN_PURPOSES),
  channels,
  segmentId: z.uuid(),
  emailSubject: z.string().trim().max(CAMPAIGN_LIMITS.subjectMax).nullable().optional(),
  emailMarkdown: z.string().max(CAMPAIGN_LIMITS.markdownMax).nullable().optional(),
  emailDocumentIds: z.array(z.uuid()).max(CAMPAIGN_LIMITS.documentsMax).optional(),
  smsText: z.string().trim().max(CAMPAIGN_LIMITS.smsMax).nullable().optional(),
  trackClicks: z.boolean().optional(),
};

export const createCampaignInput = z.strictObject(campaignFields);
export type CreateCampaignInput = z.infer<typeof createCampaignInput>;

export const updateCampaignInput = z.strictObject({
  version: z.number().int().positive(),
  name: campaignFields.name.optional(),
  purpose: campaignFields.purpose.optional(),
  channels: channels.optional(),
  segmentId: campaignFields.segmentId.optional(),
  emailSubject: campaignFields.emailSubject,
  emailMarkdown: campaignFields.emailMarkdown,
  emailDocumentIds: campaignFields.emailDocumentIds,
  smsText: campaignFields.smsText,
  trackClicks: campaignFields.trackClicks,
});
export type UpdateCampaignInput = z.infer<typeof updateCampaignInput>;

export const campaignParams = z.strictObject({ id: z.uuid() });

export const scheduleCampaignInput = z.strictObject({
  version: z.number().int().positive(),
  /** Absent: sending starts now; in the future: the campaign waits for it. */
  at: isoDateTime.optional(),
});

export const cancelCampaignInput = z.strictObject({ version: z.number().int().positive() });

export const testSendInput = z.strictObject({
  email: z.email().optional(),
  phone: z.string().trim().min(6).max(30).optional(),
});

export const runCampaignsInput = z.strictObject({ asOf: isoDateTime.optional() });

const statCounts = {
  recipients: z.number().int(),
  pending: z.number().int(),
  queued: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  bounced: z.number().int(),
  skipped: z.number().int(),
  unsubscribed: z.number().int(),
  clicked: z.number().int(),
};
export const campaignStatCounts = z.strictObject(statCounts);
export type CampaignStatCounts = z.infer<typeof campaignStatCounts>;

export const campaignView = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  purpose: z.enum(CAMPAIGN_PURPOSES),
  channels: z.array(z.enum(CAMPAIGN_CHANNELS)),
  segmentId: z.uuid().nullable(),
  segmentName: z.string().nullable(),
  emailSubject: z.string().nullable(),
  emailMarkdown: z.string().nullable(),
  emailDocumentIds: z.array(z.uuid()),
  smsText: z.string().nullable(),
  trackClicks: z.boolean(),
  status: z.enum(CAMPAIGN_STATUSES),
  scheduledAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  stats: z.strictObject({
    ...statCounts,
    byChannel: z.strictObject({ email: campaignStatCounts.optional(), sms: campaignStatCounts.optional() }),
  }),
});
export type CampaignView = z.infer<typeof campaignView>;

export const campaignListView = z.strictObject({ items: z.array(campaignView) });

export const audienceView = z.strictObject({
  total: z.number().int(),
  email: z
    .strictObject({
      eligible: z.number().int(),
      withoutConsent: z.number().int(),
      withoutAddress: z.number().int(),
      invalid: z.number().int(),
    })
    .optional(),
  sms: z
    .strictObject({
      eligible: z.number().int(),
      withoutConsent: z.number().int(),
      withoutMobile: z.number().int(),
      segmentsPerSms: z.number().int(),
      encoding: z.string(),
      costXof: z.number(),
    })
    .optional(),
});
export type AudienceView = z.infer<typeof audienceView>;

export const previewView = z.strictObject({
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  sms: z.strictObject({ text: z.string(), encoding: z.string(), segments: z.number().int() }).optional(),
});

export const testSendView = z.strictObject({ emailId: z.uuid().optional(), smsId: z.uuid().optional() });

export const recipientsQuery = z.strictObject({
  channel: z.enum(CAMPAIGN_CHANNELS).optional(),
  status: z.enum(RECIPIENT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type RecipientsQuery = z.infer<typeof recipientsQuery>;

export const recipientsView = z.strictObject({
  total: z.number().int(),
  items: z.array(
    z.strictObject({
      id: z.uuid(),
      personId: z.uuid().nullable(),
      name: z.string().nullable(),
      channel: z.enum(CAMPAIGN_CHANNELS),
      address: z.string(),
      status: z.enum(RECIPIENT_STATUSES),
      reason: z.string().nullable(),
      sentAt: z.string().nullable(),
      unsubscribedAt: z.string().nullable(),
      firstClickedAt: z.string().nullable(),
    }),
  ),
});

export const pasteTextView = z.strictObject({ text: z.string() });

export const campaignRunView = z.strictObject({
  asOf: z.string(),
  started: z.number().int(),
  queued: z.number().int(),
  skipped: z.number().int(),
  finished: z.number().int(),
});
