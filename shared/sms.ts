/** What an SMS is for; its template is the settings' template of that kind. */
export const SMS_KINDS = [
  "appointment_reminder",
  "appointment_moved",
  "vaccine_reminder",
  "survey_link",
  "campaign",
  "mothers_group_invite",
  "other",
] as const;
export type SmsKind = (typeof SMS_KINDS)[number];

/**
 * queued → sending → sent → delivered | failed; `to_check` after a send that may have left (an admin
 * decides); `skipped` when it could not be sent (no mobile, opted out: the reason says which);
 * `cancelled` when what it announced changed before it left.
 */
export const SMS_STATUSES = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "failed",
  "to_check",
  "skipped",
  "cancelled",
] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

/**
 * What a reply says: STOP (and its French forms), a confirmation (1 / OUI), a cancellation request
 * (2 / NON), or anything else.
 */
export const SMS_REPLY_MEANINGS = ["stop", "confirmed", "cancel_requested", "other"] as const;
export type SmsReplyMeaning = (typeof SMS_REPLY_MEANINGS)[number];
