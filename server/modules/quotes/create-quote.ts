import { eq, inArray, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import { addCalendarDays, clinicDay } from "../../clinic-calendar.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { offerPrices, offers, people, quoteCounters, quoteLines, quotes } from "../../db/schema/index.ts";
import { AppError, type FieldIssue, fieldError } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { MAX_AMOUNT_XOF } from "../catalogue/offer.schema.ts";
import { readSettings } from "../settings/settings.ts";
import { formatXof } from "./format.ts";
import type { CreateQuoteInput, QuoteLineInput } from "./quote.schema.ts";
import { loadQuote, quoteNumber, recordInteraction } from "./quote-records.ts";

interface PricedLine {
  offerId: string | null;
  offerPriceId: string | null;
  label: string;
  quantity: number;
  unitPriceXof: number;
  amountXof: number;
}

const badLine = (field: string, message: string) =>
  new AppError(400, "invalid_quote_line", {
    message: `Champ « ${field} » : ${message}`,
    details: { issues: [{ field, location: "body", message }] satisfies FieldIssue[] },
  });

/** "Accouchement – Voie basse (Tarif Adhérent, assurée, chambre simple)": the offer and the profile its price is for. */
export function catalogueLabel(
  offerName: string,
  price: { label: string | null; insured: boolean | null; member: boolean | null; room: string | null },
): string {
  const profile = [
    price.member === true ? "Tarif Adhérent" : price.member === false ? "non adhérente" : null,
    price.insured === true ? "assurée" : price.insured === false ? "non assurée" : null,
    price.room === "single" ? "chambre simple" : price.room === "double" ? "chambre double" : null,
  ].filter(Boolean);
  const name = price.label ? `${offerName} – ${price.label}` : offerName;
  return profile.length ? `${name} (${profile.join(", ")})` : name;
}

/** The lines as printed: catalogue prices copied as they are today, free lines as typed. */
async function priceLines(tx: Executor, lines: QuoteLineInput[]): Promise<PricedLine[]> {
  const priceIds = lines.flatMap((l) => ("offerPriceId" in l ? [l.offerPriceId] : []));
  const offerIds = lines.flatMap((l) => ("offerPriceId" in l || !l.offerId ? [] : [l.offerId]));
  const catalogue = priceIds.length
    ? await tx
        .select({ price: offerPrices, offer: offers })
        .from(offerPrices)
        .innerJoin(offers, eq(offers.id, offerPrices.offerId))
        .where(inArray(offerPrices.id, priceIds))
    : [];
  const knownOffers = offerIds.length
    ? await tx.select({ id: offers.id }).from(offers).where(inArray(offers.id, offerIds))
    : [];
  return lines.map((line, i) => {
    if ("offerPriceId" in line) {
      const found = catalogue.find((c) => c.price.id === line.offerPriceId);
      if (!found) throw badLine(`lines.${i}.offerPriceId`, "prix inconnu du catalogue");
      if (!found.offer.active) throw badLine(`lines.${i}.offerPriceId`, "cette offre n'est plus au catalogue");
      const unitPriceXof = found.price.amountXof;
      return {
        offerId: found.offer.id,
        offerPriceId: found.price.id,
        label: line.label ?? catalogueLabel(found.offer.name, found.price),
        quantity: line.quantity,
        unitPriceXof,
        amountXof: unitPriceXof * line.quantity,
      };
    }
    if (line.offerId && !knownOffers.some((o) => o.id === line.offerId)) {
      throw badLine(`lines.${i}.offerId`, "offre inconnue du catalogue");
    }
    return {
      offerId: line.offerId ?? null,
      offerPriceId: null,
      label: line.label,
      quantity: line.quantity,
      unitPriceXof: line.unitPriceXof,
      amountXof: line.unitPriceXof * line.quantity,
    };
  });
}

/**
 * Takes the next pro forma number of the year, in the quote's transaction:
 * the counter row stays locked until the commit, so concurrent quotes wait
 * their turn, and a quote rolled back gives its number back (no gaps).
 */
async function takeNumber(tx: Executor, year: number): Promise<number> {
  const [row] = await tx
    .insert(quoteCounters)
    .values({ year, lastNumber: 1 })
    .onConflictDoUpdate({ target: quoteCounters.year, set: { lastNumber: sql`${quoteCounters.lastNumber} + 1` } })
    .returning({ lastNumber: quoteCounters.lastNumber });
  if (!row) throw new Error("quote counter upsert returned no row");
  return row.lastNumber;
}

/**
 * Makes a pro forma quote ("facture pro forma") for a prospect or a patient
 * (procedure 2, NB: a patient asking for a quote gets it on the patient
 * record), numbered PF-<year>-<n> without gaps, dated today in the clinic's
 * zone and valid the settings' number of days, recorded as an interaction.
 */
export async function createQuote(ctx: Ctx, input: CreateQuoteInput) {
  authorize(ctx.actor, "mail.send");
  const { settings } = await readSettings(ctx.database.db);
  const now = ctx.clock.now();
  const issuedOn = clinicDay(now, settings.timeZone);
  const year = Number(issuedOn.slice(0, 4));
  const quoteType = settings.requestTypes.find((r) => r.category === "quote");
  return ctx.database.db.transaction(async (tx) => {
    const [person] = await tx
      .select({ id: people.id, mergedIntoId: people.mergedIntoId })
      .from(people)
      .where(eq(people.id, input.personId))
      .for("update");
    if (!person) throw fieldError("unknown_person", "personId", 404);
    if (person.mergedIntoId) throw fieldError("merged_record", "personId");
    // The number first: whatever fails after it rolls it back with the rest.
    const sequence = await takeNumber(tx, year);
    const number = quoteNumber(year, sequence);
    const lines = await priceLines(tx, input.lines);
    const totalXof = lines.reduce((sum, l) => sum + l.amountXof, 0);
    if (totalXof > MAX_AMOUNT_XOF) throw badLine("lines", "le total dépasse le montant maximal");
    const interactionId = await recordInteraction(tx, ctx.clock, ctx.actor, {
      personId: person.id,
      channel: input.channel,
      requestTypes: quoteType ? [quoteType.code] : [],
      comment: `Facture pro forma ${number} (total ${formatXof(totalXof)})`,
    });
    const [quote] = await tx
      .insert(quotes)
      .values({
        year,
        sequence,
        number,
        personId: person.id,
        issuedOn,
        validUntil: addCalendarDays(issuedOn, settings.quoteValidityDays),
        totalXof,
        notes: input.notes || null,
        interactionId,
        createdAt: now,
        createdBy: ctx.actor.type === "user" ? ctx.actor.id : null,
      })
      .returning({ id: quotes.id });
    if (!quote) throw new Error("insert returned no row");
    await tx
      .insert(quoteLines)
      .values(lines.map((line, position) => ({ quoteId: quote.id, position: position + 1, ...line })));
    const view = await loadQuote(tx, quote.id);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "quote.create",
      entityType: "quote",
      entityId: quote.id,
      after: view,
    });
    return view;
  });
}
