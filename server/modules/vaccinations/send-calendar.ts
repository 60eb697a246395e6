import { eq } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { people } from "../../db/schema/index.ts";
import { fieldError } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { deliverSoon, enqueueEmail } from "../mail/outbox.ts";
import { formatDay } from "../quotes/format.ts";
import { recordInteraction } from "../quotes/quote-records.ts";
import { readSettings } from "../settings/settings.ts";
import { renderVaccinationPdf } from "./calendar-pdf.ts";
import { birthDateOf, clinicToday, loadChild } from "./records.ts";

/** The PDF of a child's calendar as of the clinic's today (download or print). */
export async function getVaccinationPdf(ctx: Ctx, personId: string) {
  authorize(ctx.actor, "people.read");
  const { settings } = await readSettings(ctx.database.db);
  return renderVaccinationPdf(ctx.database.db, personId, clinicToday(ctx, settings));
}

/**
 * E-mails the child's calendar PDF to the parents (procedure 5: « Le calendrier vaccinal personnalisé
 * est donné aux parents »): to the child's address, else the mother's record's, through the outbox, the
 * clinic in copy; the sending is recorded as an interaction on the child's record, as a quote's is.
 * The PDF is written as of the day it is asked for (kept in the attachment).
 */
export async function sendVaccinationCalendar(ctx: Ctx, personId: string) {
  authorize(ctx.actor, "mail.send");
  const { settings } = await readSettings(ctx.database.db);
  const asOf = clinicToday(ctx, settings);
  const sent = await ctx.database.db.transaction(async (tx) => {
    const child = await loadChild(tx, personId, { forWrite: true });
    birthDateOf(child);
    let to = child.email;
    if (!to && child.motherId) {
      const [mother] = await tx.select({ email: people.email }).from(people).where(eq(people.id, child.motherId));
      to = mother?.email ?? null;
    }
    if (!to) throw fieldError("vaccination_no_email", "email");
    const title = `Calendrier vaccinal de ${child.firstName} ${child.lastName}`;
    const interactionId = await recordInteraction(tx, ctx.clock, ctx.actor, {
      personId,
      channel: "email",
      requestTypes: [],
      comment: `${title} envoyé à ${to}`,
      documentsSent: [title],
    });
    const body = [
      "Bonjour,",
      "",
      `Veuillez trouver ci-joint le calendrier vaccinal personnalisé de ${child.firstName}, établi le ${formatDay(asOf)}.`,
      "Un SMS vous rappellera chaque vaccin quelques jours avant la date prévue.",
      "",
      "Nous restons à votre disposition pour tout renseignement.",
      "",
      "Cordialement,",
      settings.clinicName,
      ...[settings.clinicAddress, settings.clinicPhone].filter(Boolean),
    ].join("\n");
    const email = await enqueueEmail(tx, ctx, {
      purpose: "other",
      from: "user",
      to: [to],
      subject: `${title} – ${settings.clinicName}`,
      bodyText: body,
      attachments: [{ kind: "vaccination_calendar", id: personId, asOf }],
      personId,
      interactionId,
    });
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "vaccination_calendar.send",
      entityType: "patient",
      entityId: personId,
      after: { to, emailId: email.id, interactionId, asOf },
    });
    return { to, emailId: email.id, interactionId };
  });
  deliverSoon(ctx, sent.emailId);
  return sent;
}
