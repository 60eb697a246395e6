import type { Campaign, CampaignChange, CampaignChannel, CampaignPurpose } from "../../api/campaigns.ts";

/** The composer's values: every text a string (an empty one is sent as null), the channels a list. */
export interface CampaignFormValues {
  name: string;
  purpose: CampaignPurpose;
  channels: CampaignChannel[];
  segmentId: string | null;
  emailSubject: string;
  emailMarkdown: string;
  emailDocumentIds: string[];
  smsText: string;
  trackClicks: boolean;
}

export function formValuesOf(campaign: Campaign): CampaignFormValues {
  return {
    name: campaign.name,
    purpose: campaign.purpose,
    channels: [...campaign.channels],
    segmentId: campaign.segmentId,
    emailSubject: campaign.emailSubject ?? "",
    emailMarkdown: campaign.emailMarkdown ?? "",
    emailDocumentIds: [...campaign.emailDocumentIds],
    smsText: campaign.smsText ?? "",
    trackClicks: campaign.trackClicks,
  };
}

/**
 * The body of a change (without its version): a channel left out keeps its texts (a variant may come back);
 * a segment deleted since (null) is left as it is until another is chosen.
 */
export function inputOf(values: CampaignFormValues): Omit<CampaignChange, "version"> {
  const orNull = (text: string) => (text.trim() === "" ? null : text);
  return {
    name: values.name.trim(),
    purpose: values.purpose,
    channels: values.channels,
    segmentId: values.segmentId ?? undefined,
    emailSubject: orNull(values.emailSubject),
    emailMarkdown: orNull(values.emailMarkdown),
    emailDocumentIds: values.emailDocumentIds,
    smsText: orNull(values.smsText),
    trackClicks: values.channels.includes("email") && values.trackClicks,
  };
}

/** True when the values differ from the saved campaign (the preview, audience and sending read the saved one). */
export function isDirty(values: CampaignFormValues, campaign: Campaign): boolean {
  return JSON.stringify(inputOf(values)) !== JSON.stringify(inputOf(formValuesOf(campaign)));
}

/** Campaigns that may still change: drafts and scheduled ones (the server answers 409 for the others). */
export const isEditable = (campaign: Campaign) => campaign.status === "draft" || campaign.status === "scheduled";
