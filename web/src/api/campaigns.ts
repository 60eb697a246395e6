import type { z } from "zod";
import type {
  AudienceView,
  CampaignStatCounts,
  CampaignView,
  createCampaignInput,
  previewView,
  recipientsView,
  testSendView,
  updateCampaignInput,
} from "../../../server/modules/campaigns/campaign.schema.ts";
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

export type Campaign = CampaignView;
export type CampaignCounts = CampaignStatCounts;
export type CampaignAudience = AudienceView;
export type CampaignPreview = z.infer<typeof previewView>;
export type CampaignRecipient = z.infer<typeof recipientsView>["items"][number];
/** The body of a creation; a change sends the fields it changes with the version it started from. */
export type CampaignInput = z.input<typeof createCampaignInput>;
export type CampaignChange = z.input<typeof updateCampaignInput>;

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
  api<z.infer<typeof testSendView>>("POST", campaignUrl(id, "/test"), { body });
/** Without `at`, sending starts now; with a future `at`, the campaign is scheduled. */
export const scheduleCampaign = (id: string, body: { version: number; at?: string }) =>
  api<Campaign>("POST", campaignUrl(id, "/schedule"), { body });
export const cancelCampaign = (id: string, body: { version: number }) =>
  api<Campaign>("POST", campaignUrl(id, "/cancel"), { body });

export const listCampaignRecipients = (id: string, query: RecipientQuery, signal?: AbortSignal) =>
  api<z.infer<typeof recipientsView>>("GET", campaignUrl(id, "/recipients"), {
    query: { ...query },
    signal,
  });
/** The newsletter as plain text for the mothers' group (no personal unsubscribe link). */
export const getCampaignPasteText = (id: string, signal?: AbortSignal) =>
  api<{ text: string }>("GET", campaignUrl(id, "/paste-text"), { signal });
