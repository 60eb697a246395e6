import { asc, eq } from "drizzle-orm";
import { type InvitationVariable, type MothersGroupNetwork, NETWORK_NAMES } from "../../../shared/mothers-group.ts";
import { renderSms } from "../../../shared/sms-templates.ts";
import { measureSms } from "../../../shared/sms-text.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { personPhones, smsMessages } from "../../db/schema/index.ts";
import { AppError, fieldError } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { insertInteraction } from "../interactions/interactions.ts";
import { deliverSoon, enqueueEmail } from "../mail/outbox.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import { SKIP_REASONS, smsRecipient } from "../sms/recipient.ts";
import { nextSendingTime } from "../sms/window.ts";
import { changeMembership, loadMother, membershipsOf } from "./memberships.ts";
import type { InvitationResult, InviteInput } from "./mothers-group.schema.ts";

/** The network's invitation link of the settings, or 409 when the clinic has not set it. */
export function groupLink(settings: Settings, network: MothersGroupNetwork): string {
  const link =
    network === "whatsapp" ? settings.mothersGroup.whatsappInviteUrl : settings.mothersGroup.facebookGroupUrl;
  if (!link) throw new AppError(409, "mothers_group_link_missing");
  return link;
}

type Mother = Awaited<ReturnType<typeof loadMother>>;

/** The SMS carrying the link, in the SMS outbox: `skipped` (with the reason) when she declined SMS. */
async function queueSms(tx: Executor, ctx: Ctx, settings: Settings, mother: Mother, text: string) {
  const phones = await tx
    .select({ e164: personPhones.e164 })
    .from(personPhones)
    .where(eq(personPhones.personId, mother.id))
    .orderBy(asc(personPhones.position));
  const recipient = smsRecipient({ ...mother, phones: phones.map((p) => p.e164) }, false);
  // No number to write to: nothing can be sent, she must be asked for one (an opt-out is recorded as skipped).
  if ("skip" in recipient && (recipient.skip === SKIP_REASONS.noPhone || recipient.skip === SKIP_REASONS.noMobile))
    throw fieldError("mothers_group_no_mobile", "channel");
  const now = ctx.clock.now();
  const measure = measureSms(text);
  const [sms] = await tx
    .insert(smsMessages)
    .values({
      kind: "mothers_group_invite",
      personId: mother.id,
      toPhone: "to" in recipient ? recipient.to : null,
      text,
      encoding: measure.encoding,
      segments: measure.segments,
      vital: false,
      status: "to" in recipient ? "queued" : "skipped",
      reason: "skip" in recipient ? recipient.skip : null,
      nextAttemptAt: nextSendingTime(now, settings.sms.window, settings.timeZone),
      createdAt: now,
      createdBy: ctx.actor.type === "user" ? ctx.actor.id : null,
    })
    .returning({ id: smsMessages.id, status: smsMessages.status, reason: smsMessages.reason });
  if (!sms) throw new Error("insert returned no row");
  return sms;
}

/**
 * Sends her the group's invitation link (procedure 5: « Proposition d'intégrer le groupe virtuel des mamans NEST
 * (Whatsapp ou Facebook) »), by SMS through the SMS outbox or by e-mail through the mail outbox, from the settings'
 * templates. In one transaction: the message, the interaction on her timeline, her status `invited` (when, how),
 * its history and the audit. An SMS to a mother who declined SMS is kept as skipped and changes nothing else.
 * 409 when the network's link is not set; 422 when she has no mobile, or no e-mail address that works.
 */
export async function inviteToGroup(
  ctx: Ctx,
  personId: string,
  network: MothersGroupNetwork,
  input: InviteInput,
): Promise<InvitationResult> {
  authorize(ctx.actor, "mothersGroup.manage");
  const { settings } = await readSettings(ctx.database.db);
  const link = groupLink(settings, network);
  const now = ctx.clock.now();
  const result = await ctx.database.db.transaction(async (tx) => {
    const mother = await loadMother(tx, personId, { forWrite: true });
    const values = { prenom: mother.firstName, reseau: NETWORK_NAMES[network], lien: link };
    let sms: InvitationResult["sms"] = null;
    let email: InvitationResult["email"] = null;
    let interactionId: string | null = null;
    if (input.channel === "sms") {
      sms = await queueSms(
        tx,
        ctx,
        settings,
        mother,
        renderSms<InvitationVariable>(settings.mothersGroup.smsTemplate, values),
      );
      await recordAudit(tx, ctx.clock, ctx.actor, {
        action: "mothers_group.invite",
        entityType: "person",
        entityId: personId,
        after: { network, channel: "sms", smsId: sms.id, smsStatus: sms.status, reason: sms.reason },
      });
      if (sms.status === "skipped") return { sms, email };
    } else {
      const address = mother.email?.trim();
      const invalid = address && mother.emailInvalidAt && mother.emailInvalidAddress === address;
      if (!address || invalid) throw fieldError("mothers_group_no_email", "channel");
      const interaction = await insertInteraction(tx, ctx.clock, ctx.actor, {
        personId,
        occurredAt: now,
        recordedAt: now,
        channel: "email",
        motive: null,
        requestTypes: [],
        comment: `Invitation au Groupe des Mamans NEST (${NETWORK_NAMES[network]}) par e-mail à ${address}.`,
        documentsSent: [],
        documentsRequested: false,
        outcome: null,
      });
      interactionId = interaction.id;
      const queued = await enqueueEmail(tx, ctx, {
        purpose: "other",
        from: "clinic",
        to: [address],
        subject: renderSms<InvitationVariable>(settings.mothersGroup.emailSubject, values),
        bodyText: `${renderSms<InvitationVariable>(settings.mothersGroup.emailBody, values)}\n`,
        personId,
        interactionId,
      });
      email = { id: queued.id, status: queued.status };
      await recordAudit(tx, ctx.clock, ctx.actor, {
        action: "mothers_group.invite",
        entityType: "person",
        entityId: personId,
        after: { network, channel: "email", emailId: queued.id },
      });
    }
    if (input.channel === "sms") {
      await insertInteraction(tx, ctx.clock, ctx.actor, {
        personId,
        occurredAt: now,
        recordedAt: now,
        channel: "sms",
        motive: null,
        requestTypes: [],
        comment: `Invitation au Groupe des Mamans NEST (${NETWORK_NAMES[network]}) par SMS.`,
        documentsSent: [],
        documentsRequested: false,
        outcome: null,
      });
    }
    const [current] = (await membershipsOf(tx, personId)).filter((m) => m.network === network);
    // An invitation moves a wish (or a departure) to `invited`; a member stays a member, the link sent again.
    await changeMembership(tx, ctx, {
      personId,
      network,
      status: current?.status === "member" ? "member" : "invited",
      consentToAdd: current?.consentToAdd ?? false,
      source: "invitation",
      note: input.channel === "sms" ? "Lien envoyé par SMS" : "Lien envoyé par e-mail",
      invited: { at: now, via: input.channel },
      version: "current",
    });
    return { sms, email };
  });
  if (result.email) deliverSoon(ctx, result.email.id);
  const membership = (await membershipsOf(ctx.database.db, personId)).find((m) => m.network === network) ?? null;
  return { membership, sms: result.sms, email: result.email };
}
