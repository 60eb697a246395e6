import { eq } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { quotes } from "../../db/schema/index.ts";
import { renderQuotePdf } from "./quote-pdf.ts";
import { loadQuote, loadQuotes } from "./quote-records.ts";

/** A person's quotes (the "Devis" section of the person page), or the latest 200 of the clinic; newest first. */
export async function listQuotes(ctx: Ctx, query: { personId?: string }) {
  authorize(ctx.actor, "catalogue.read");
  return loadQuotes(ctx.database.db, query.personId ? eq(quotes.personId, query.personId) : undefined);
}

export async function getQuote(ctx: Ctx, id: string) {
  authorize(ctx.actor, "catalogue.read");
  return loadQuote(ctx.database.db, id);
}

/** The quote's PDF, as printed and as attached to its emails. */
export async function getQuotePdf(ctx: Ctx, id: string) {
  authorize(ctx.actor, "catalogue.read");
  return renderQuotePdf(ctx.database.db, id);
}
