/**
 * Newsletters and campaigns (procedure 5, DESIGN §2). Codes are stable; labels are in the i18n files.
 */
import type { ConsentPurpose } from "./consents.ts";

/** A campaign is promotional: it needs a granted consent for its purpose on each channel it uses. */
export const CAMPAIGN_PURPOSES = ["newsletter", "offers_events"] as const satisfies readonly ConsentPurpose[];
export type CampaignPurpose = (typeof CAMPAIGN_PURPOSES)[number];

export const CAMPAIGN_CHANNELS = ["email", "sms"] as const;
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];

/** draft → scheduled → sending → sent; cancelled from draft, scheduled or sending. */
export const CAMPAIGN_STATUSES = ["draft", "scheduled", "sending", "sent", "cancelled"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** The opt-out every campaign SMS ends with, on its own line (loi 2008-12: a free opt-out in every message). */
export const SMS_OPT_OUT = "STOP pour ne plus recevoir";

/** One person on one channel of one campaign. */
export const RECIPIENT_STATUSES = ["pending", "queued", "sent", "failed", "bounced", "skipped"] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];
