import { asc, eq, inArray, type SQL } from "drizzle-orm";
import { toIso } from "../../../shared/schemas.ts";
import type { Executor } from "../../db/client.ts";
import { offerPrices, offers } from "../../db/schema/index.ts";
import { notFound } from "../../http/errors.ts";
import type { OfferPriceView, OfferView } from "./offer.schema.ts";

type OfferRow = typeof offers.$inferSelect;
type PriceRow = typeof offerPrices.$inferSelect;

const rank = (value: boolean | string | null) => (value === null ? 0 : value === false || value === "single" ? 1 : 2);

/** Prices in a stable reading order: by profile (any first, then no/yes, single/double), then amount. */
export function comparePrices(a: OfferPriceView, b: OfferPriceView): number {
  return (
    rank(a.insured) - rank(b.insured) ||
    rank(a.member) - rank(b.member) ||
    rank(a.room) - rank(b.room) ||
    (a.label ?? "").localeCompare(b.label ?? "", "fr") ||
    a.amountXof - b.amountXof ||
    a.id.localeCompare(b.id)
  );
}

export function presentPrice(row: PriceRow): OfferPriceView {
  return {
    id: row.id,
    insured: row.insured,
    member: row.member,
    room: row.room as OfferPriceView["room"],
    amountXof: row.amountXof,
    objective: row.objective,
    label: row.label,
  };
}

export function presentOffer(row: OfferRow, prices: PriceRow[]): OfferView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    category: row.category as OfferView["category"],
    description: row.description,
    objective: row.objective,
    active: row.active,
    position: row.position,
    version: row.version,
    updatedAt: toIso(row.updatedAt),
    prices: prices.map(presentPrice).sort(comparePrices),
  };
}

/** Offers with their prices, in the catalogue's order (position, then name). */
export async function loadOffers(executor: Executor, where?: SQL): Promise<OfferView[]> {
  const rows = await executor
    .select()
    .from(offers)
    .where(where)
    .orderBy(asc(offers.position), asc(offers.name), asc(offers.id));
  if (!rows.length) return [];
  const priceRows = await executor
    .select()
    .from(offerPrices)
    .where(
      inArray(
        offerPrices.offerId,
        rows.map((r) => r.id),
      ),
    );
  const byOffer = new Map<string, PriceRow[]>(rows.map((r) => [r.id, []]));
  for (const price of priceRows) byOffer.get(price.offerId)?.push(price);
  return rows.map((row) => presentOffer(row, byOffer.get(row.id) ?? []));
}

/** One offer with its prices, or 404. */
export async function loadOffer(executor: Executor, id: string): Promise<OfferView> {
  const [offer] = await loadOffers(executor, eq(offers.id, id));
  if (!offer) throw notFound("offer");
  return offer;
}
