import type { Channel, PersonStatus, Temperature } from "../../api/types.ts";

/** The channels of an interaction, in the order the select offers them. */
export const CHANNELS = [
  "phone_in",
  "phone_out",
  "visit",
  "email",
  "sms",
  "whatsapp",
  "facebook",
  "web_form",
] as const satisfies readonly Channel[];

export const TEMPERATURES = ["hot", "warm", "cold"] as const satisfies readonly Temperature[];
export const STATUSES = ["normal", "dormant", "lost", "converted"] as const satisfies readonly PersonStatus[];

/** Compile-time checks that the lists above cover the API's enums (a new channel must get a label). */
type Covers<Missing extends never> = Missing;
export type ChannelsCovered = Covers<Exclude<Channel, (typeof CHANNELS)[number]>>;
export type TemperaturesCovered = Covers<Exclude<Temperature, (typeof TEMPERATURES)[number]>>;
export type StatusesCovered = Covers<Exclude<PersonStatus, (typeof STATUSES)[number]>>;

/** Documents staff often send (suggestions of the "Documents envoyés" field; anything else may be typed). */
export const DOCUMENT_SUGGESTION_KEYS = ["brochure", "programmeFlyer", "proForma", "priceList"] as const;
