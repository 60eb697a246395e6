import { asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import { toIso } from "../../../shared/schemas.ts";
import type { Clock } from "../../clock.ts";
import type { Actor } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { people, quoteLines, quotes, users } from "../../db/schema/index.ts";
import { notFound } from "../../http/errors.ts";
import { insertInteraction } from "../interactions/interactions.ts";
import type { QuoteView } from "./quote.schema.ts";

export const quoteNumber = (year: number, sequence: number) => `PF-${year}-${String(sequence).padStart(5, "0")}`;

/** Quotes with their person and lines, newest first. */
export async function loadQuotes(executor: Executor, where: SQL | undefined, limit = 200): Promise<QuoteView[]> {
  const rows = await executor
    .select({ quote: quotes, person: people, author: users.email })
    .from(quotes)
    .innerJoin(people, eq(people.id, quotes.personId))
    .leftJoin(users, eq(users.id, quotes.createdBy))
    .where(where)
    .orderBy(desc(quotes.createdAt), desc(quotes.year), desc(quotes.sequence))
    .limit(limit);
  if (!rows.length) return [];
  const lineRows = await executor
    .select()
    .from(quoteLines)
    .where(
      inArray(
        quoteLines.quoteId,
        rows.map((r) => r.quote.id),
      ),
    )
    .orderBy(asc(quoteLines.position));
  return rows.map(({ quote, person, author }) => ({
    id: quote.id,
    number: quote.number,
    person: {
      id: person.id,
      kind: person.kind as "prospect" | "patient",
      lastName: person.lastName,
      firstName: person.firstName,
      email: person.email,
    },
    issuedOn: quote.issuedOn,
    validUntil: quote.validUntil,
    lines: lineRows
      .filter((l) => l.quoteId === quote.id)
      .map((l) => ({
        position: l.position,
        offerId: l.offerId,
        offerPriceId: l.offerPriceId,
        label: l.label,
        quantity: l.quantity,
        unitPriceXof: l.unitPriceXof,
        amountXof: l.amountXof,
      })),
    totalXof: quote.totalXof,
    notes: quote.notes,
    interactionId: quote.interactionId,
    createdAt: toIso(quote.createdAt),
    createdBy: author,
  }));
}

export async function loadQuote(executor: Executor, id: string): Promise<QuoteView> {
  const [quote] = await loadQuotes(executor, eq(quotes.id, id), 1);
  if (!quote) throw notFound("quote");
  return quote;
}

/**
 * Records an interaction on a person inside the caller's transaction (the
 * quote and its trace on the record commit together) and moves the record's
 * last contact forward.
 */
export async function recordInteraction(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  entry: {
    personId: string;
    channel: string;
    requestTypes: string[];
    comment: string;
    documentsSent?: string[];
  },
): Promise<string> {
  const now = clock.now();
  const row = await insertInteraction(
    tx,
    clock,
    actor,
    {
      personId: entry.personId,
      occurredAt: now,
      recordedAt: now,
      channel: entry.channel,
      motive: null,
      requestTypes: entry.requestTypes,
      comment: entry.comment,
      documentsSent: entry.documentsSent ?? [],
      documentsRequested: false,
      outcome: null,
    },
    (written) => ({
      personId: written.personId,
      channel: written.channel,
      requestTypes: written.requestTypes,
      comment: written.comment,
      documentsSent: written.documentsSent,
    }),
  );
  return row.id;
}
