import { eq } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { people } from "../../db/schema/index.ts";
import { fieldError } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { deliverSoon, enqueueEmail } from "../mail/outbox.ts";
import { readSettings } from "../settings/settings.ts";
import { formatDay, formatXof } from "./format.ts";
import type { SendQuoteInput } from "./quote.schema.ts";
import { loadQuote, recordInteraction } from "./quote-records.ts";

/**
 * Emails a quote's PDF to the person (or the address given), from the user
 * or the clinic, the clinic's address in copy, through the outbox; the
 * sending is recorded as an interaction on the person's record.
 */
export async function sendQuote(ctx: Ctx, id: string, input: SendQuoteInput) {
  authorize(ctx.actor, "mail.send");
  const { settings } = await readSettings(ctx.database.db);
  const sent = await ctx.database.db.transaction(async (tx) => {
    const quote = await loadQuote(tx, id);
    // Locked, so that a merge cannot hide the record between this check and the interaction.
    const [person] = await tx
      .select({ mergedIntoId: people.mergedIntoId })
      .from(people)
      .where(eq(people.id, quote.person.id))
      .for("update");
    // The interaction would land on a hidden record: the kept record is where to work.
    if (person?.mergedIntoId) throw fieldError("merged_record", "personId");
    const to = input.to ?? quote.person.email;
    if (!to) throw fieldError("no_email_address", "to", 400);
    const interactionId = await recordInteraction(tx, ctx.clock, ctx.actor, {
      personId: quote.person.id,
      channel: "email",
      requestTypes: [],
      comment: `Facture pro forma ${quote.number} envoyée à ${to}`,
      documentsSent: [`Facture pro forma ${quote.number}`],
    });
    const greeting = `Bonjour ${quote.person.firstName} ${quote.person.lastName},`;
    const body = [
      greeting,
      "",
      `Veuillez trouver ci-joint la facture pro forma ${quote.number} du ${formatDay(quote.issuedOn)}, ` +
        `d'un montant total de ${formatXof(quote.totalXof)}, valable jusqu'au ${formatDay(quote.validUntil)}.`,
      ...(input.message ? ["", input.message] : []),
      "",
      "Nous restons à votre disposition pour tout renseignement.",
      "",
      "Cordialement,",
      settings.clinicName,
      ...[settings.clinicAddress, settings.clinicPhone].filter(Boolean),
    ].join("\n");
    const email = await enqueueEmail(tx, ctx, {
      purpose: "quote",
      from: input.from,
      to: [to],
      cc: [settings.clinicEmail],
      subject: `Facture pro forma ${quote.number} – ${settings.clinicName}`,
      bodyText: body,
      attachments: [{ kind: "quote", id: quote.id }],
      personId: quote.person.id,
      interactionId,
    });
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "quote.send",
      entityType: "quote",
      entityId: quote.id,
      after: { to, from: input.from, emailId: email.id, interactionId },
    });
    return { emailId: email.id, status: email.status, interactionId };
  });
  deliverSoon(ctx, sent.emailId);
  return sent;
}
