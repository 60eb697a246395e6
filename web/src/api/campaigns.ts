import type { CampaignChannel, CampaignPurpose, CampaignStatus, RecipientStatus } from "../../../shared/campaigns.ts";
import { api } from "./client.ts";

/** Newsletters and offers (issue 16): campaigns, their audience, previews, test sends, sending and figures. */
export {
  CAMPAIGN_CHANNELS,
  CAMPAIGN_PURPOSES,
  CAMPAIGN_STATUSES,
  RECIPIENT_STATUSES,
} from "../../../shared/campaigns.ts";
export type { CampaignChannel, CampaignPurpose, CampaignStatus, RecipientStatus };

/** How many recipients are at each step (one person on one channel counts once). */
export interface CampaignCounts {
  recipients: number;
  pending: number;
  queued: number;
  sent: number;
  failed: number;
  bounced: number;
  skipped: number;
  unsubscribed: number;
  clicked: number;
}

export interface CampaignStats extends CampaignCounts {
  byChannel: Partial<Record<CampaignChannel, CampaignCounts>>;
}

export interface Campaign {
  id: string;
  name: string;
  purpose: CampaignPurpose;
  channels: CampaignChannel[];
  segmentId: string | null;
  segmentName: string | null;
  emailSubject: string | null;
  emailMarkdown: string | null;
  emailDocumentIds: string[];
  smsText: string | null;
  trackClicks: boolean;
  status: CampaignStatus;
  scheduledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  cancelledAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  stats: CampaignStats;
}

/** What a campaign is made of: the body of a creation, and (with its version) of a change. */
export interface CampaignInput {
  name: string;
  purpose: CampaignPurpose;
  channels: CampaignChannel[];
  segmentId: string | null;
  emailSubject?: string | null;
  emailMarkdown?: string | null;
  emailDocumentIds?: string[];
  smsText?: string | null;
  trackClicks?: boolean;
}

export type CampaignChange = Partial<CampaignInput> & { version: number };

/** Who would receive the campaign if it left now, per channel, and why the others would not. */
export interface CampaignAudience {
  total: number;
  email?: { eligible: number; withoutConsent: number; withoutAddress: number; invalid: number };
  sms?: {
    eligible: number;
    withoutConsent: number;
    withoutMobile: number;
    segmentsPerSms: number;
    encoding: "GSM-7" | "UCS-2";
    costXof: number;
  };
}

/** The e-mail and SMS as a sample recipient (the signed-in user) would get them. */
export interface CampaignPreview {
  subject: string;
  html: string;
  text: string;
  sms?: { text: string; encoding: "GSM-7" | "UCS-2"; segments: number };
}

export interface CampaignRecipient {
  id: string;
  personId: string | null;
  name: string;
  channel: CampaignChannel;
  address: string;
  status: RecipientStatus;
  reason: string | null;
  sentAt: string | null;
  unsubscribedAt: string | null;
  firstClickedAt: string | null;
}

export interface RecipientQuery {
  channel?: CampaignChannel;
  status?: RecipientStatus;
  limit: number;
  offset: number;
}

export const campaignKeys = {
  all: ["campaigns"] as const,
  list: () => ["campaigns", "list"] as const,
  one: (id: string) => ["campaigns", "one", id] as const,
  audience: (id: string, version: number) => ["campaigns", "audience", id, version] as const,
  preview: (id: string, version: number) => ["campaigns", "preview", id, version] as const,
  pasteText: (id: string, version: number) => ["campaigns", "paste-text", id, version] as const,
  recipients: (id: string, query: RecipientQuery) => ["campaigns", "recipients", id, query] as const,
};

const campaignUrl = (id: string, rest = "") => `/api/campaigns/${encodeURIComponent(id)}${rest}`;

export const listCampaigns = (signal?: AbortSignal) => api<{ items: Campaign[] }>("GET", "/api/campaigns", { signal });
export const getCampaign = (id: string, signal?: AbortSignal) => api<Campaign>("GET", campaignUrl(id), { signal });
export const createCampaign = (body: CampaignInput) => api<Campaign>("POST", "/api/campaigns", { body });
export const updateCampaign = (id: string, body: CampaignChange) => api<Campaign>("PATCH", campaignUrl(id), { body });

export const campaignAudience = (id: string, signal?: AbortSignal) =>
  api<CampaignAudience>("POST", campaignUrl(id, "/audience"), { signal });
export const previewCampaign = (id: string, signal?: AbortSignal) =>
  api<CampaignPreview>("POST", campaignUrl(id, "/preview"), { signal });
/** A test send to oneself (the signed-in user's address when neither is given), marked « [TEST] ». */
export const sendCampaignTest = (id: string, body: { email?: string; phone?: string }) =>
  api<{ emailId?: string; smsId?: string }>("POST", campaignUrl(id, "/test"), { body });
/** Without `at`, sending starts now; with a future `at`, the campaign is scheduled. */
export const scheduleCampaign = (id: string, body: { version: number; at?: string }) =>
  api<Campaign>("POST", campaignUrl(id, "/schedule"), { body });
export const cancelCampaign = (id: string, body: { version: number }) =>
  api<Campaign>("POST", campaignUrl(id, "/cancel"), { body });

export const listCampaignRecipients = (id: string, query: RecipientQuery, signal?: AbortSignal) =>
  api<{ total: number; items: CampaignRecipient[] }>("GET", campaignUrl(id, "/recipients"), {
    query: { ...query },
    signal,
  });
/** The newsletter as plain text for the mothers' group (no personal unsubscribe link). */
export const getCampaignPasteText = (id: string, signal?: AbortSignal) =>
  api<{ text: string }>("GET", campaignUrl(id, "/paste-text"), { signal });
