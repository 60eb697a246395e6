import { eq } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { offers } from "../../db/schema/index.ts";
import { foldName } from "../people/names.ts";
import type { FinderQuery, FinderResult, FoundOfferView, OfferPriceView } from "./offer.schema.ts";
import { loadOffers } from "./offers.ts";

export type Profile = FinderResult["profile"];
const PROFILE_KEYS = ["insured", "member", "room"] as const;

/** A price matches a profile when each of its set columns equals the asked value; a value not asked matches anything. */
export function priceMatches(price: OfferPriceView, profile: Profile): boolean {
  return PROFILE_KEYS.every((key) => price[key] === null || profile[key] === null || price[key] === profile[key]);
}

/** The columns on which a price answers the question precisely (set on the price and asked). */
function preciseKeys(price: OfferPriceView, profile: Profile) {
  return PROFILE_KEYS.filter((key) => price[key] !== null && profile[key] !== null);
}

/**
 * The prices of an offer for a profile, best first. Of two matching prices
 * of one variant (same label), the one that also fits the profile on more
 * of the asked columns wins: a member asking about a delivery gets the
 * member rate, not also the general rate it refines.
 */
export function bestPrices(prices: OfferPriceView[], profile: Profile): OfferPriceView[] {
  const matching = prices.filter((p) => priceMatches(p, profile));
  const kept = matching.filter((p) => {
    const keys = preciseKeys(p, profile);
    return !matching.some((q) => {
      if (q === p || (q.label ?? "") !== (p.label ?? "")) return false;
      const qKeys = preciseKeys(q, profile);
      return qKeys.length > keys.length && keys.every((k) => qKeys.includes(k));
    });
  });
  return kept.sort(
    (a, b) =>
      Number(b.objective) - Number(a.objective) ||
      preciseKeys(b, profile).length - preciseKeys(a, profile).length ||
      a.amountXof - b.amountXof ||
      a.id.localeCompare(b.id),
  );
}

const parseBoolean = (value: "true" | "false" | undefined) => (value === undefined ? null : value === "true");

/**
 * The offer finder of the call screen: the active offers with the prices
 * for the caller's profile, the clinic's current objectives first and
 * flagged (procedure 1: « mise en avant de l'offre Programme NEST, et de
 * l'accouchement au Tarif Adhérent »). An offer whose prices all belong to
 * other profiles is left out; an offer without prices yet is shown (price on
 * request).
 */
export async function findOffers(ctx: Ctx, query: FinderQuery): Promise<FinderResult> {
  authorize(ctx.actor, "catalogue.read");
  const profile: Profile = {
    insured: parseBoolean(query.insured),
    member: parseBoolean(query.member),
    room: query.room ?? null,
  };
  const terms = (query.q ?? "").split(/\s+/).map(foldName).filter(Boolean);
  const active = await loadOffers(ctx.database.db, eq(offers.active, true));
  const found: FoundOfferView[] = [];
  for (const offer of active) {
    if (query.category && offer.category !== query.category) continue;
    if (terms.length) {
      const haystack = foldName(
        [offer.name, offer.code, offer.description ?? "", ...offer.prices.map((p) => p.label ?? "")].join(" "),
      );
      if (!terms.every((term) => haystack.includes(term))) continue;
    }
    const prices = bestPrices(offer.prices, profile);
    if (offer.prices.length && !prices.length) continue;
    found.push({ ...offer, prices, isObjective: offer.objective || prices.some((p) => p.objective) });
  }
  // Stable: within each group, the catalogue's order.
  found.sort((a, b) => Number(b.isObjective) - Number(a.isObjective));
  return { profile, offers: found };
}
