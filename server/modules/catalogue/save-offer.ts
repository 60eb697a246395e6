import { and, eq, ne, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import { offerPrices, offers } from "../../db/schema/index.ts";
import { AppError, fieldError, notFound, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CreateOfferInput, OfferPriceInput, UpdateOfferInput } from "./offer.schema.ts";
import { loadOffer } from "./offers.ts";

const codeTaken = () => fieldError("offer_code_taken", "code", 409);

function rethrowCodeTaken(error: unknown): never {
  throw isUniqueViolation(error, "offers_code_key") ? codeTaken() : error;
}

async function assertCodeFree(tx: Executor, code: string, exceptId?: string) {
  const [taken] = await tx
    .select({ id: offers.id })
    .from(offers)
    .where(exceptId ? and(eq(offers.code, code), ne(offers.id, exceptId)) : eq(offers.code, code));
  if (taken) throw codeTaken();
}

/**
 * The same profile twice in one offer (same insured, member, room and label)
 * would make the finder show two prices for one case: refused, naming the second.
 */
function assertDistinctProfiles(prices: OfferPriceInput[]) {
  const seen = new Set<string>();
  prices.forEach((p, i) => {
    const key = JSON.stringify([p.insured, p.member, p.room, (p.label ?? "").trim().toLowerCase()]);
    if (seen.has(key)) {
      throw new AppError(400, "duplicate_price_profile", {
        details: {
          issues: [{ field: `prices.${i}`, location: "body", message: "même profil qu'un autre prix de cette offre" }],
        },
      });
    }
    seen.add(key);
  });
}

/**
 * Replaces an offer's prices with this list: a price given with its id is
 * changed in place (quote lines keep pointing at it), the others are added,
 * and the prices left out are removed.
 */
async function replacePrices(tx: Executor, offerId: string, prices: OfferPriceInput[]) {
  const existing = await tx.select({ id: offerPrices.id }).from(offerPrices).where(eq(offerPrices.offerId, offerId));
  const existingIds = new Set(existing.map((p) => p.id));
  prices.forEach((p, i) => {
    if (p.id && !existingIds.has(p.id)) {
      throw new AppError(400, "unknown_offer_price", {
        details: { issues: [{ field: `prices.${i}.id`, location: "body", message: "prix inconnu pour cette offre" }] },
      });
    }
  });
  const kept = new Set(prices.flatMap((p) => (p.id ? [p.id] : [])));
  for (const { id } of existing) {
    if (!kept.has(id)) await tx.delete(offerPrices).where(eq(offerPrices.id, id));
  }
  for (const p of prices) {
    const values = {
      insured: p.insured,
      member: p.member,
      room: p.room,
      amountXof: p.amountXof,
      objective: p.objective,
      label: p.label?.trim() || null,
    };
    if (p.id) await tx.update(offerPrices).set(values).where(eq(offerPrices.id, p.id));
    else await tx.insert(offerPrices).values({ offerId, ...values });
  }
}

/** An admin adds an offer to the catalogue, with its prices. */
export async function createOffer(ctx: Ctx, input: CreateOfferInput) {
  authorize(ctx.actor, "catalogue.write");
  assertDistinctProfiles(input.prices);
  if (input.prices.some((p) => p.id)) {
    const i = input.prices.findIndex((p) => p.id);
    throw new AppError(400, "unknown_offer_price", {
      details: { issues: [{ field: `prices.${i}.id`, location: "body", message: "prix inconnu pour cette offre" }] },
    });
  }
  const created = ctx.database.db.transaction(async (tx) => {
    await assertCodeFree(tx, input.code);
    const [row] = await tx
      .insert(offers)
      .values({
        code: input.code,
        name: input.name,
        category: input.category,
        description: input.description || null,
        objective: input.objective,
        active: input.active,
        position: input.position,
        updatedAt: ctx.clock.now(),
      })
      .returning({ id: offers.id });
    if (!row) throw new Error("insert returned no row");
    await replacePrices(tx, row.id, input.prices);
    const view = await loadOffer(tx, row.id);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "offer.create",
      entityType: "offer",
      entityId: row.id,
      after: view,
    });
    return view;
  });
  return created.catch(rethrowCodeTaken);
}

/** An admin edits an offer: name, category, objective flag, deactivation, and (when given) its whole price list. */
export async function updateOffer(ctx: Ctx, id: string, input: UpdateOfferInput) {
  authorize(ctx.actor, "catalogue.write");
  if (input.prices) assertDistinctProfiles(input.prices);
  const updated = ctx.database.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(offers).where(eq(offers.id, id)).for("update");
    if (!locked) throw notFound("offer");
    if (locked.version !== input.version) throw versionConflict(locked.version);
    const before = await loadOffer(tx, id);
    if (input.code !== undefined && input.code !== locked.code) await assertCodeFree(tx, input.code, id);
    const changes: Partial<typeof offers.$inferInsert> = {};
    if (input.code !== undefined) changes.code = input.code;
    if (input.name !== undefined) changes.name = input.name;
    if (input.category !== undefined) changes.category = input.category;
    if (input.description !== undefined) changes.description = input.description || null;
    if (input.objective !== undefined) changes.objective = input.objective;
    if (input.active !== undefined) changes.active = input.active;
    if (input.position !== undefined) changes.position = input.position;
    await tx
      .update(offers)
      .set({ ...changes, version: sql`${offers.version} + 1`, updatedAt: ctx.clock.now() })
      .where(eq(offers.id, id));
    if (input.prices) await replacePrices(tx, id, input.prices);
    const after = await loadOffer(tx, id);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "offer.update",
      entityType: "offer",
      entityId: id,
      before,
      after,
    });
    return after;
  });
  return updated.catch(rethrowCodeTaken);
}
