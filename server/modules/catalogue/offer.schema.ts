import { z } from "zod";
import { OFFER_CATEGORIES } from "../../../shared/catalogue.ts";
import { LIMITS } from "../../../shared/limits.ts";
import { isoDateTime } from "../../../shared/schemas.ts";

export const ROOMS = ["single", "double"] as const;

/** XOF has no decimals: whole francs, up to a thousand billion. */
export const MAX_AMOUNT_XOF = 1_000_000_000_000;
export const amountXof = z.number().int().min(0).max(MAX_AMOUNT_XOF);

/**
 * A price of an offer for a profile. A null profile column means "any":
 * `{ insured: null, member: true, room: "single" }` is the member rate in a
 * single room, insured or not.
 */
export const offerPriceInput = z.strictObject({
  /** Keeps the price's identity when the list is replaced (quotes refer to it); omitted for a new price. */
  id: z.uuid().optional(),
  insured: z.boolean().nullable().default(null),
  member: z.boolean().nullable().default(null),
  room: z.enum(ROOMS).nullable().default(null),
  amountXof,
  /** This price is one of the clinic's current objectives (delivery at the member rate). */
  objective: z.boolean().default(false),
  /** A variant of the offer ("Césarienne", "Forfait 3 nuits"), printed on quotes. */
  label: z.string().trim().max(LIMITS.listLabelMax).nullable().optional(),
});
export type OfferPriceInput = z.infer<typeof offerPriceInput>;

const prices = z.array(offerPriceInput).max(100);
const code = z.string().regex(/^[a-z0-9_]{2,40}$/, "code en minuscules, chiffres et _ (2 à 40 caractères)");
const name = z.string().trim().min(1).max(LIMITS.listLabelMax);
const description = z.string().trim().max(2000).nullable().optional();

export const createOfferInput = z.strictObject({
  code,
  name,
  category: z.enum(OFFER_CATEGORIES),
  description,
  objective: z.boolean().default(false),
  active: z.boolean().default(true),
  position: z.number().int().min(0).max(100_000).default(0),
  prices: prices.default([]),
});
export type CreateOfferInput = z.infer<typeof createOfferInput>;

/** Fields given are changed; `prices`, when given, replaces the whole list. */
export const updateOfferInput = z.strictObject({
  version: z.number().int().positive(),
  code: code.optional(),
  name: name.optional(),
  category: z.enum(OFFER_CATEGORIES).optional(),
  description,
  objective: z.boolean().optional(),
  active: z.boolean().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
  prices: prices.optional(),
});
export type UpdateOfferInput = z.infer<typeof updateOfferInput>;

export const offerIdParams = z.strictObject({ id: z.uuid() });

const booleanText = z.enum(["true", "false"]);

export const listOffersQuery = z.strictObject({ active: booleanText.optional() });

/** The caller's profile; a value left out matches any price. */
export const finderQuery = z.strictObject({
  insured: booleanText.optional(),
  member: booleanText.optional(),
  room: z.enum(ROOMS).optional(),
  category: z.enum(OFFER_CATEGORIES).optional(),
  q: z.string().trim().max(100).optional(),
});
export type FinderQuery = z.infer<typeof finderQuery>;

export const offerPriceSchema = z.object({
  id: z.uuid(),
  insured: z.boolean().nullable(),
  member: z.boolean().nullable(),
  room: z.enum(ROOMS).nullable(),
  amountXof: z.number().int(),
  objective: z.boolean(),
  label: z.string().nullable(),
});
export type OfferPriceView = z.infer<typeof offerPriceSchema>;

export const offerSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  category: z.enum(OFFER_CATEGORIES),
  description: z.string().nullable(),
  objective: z.boolean(),
  active: z.boolean(),
  position: z.number().int(),
  version: z.number().int(),
  updatedAt: isoDateTime,
  prices: z.array(offerPriceSchema),
});
export type OfferView = z.infer<typeof offerSchema>;

/** An offer as the finder shows it: its prices for the profile, best first. */
export const foundOfferSchema = offerSchema.extend({
  /** The offer, or one of the prices shown, is a current objective of the clinic. */
  isObjective: z.boolean(),
});
export type FoundOfferView = z.infer<typeof foundOfferSchema>;

export const finderResultSchema = z.object({
  profile: z.object({
    insured: z.boolean().nullable(),
    member: z.boolean().nullable(),
    room: z.enum(ROOMS).nullable(),
  }),
  offers: z.array(foundOfferSchema),
});
export type FinderResult = z.infer<typeof finderResultSchema>;
