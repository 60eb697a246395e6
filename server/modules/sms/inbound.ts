import { and, desc, eq, gt, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { SMS_LIMITS } from "../../../shared/limits.ts";
import type { SmsReplyMeaning } from "../../../shared/sms.ts";
import { HOUR_MS } from "../../clock.ts";
import type { Services } from "../../context.ts";
import { systemActor } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { appointments, people, personPhones, smsMessages, smsReplies } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { consentState } from "../consents/consent-checks.ts";
import { recordConsent } from "../consents/record-consent.ts";
import type { InboundSms } from "./providers/delivery-receipt.ts";

/** A reply is read as an answer to the reminders sent to that number within this. */
const REPLY_WINDOW_MS = 7 * 24 * HOUR_MS;

export type InboundMeaning = SmsReplyMeaning;

/** What a reply says: STOP (and its French forms), 1 / OUI, 2 / NON, or anything else. */
export function meaningOf(text: string): InboundMeaning {
  const word = text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .replace(/[^A-Z0-9 ]/g, " ")
    .trim()
    .replace(/\s+/g, " ");
  if (/^(STOP|STOP SMS|ARRET|ARRETER|DESABONNER|DESINSCRIRE)$/.test(word)) return "stop";
  if (/^(1|OUI|OK|OUI 1|1 OUI|CONFIRME|CONFIRMER)$/.test(word)) return "confirmed";
  if (/^(2|NON|NON 2|2 NON|ANNULER|ANNULE)$/.test(word)) return "cancel_requested";
  return "other";
}

/**
 * An SMS received from a person (where the provider delivers them), kept in sms_replies and audited.
 * STOP → every record with that number gets « ne souhaite pas recevoir de SMS » (source stop). 1 / OUI
 * confirms, 2 / NON asks to cancel the appointment whose reminder went to that number last (still to
 * come). A cancellation request, and any other text, makes a task for reception (rule sms-reply); a
 * confirmation needs no one (one that answers no reminder, « OK », changes nothing). A notification the
 * provider delivers twice (same message id) is recorded and acted on once.
 */
export async function recordInboundSms(services: Services, inbound: InboundSms): Promise<InboundMeaning> {
  const now = services.clock.now();
  const meaning = meaningOf(inbound.text);
  const actor = systemActor("SMS reçu");
  await services.database.db.transaction(async (tx) => {
    const since = new Date(now.getTime() - REPLY_WINDOW_MS);
    const reminder =
      meaning === "confirmed" || meaning === "cancel_requested"
        ? await answeredReminder(tx, inbound.from, since, now)
        : undefined;
    const personId = reminder?.personId ?? (await senderOf(tx, inbound.from, since));
    const [reply] = await tx
      .insert(smsReplies)
      .values({
        receivedAt: now,
        fromPhone: inbound.from,
        text: inbound.text.slice(0, SMS_LIMITS.replyChars),
        meaning,
        providerMessageId: inbound.messageId ?? null,
        personId,
        smsMessageId: reminder?.id ?? null,
        appointmentId: reminder?.appointmentId ?? null,
        appointmentStartsAt: reminder?.startsAt ?? null,
        needsCallback: meaning === "other" || meaning === "cancel_requested",
      })
      .onConflictDoNothing({
        target: smsReplies.providerMessageId,
        where: sql`${smsReplies.providerMessageId} is not null`,
      })
      .returning({ id: smsReplies.id });
    if (!reply) return;
    await recordAudit(tx, services.clock, actor, {
      action: "sms.reply",
      entityType: "sms_reply",
      entityId: reply.id,
      after: { from: inbound.from, meaning, personId, appointmentId: reminder?.appointmentId ?? null },
    });
    if (meaning === "stop") {
      await optOut(tx, services, inbound.from, now);
      return;
    }
    if (!reminder || meaning === "other") return;
    await tx
      .update(appointments)
      .set({ confirmation: meaning, confirmationAt: now })
      .where(eq(appointments.id, reminder.appointmentId));
    await recordAudit(tx, services.clock, actor, {
      action: meaning === "confirmed" ? "appointment.confirm" : "appointment.cancel_request",
      entityType: "appointment",
      entityId: reminder.appointmentId,
      after: { confirmation: meaning, from: inbound.from },
    });
  });
  return meaning;
}

/** The last reminder sent to that number (within the window) whose appointment is still to come. */
async function answeredReminder(tx: Executor, from: string, since: Date, now: Date) {
  const [reminder] = await tx
    .select({
      id: smsMessages.id,
      personId: smsMessages.personId,
      appointmentId: appointments.id,
      startsAt: appointments.startsAt,
    })
    .from(smsMessages)
    .innerJoin(appointments, eq(appointments.id, smsMessages.appointmentId))
    .where(
      and(
        eq(smsMessages.toPhone, from),
        inArray(smsMessages.kind, ["appointment_reminder", "appointment_moved"]),
        inArray(smsMessages.status, ["sent", "delivered"]),
        gt(smsMessages.sentAt, since),
        eq(appointments.status, "scheduled"),
        gt(appointments.startsAt, now),
      ),
    )
    .orderBy(desc(smsMessages.sentAt))
    .limit(1);
  return reminder;
}

/** Who a reply is from: the person of the last SMS sent to that number, else the only live record with it. */
async function senderOf(tx: Executor, from: string, since: Date): Promise<string | null> {
  const [last] = await tx
    .select({ personId: smsMessages.personId })
    .from(smsMessages)
    .where(
      and(
        eq(smsMessages.toPhone, from),
        inArray(smsMessages.status, ["sent", "delivered"]),
        gt(smsMessages.sentAt, since),
        isNotNull(smsMessages.personId),
      ),
    )
    .orderBy(desc(smsMessages.sentAt))
    .limit(1);
  if (last?.personId) return last.personId;
  const owners = await tx
    .selectDistinct({ id: people.id })
    .from(personPhones)
    .innerJoin(people, eq(people.id, personPhones.personId))
    .where(and(eq(personPhones.e164, from), isNull(people.mergedIntoId)))
    .limit(2);
  return owners.length === 1 ? (owners[0]?.id ?? null) : null;
}

/** What a STOP withdraws, by SMS, in the consent register: every purpose (loi 2008-12: a free opt-out). */
const STOPPED_PURPOSES = ["newsletter", "offers_events", "reminders"] as const;

/**
 * STOP: every record with that number no longer receives non-vital SMS, and the consent register of every
 * live one says so (source stop_reply; a purpose already withdrawn is not written again).
 */
async function optOut(tx: Executor, services: Services, from: string, now: Date) {
  const owners = tx.select({ id: personPhones.personId }).from(personPhones).where(eq(personPhones.e164, from));
  const stopped = await tx
    .update(people)
    .set({ smsOptOutAt: now, smsOptOutSource: "stop", updatedAt: now, version: sql`${people.version} + 1` })
    .where(and(inArray(people.id, owners), isNull(people.smsOptOutAt)))
    .returning({ id: people.id });
  for (const person of stopped) {
    await recordAudit(tx, services.clock, systemActor("SMS reçu"), {
      action: "person.sms_opt_out",
      entityType: "person",
      entityId: person.id,
      after: { smsOptOutSource: "stop" },
    });
  }
  const live = await tx
    .selectDistinct({ id: people.id })
    .from(personPhones)
    .innerJoin(people, eq(people.id, personPhones.personId))
    .where(and(eq(personPhones.e164, from), isNull(people.mergedIntoId), isNull(people.anonymizedAt)));
  for (const person of live) {
    for (const purpose of STOPPED_PURPOSES) {
      if ((await consentState(tx, person.id, purpose, "sms")) === false) continue;
      await recordConsent(tx, services.clock, systemActor("SMS reçu"), {
        personId: person.id,
        purpose,
        channel: "sms",
        granted: false,
        source: "stop_reply",
      });
    }
  }
}
