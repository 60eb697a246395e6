import { z } from "zod";
import { LIMITS } from "../../../shared/limits.ts";
import { isoDate, isoDateTime } from "../../../shared/schemas.ts";
import { amountXof } from "../catalogue/offer.schema.ts";
import { CHANNELS } from "../interactions/interaction.schema.ts";

const quantity = z.number().int().min(1).max(10_000);
const lineLabel = z.string().trim().min(1).max(300);

/** A line priced from the catalogue: its label and unit price are copied as they are today. */
const catalogueLine = z.strictObject({
  offerPriceId: z.uuid(),
  quantity,
  /** Replaces the label built from the offer and its profile. */
  label: lineLabel.optional(),
});

/** A line typed by hand (a fee not in the catalogue, a negotiated price), optionally tied to an offer. */
const freeLine = z.strictObject({
  offerId: z.uuid().nullable().optional(),
  label: lineLabel,
  unitPriceXof: amountXof,
  quantity,
});

export const quoteLineInput = z.union([catalogueLine, freeLine]);
export type QuoteLineInput = z.infer<typeof quoteLineInput>;

export const createQuoteInput = z.strictObject({
  personId: z.uuid(),
  lines: z.array(quoteLineInput).min(1).max(50),
  notes: z.string().trim().max(LIMITS.notesMax).nullable().optional(),
  /** How the person asked for it (recorded on the interaction); a visit by default. */
  channel: z.enum(CHANNELS).default("visit"),
});
export type CreateQuoteInput = z.infer<typeof createQuoteInput>;

export const sendQuoteInput = z.strictObject({
  /** From the signed-in user's address, or the clinic's. */
  from: z.enum(["user", "clinic"]),
  /** Defaults to the person's email. */
  to: z.email().max(LIMITS.emailMax).optional(),
  message: z.string().trim().max(LIMITS.commentMax).optional(),
});
export type SendQuoteInput = z.infer<typeof sendQuoteInput>;

export const quoteIdParams = z.strictObject({ id: z.uuid() });
export const listQuotesQuery = z.strictObject({ personId: z.uuid().optional() });

export const quoteSchema = z.object({
  id: z.uuid(),
  /** PF-2026-00042 */
  number: z.string(),
  person: z.object({
    id: z.uuid(),
    kind: z.enum(["prospect", "patient"]),
    lastName: z.string(),
    firstName: z.string(),
    email: z.string().nullable(),
  }),
  issuedOn: isoDate,
  validUntil: isoDate,
  lines: z.array(
    z.object({
      position: z.number().int(),
      offerId: z.uuid().nullable(),
      offerPriceId: z.uuid().nullable(),
      label: z.string(),
      quantity: z.number().int(),
      unitPriceXof: z.number().int(),
      amountXof: z.number().int(),
    }),
  ),
  totalXof: z.number().int(),
  notes: z.string().nullable(),
  interactionId: z.uuid().nullable(),
  createdAt: isoDateTime,
  /** The author's email. */
  createdBy: z.string().nullable(),
});
export type QuoteView = z.infer<typeof quoteSchema>;

export const sentQuoteSchema = z.object({ emailId: z.uuid(), status: z.string(), interactionId: z.uuid() });
