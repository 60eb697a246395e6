import { and, eq, isNull } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { calls, people, users } from "../../db/schema/index.ts";
import { fieldError, notFound } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { loadCallView } from "../calls/present.ts";
import { activeDocuments } from "../documents/documents.ts";
import { actorName, insertInteraction, presentInteraction } from "../interactions/interactions.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import { completeTasksForSource } from "../tasks/complete-for-source.ts";
import type { SendDocumentationInput } from "./mail.schema.ts";
import { deliverAndWait, enqueueEmail } from "./outbox.ts";

/** How long the request waits for the email to leave before answering "waiting in the outbox". */
const SEND_WAIT_MS = 8000;

interface Signature {
  firstName: string;
  lastName: string;
  email: string | null;
}

async function signatureOf(tx: Executor, ctx: Ctx): Promise<Signature | null> {
  if (ctx.actor.type !== "user") return null;
  const [user] = await tx
    .select({ firstName: users.firstName, lastName: users.lastName, email: users.email })
    .from(users)
    .where(eq(users.id, ctx.actor.id));
  return user ?? null;
}

/** Procedure 4: a cold prospect is not called back; the answer gives the links and asks for details instead. */
const isColdProspect = (person: { kind: string; temperature: string | null }) =>
  person.kind === "prospect" && person.temperature === "cold";

/**
 * The email's text (procedure 1, case 3): the documents, the agent's own
 * words, then — as every answer to a first request (DESIGN §3) — the
 * invitation to call, visit or reply with one's details, naming the contact.
 * For a cold prospect (procedure 4: « une incitation à chercher plus
 * d'informations sur Nest en donnant le lien du site web et de la page
 * Facebook […] à laisser ses coordonnées (Tel / email) afin de recevoir la
 * documentation commerciale »), the website and Facebook links of the
 * settings and the invitation to leave a phone and an email; no promise to
 * call back, since cold prospects are not called by rule.
 */
export function documentationBody(input: {
  person: { firstName: string; lastName: string; kind: string; temperature: string | null };
  documentNames: string[];
  message: string | undefined;
  signature: Signature | null;
  settings: Settings;
}): string {
  const { settings, signature } = input;
  const contact = signature ? `${signature.firstName} ${signature.lastName}` : `l'accueil de ${settings.clinicName}`;
  const phone = settings.clinicPhone ? ` au ${settings.clinicPhone}` : "";
  const lines = [
    `Bonjour ${input.person.firstName} ${input.person.lastName},`,
    "",
    `Suite à notre échange, nous avons le plaisir de vous adresser la documentation de ${settings.clinicName} :`,
    ...input.documentNames.map((name) => `  - ${name}`),
    "",
  ];
  if (input.message) lines.push(input.message, "");
  const callOrVisit = `Pour toute question, ou pour prendre rendez-vous, appelez-nous${phone} ou venez nous rencontrer (${settings.clinicAddress}).`;
  if (isColdProspect(input.person)) {
    const links = [
      settings.websiteUrl ? `  - notre site web : ${settings.websiteUrl}` : null,
      settings.facebookUrl ? `  - notre page Facebook : ${settings.facebookUrl}` : null,
    ].filter((line): line is string => line !== null);
    if (links.length > 0) lines.push(`Pour en savoir plus sur ${settings.clinicName} :`, ...links, "");
    lines.push(
      "Laissez-nous votre numéro de téléphone et votre adresse e-mail en répondant à cet e-mail : " +
        "vous recevrez notre documentation commerciale.",
      callOrVisit,
    );
  } else {
    lines.push(
      callOrVisit,
      "Vous pouvez aussi répondre à cet e-mail en nous laissant vos coordonnées : nous vous rappellerons.",
    );
  }
  lines.push(
    `Votre interlocuteur : ${contact}.`,
    "",
    "Bien cordialement,",
    "",
    ...(signature ? [`${signature.firstName} ${signature.lastName}`] : []),
    settings.clinicName,
    [settings.clinicPhone, settings.clinicEmail].filter(Boolean).join(" — "),
  );
  return `${lines.join("\n")}\n`;
}

/** Links the call register's line to this interaction, when it has none yet (audited as a line's update). */
async function linkCall(tx: Executor, ctx: Ctx, callId: string, personId: string, interactionId: string) {
  const [call] = await tx.select().from(calls).where(eq(calls.id, callId)).for("update");
  if (!call) throw fieldError("unknown_reference", "callId");
  if (call.interactionId || (call.personId && call.personId !== personId)) return;
  const before = await loadCallView(tx, callId);
  await tx
    .update(calls)
    .set({
      personId,
      interactionId,
      linkedAt: call.linkedAt ?? ctx.clock.now(),
      version: call.version + 1,
      updatedAt: ctx.clock.now(),
    })
    .where(and(eq(calls.id, callId), isNull(calls.interactionId)));
  const after = await loadCallView(tx, callId);
  await recordAudit(tx, ctx.clock, ctx.actor, {
    action: "call.update",
    entityType: "call",
    entityId: callId,
    before,
    after,
  });
}

/**
 * Procedure 1, case 3: sends the chosen documents to a prospect or patient.
 * One transaction records the interaction (channel email, the documents'
 * names) and puts the email in the outbox; then it is sent at once if a
 * server answers, or waits in the outbox (with its error) to be retried.
 * The request is never lost.
 */
export async function sendDocumentation(ctx: Ctx, input: SendDocumentationInput) {
  authorize(ctx.actor, "mail.send");
  const now = ctx.clock.now();
  const result = await ctx.database.db.transaction(async (tx) => {
    const [person] = await tx.select().from(people).where(eq(people.id, input.personId)).for("update");
    if (!person) throw notFound("person");
    if (person.mergedIntoId) throw fieldError("merged_record", "personId");
    const to = input.to ?? person.email;
    if (!to) throw fieldError("documentation_email_required", "to", 400);
    const docs = await activeDocuments(tx, input.documentIds);
    const { settings } = await readSettings(tx);
    const signature = await signatureOf(tx, ctx);
    const documentNames = docs.map((d) => d.name);

    const row = await insertInteraction(tx, ctx.clock, ctx.actor, {
      personId: person.id,
      occurredAt: now,
      recordedAt: now,
      channel: "email",
      motive: null,
      requestTypes: [],
      // Said as it is when recorded: the email is only waiting in the outbox yet (its state shows on the timeline).
      comment: [`Documentation par e-mail à ${to}.`, input.message].filter(Boolean).join("\n"),
      documentsSent: documentNames,
      // Sent now: nothing left to send (rule docs-pending).
      documentsRequested: false,
      outcome: null,
    });
    const interaction = presentInteraction(row, await actorName(tx, ctx.actor));
    if (input.callId) await linkCall(tx, ctx, input.callId, person.id, row.id);
    // The record's pending documentation tasks (rule docs-pending) are done now, not at the engine's next run.
    await completeTasksForSource(tx, ctx.clock, ctx.actor, {
      rule: "docs-pending",
      sourceType: "interaction",
      personId: person.id,
      outcome: "done",
    });

    const email = await enqueueEmail(tx, ctx, {
      purpose: "documentation",
      from: input.from,
      to: [to],
      subject: `${settings.clinicName} — Documentation`,
      bodyText: documentationBody({ person, documentNames, message: input.message, signature, settings }),
      attachments: docs.map((d) => ({ kind: "document" as const, id: d.id })),
      personId: person.id,
      interactionId: row.id,
    });
    return { interaction, email };
  });
  const status = await deliverAndWait(ctx, result.email.id, SEND_WAIT_MS);
  return { interaction: result.interaction, email: { id: result.email.id, status } };
}
