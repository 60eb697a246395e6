import { and, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { HOUR_MS } from "../../clock.ts";
import type { Services } from "../../context.ts";
import { systemActor } from "../../context.ts";
import { appointments, people, personPhones, smsMessages } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { InboundSms } from "./providers/delivery-receipt.ts";

/** A reply is read as an answer to the reminders sent to that number within this. */
const REPLY_WINDOW_MS = 7 * 24 * HOUR_MS;

export type InboundMeaning = "stop" | "confirmed" | "cancel_requested" | "other";

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
 * An SMS received from a person (where the provider delivers them): STOP → every record with that
 * number gets « ne souhaite pas recevoir de SMS » (source stop); 1 / OUI confirms, 2 / NON asks to cancel
 * the appointment whose reminder went to that number last (still to come). Recorded in the audit log.
 */
export async function recordInboundSms(services: Services, inbound: InboundSms): Promise<InboundMeaning> {
  const now = services.clock.now();
  const meaning = meaningOf(inbound.text);
  const actor = systemActor("SMS reçu");
  await services.database.db.transaction(async (tx) => {
    if (meaning === "stop") {
      const owners = tx
        .select({ id: personPhones.personId })
        .from(personPhones)
        .where(eq(personPhones.e164, inbound.from));
      const stopped = await tx
        .update(people)
        .set({ smsOptOutAt: now, smsOptOutSource: "stop", updatedAt: now, version: sql`${people.version} + 1` })
        .where(and(inArray(people.id, owners), isNull(people.smsOptOutAt)))
        .returning({ id: people.id });
      for (const person of stopped) {
        await recordAudit(tx, services.clock, actor, {
          action: "person.sms_opt_out",
          entityType: "person",
          entityId: person.id,
          after: { smsOptOutSource: "stop" },
        });
      }
      return;
    }
    if (meaning === "other") {
      await recordAudit(tx, services.clock, actor, {
        action: "sms.reply",
        entityType: "sms",
        after: { from: inbound.from, text: inbound.text.slice(0, 320) },
      });
      return;
    }
    const [reminder] = await tx
      .select({ appointmentId: smsMessages.appointmentId })
      .from(smsMessages)
      .innerJoin(appointments, eq(appointments.id, smsMessages.appointmentId))
      .where(
        and(
          eq(smsMessages.toPhone, inbound.from),
          inArray(smsMessages.kind, ["appointment_reminder", "appointment_moved"]),
          inArray(smsMessages.status, ["sent", "delivered"]),
          gt(smsMessages.sentAt, new Date(now.getTime() - REPLY_WINDOW_MS)),
          eq(appointments.status, "scheduled"),
          gt(appointments.startsAt, now),
        ),
      )
      .orderBy(desc(smsMessages.sentAt))
      .limit(1);
    if (!reminder?.appointmentId) return;
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
