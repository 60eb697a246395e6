import type { z } from "zod";
import type {
  createOfferInput,
  FinderResult,
  FoundOfferView,
  OfferPriceView,
  OfferView,
  CreateOfferInput as ServerCreateOfferInput,
  updateOfferInput,
} from "../../../server/modules/catalogue/offer.schema.ts";
import type { createQuoteInput, QuoteView, sendQuoteInput } from "../../../server/modules/quotes/quote.schema.ts";
import { api, buildUrl } from "./client.ts";

/** The catalogue (LUTIN), the offer finder and pro forma quotes. */
export type Offer = OfferView;
export type OfferPrice = OfferPriceView;
export type FoundOffer = FoundOfferView;
export type { FinderResult };
export type OfferCategory = ServerCreateOfferInput["category"];
export type Room = NonNullable<OfferPrice["room"]>;
export type CreateOfferInput = z.input<typeof createOfferInput>;
export type UpdateOfferInput = z.input<typeof updateOfferInput>;
export type Quote = QuoteView;
export type CreateQuoteInput = z.input<typeof createQuoteInput>;
export type SendQuoteInput = z.input<typeof sendQuoteInput>;

export interface FinderQuery {
  insured?: boolean | null;
  member?: boolean | null;
  room?: Room | null;
  category?: OfferCategory | null;
  q?: string;
}

export const catalogueKeys = {
  /** Every cached answer about offers: invalidated after any catalogue write. */
  offers: ["offers"] as const,
  list: ["offers", "list"] as const,
  finder: (query: FinderQuery) => ["offers", "finder", query] as const,
  /** Every cached answer about quotes. */
  quotes: ["quotes"] as const,
  personQuotes: (personId: string) => ["quotes", "person", personId] as const,
};

const offerPath = (id: string) => `/api/offers/${encodeURIComponent(id)}`;
const quotePath = (id: string) => `/api/quotes/${encodeURIComponent(id)}`;

export const listOffers = () => api<Offer[]>("GET", "/api/offers");
export const createOffer = (input: CreateOfferInput) => api<Offer>("POST", "/api/offers", { body: input });
export const updateOffer = (id: string, input: UpdateOfferInput) => api<Offer>("PATCH", offerPath(id), { body: input });
export const findOffers = (query: FinderQuery, signal?: AbortSignal) =>
  api<FinderResult>("GET", "/api/offers/finder", {
    query: {
      insured: query.insured,
      member: query.member,
      room: query.room,
      category: query.category,
      q: query.q?.trim(),
    },
    signal,
  });

export const listPersonQuotes = (personId: string) => api<Quote[]>("GET", "/api/quotes", { query: { personId } });
export const createQuote = (input: CreateQuoteInput) => api<Quote>("POST", "/api/quotes", { body: input });
export const sendQuote = (id: string, input: SendQuoteInput) =>
  api<{ emailId: string; status: string; interactionId: string }>("POST", `${quotePath(id)}/send`, { body: input });
/** The quote's PDF, for a plain link (opened by the browser). */
export const quotePdfUrl = (id: string) => buildUrl(`${quotePath(id)}/pdf`);
