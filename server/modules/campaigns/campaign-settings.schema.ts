import { z } from "zod";

/** Newsletters and campaigns (procedure 5): how fast they leave, what they carry. */
export const campaignSettingsSchema = z
  .strictObject({
    /** Messages handed to the outboxes per minute, all campaigns together (the mail server's and the SMS provider's limits). */
    ratePerMinute: z.number().int().min(1).max(6000),
    /** Links in e-mails may go through Relais to count clicks; off by default (each campaign then chooses). */
    clickTrackingAllowed: z.boolean(),
    /** The clinic's signature, in Markdown, at the foot of every campaign e-mail. */
    signatureMarkdown: z.string().trim().max(2000),
  })
  .default({
    ratePerMinute: 120,
    clickTrackingAllowed: false,
    signatureMarkdown: "L'équipe de la clinique NEST",
  });
