import { eq } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { offers } from "../../db/schema/index.ts";
import { loadOffers } from "./offers.ts";

/** The catalogue (LUTIN): every offer with its prices, or only the active (or inactive) ones. */
export async function listOffers(ctx: Ctx, query: { active?: "true" | "false" }) {
  authorize(ctx.actor, "catalogue.read");
  const where = query.active === undefined ? undefined : eq(offers.active, query.active === "true");
  return loadOffers(ctx.database.db, where);
}
