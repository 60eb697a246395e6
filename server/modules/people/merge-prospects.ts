import { eq, sql } from "drizzle-orm";
import type { ConsentChannel, ConsentPurpose } from "../../../shared/consents.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import {
  appointments,
  calls,
  consentEvents,
  consentStates,
  interactions,
  outboxEmails,
  people,
  phoneMessages,
  quotes,
  smsMessages,
  smsReplies,
  temperatureChanges,
} from "../../db/schema/index.ts";
import { AppError, fieldError, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { stopCampaignMessages } from "../consents/record-consent.ts";
import { syncSmsOptOut } from "../consents/sms-opt-out.ts";
import { readSettings } from "../settings/settings.ts";
import { auditPerson, presentPerson } from "./present.ts";
import { findDuplicates, loadPerson, savePhones } from "./records.ts";

const FILLABLE = [
  "birthDate",
  "email",
  "address",
  "insured",
  "insurer",
  "member",
  "notes",
  "origin",
  // « Ne souhaite pas recevoir de SMS » / STOP said on either record holds for the person.
  "smsOptOutAt",
  "smsOptOutSource",
] as const;

/**
 * Merges a duplicate prospect record into the one kept: its interactions,
 * temperature history, appointments, quotes, register lines, phone messages,
 * emails and SMS (sent and received) and consents (the newest answer per purpose
 * and channel holds) move to the kept record (nothing is deleted), its phones
 * are added, the kept record's empty fields are filled from it, and it is
 * marked merged (it no longer appears in lists, lookup or duplicate checks).
 * The kept record stays flagged only if yet another record matches it.
 */
export async function mergeProspects(
  ctx: Ctx,
  input: { keepId: string; keepVersion: number; mergeId: string; mergeVersion: number },
) {
  authorize(ctx.actor, "people.merge");
  if (input.keepId === input.mergeId) throw fieldError("merge_into_itself", "mergeId");
  const now = ctx.clock.now();
  const { settings } = await readSettings(ctx.database.db);
  return ctx.database.db.transaction(async (tx) => {
    // Lock both in a fixed order, so two opposite merges cannot deadlock.
    const [firstId, secondId] = [input.keepId, input.mergeId].sort() as [string, string];
    const first = await loadPerson(tx, firstId, "prospect", { lock: true });
    const second = await loadPerson(tx, secondId, "prospect", { lock: true });
    const keep = firstId === input.keepId ? first : second;
    const merged = firstId === input.keepId ? second : first;
    if (keep.row.version !== input.keepVersion) throw versionConflict(keep.row.version);
    if (merged.row.version !== input.mergeVersion) throw versionConflict(merged.row.version);
    if (keep.row.mergedIntoId || merged.row.mergedIntoId) throw new AppError(409, "already_merged");

    const fill: Partial<typeof people.$inferInsert> = {};
    for (const field of FILLABLE) {
      if ((keep.row[field] === null || keep.row[field] === undefined) && merged.row[field] !== null) {
        Object.assign(fill, { [field]: merged.row[field] });
      }
    }
    const movedInteractions = await tx
      .update(interactions)
      .set({ personId: keep.row.id })
      .where(eq(interactions.personId, merged.row.id))
      .returning({ id: interactions.id });
    await tx
      .update(temperatureChanges)
      .set({ personId: keep.row.id })
      .where(eq(temperatureChanges.personId, merged.row.id));
    // The reception's traces too, so that the kept record's page shows them all (DESIGN §2).
    const movedAppointments = await tx
      .update(appointments)
      .set({ personId: keep.row.id, updatedAt: now })
      .where(eq(appointments.personId, merged.row.id))
      .returning({ id: appointments.id });
    const movedQuotes = await tx
      .update(quotes)
      .set({ personId: keep.row.id })
      .where(eq(quotes.personId, merged.row.id))
      .returning({ id: quotes.id });
    // A line's version moves on: a call screen opened before the merge, still holding the
    // merged record, must reload the line before its next step.
    const movedCalls = await tx
      .update(calls)
      .set({ personId: keep.row.id, updatedAt: now, version: sql`${calls.version} + 1` })
      .where(eq(calls.personId, merged.row.id))
      .returning({ id: calls.id });
    const movedMessages = await tx
      .update(phoneMessages)
      .set({ personId: keep.row.id })
      .where(eq(phoneMessages.personId, merged.row.id))
      .returning({ id: phoneMessages.id });
    const movedEmails = await tx
      .update(outboxEmails)
      .set({ personId: keep.row.id })
      .where(eq(outboxEmails.personId, merged.row.id))
      .returning({ id: outboxEmails.id });
    // Its SMS and the replies to them: a reply to come is read as the kept record's.
    const movedSms = await tx
      .update(smsMessages)
      .set({ personId: keep.row.id })
      .where(eq(smsMessages.personId, merged.row.id))
      .returning({ id: smsMessages.id });
    const movedSmsReplies = await tx
      .update(smsReplies)
      .set({ personId: keep.row.id })
      .where(eq(smsReplies.personId, merged.row.id))
      .returning({ id: smsReplies.id });
    // Her consents: both histories on the kept record, and for each purpose and channel the newest answer,
    // on whichever record it was given (loi 2008-12: a withdrawal given on the duplicate holds).
    const statesOf = (personId: string) =>
      tx
        .select({ purpose: consentStates.purpose, channel: consentStates.channel, granted: consentStates.granted })
        .from(consentStates)
        .where(eq(consentStates.personId, personId));
    const keptStates = await statesOf(keep.row.id);
    const movedConsents = await tx
      .update(consentEvents)
      .set({ personId: keep.row.id })
      .where(eq(consentEvents.personId, merged.row.id))
      .returning({ id: consentEvents.id });
    await tx.delete(consentStates).where(eq(consentStates.personId, merged.row.id));
    if (movedConsents.length > 0) {
      await tx.execute(sql`insert into consent_states (person_id, purpose, channel, granted, since, event_id)
        select distinct on (purpose, channel) person_id, purpose, channel, granted, recorded_at, id
          from consent_events where person_id = ${keep.row.id}
         order by purpose, channel, recorded_at desc, id desc
        on conflict (person_id, purpose, channel) do update
          set granted = excluded.granted, since = excluded.since, event_id = excluded.event_id`);
    }
    const mergedStates = movedConsents.length > 0 ? await statesOf(keep.row.id) : keptStates;
    const wasGranted = (purpose: string, channel: string) =>
      keptStates.find((k) => k.purpose === purpose && k.channel === channel)?.granted;
    const changedStates = mergedStates.filter((m) => wasGranted(m.purpose, m.channel) !== m.granted);
    const phones = [...keep.phones, ...merged.phones.filter((p) => !keep.phones.includes(p))];
    // The merged record keeps its phones (out of lookup as merged): a re-import still recognises it.
    await savePhones(tx, keep.row.id, phones);
    await tx
      .update(people)
      .set({
        ...fill,
        lastInteractionAt: sql`greatest(${people.lastInteractionAt}, ${merged.row.lastInteractionAt?.toISOString() ?? null}::timestamptz)`,
        version: sql`${people.version} + 1`,
        updatedAt: now,
      })
      .where(eq(people.id, keep.row.id));
    await tx
      .update(people)
      .set({ mergedIntoId: keep.row.id, version: sql`${people.version} + 1`, updatedAt: now })
      .where(eq(people.id, merged.row.id));
    // A consent the merge withdrew acts as a withdrawal does: the campaign messages still waiting for her on
    // that channel stop, and the SMS opt-out follows the reminders' answer.
    for (const state of changedStates) {
      if (!state.granted) {
        const { purpose, channel } = state as { purpose: ConsentPurpose; channel: ConsentChannel };
        await stopCampaignMessages(tx, now, { personId: keep.row.id, purpose, channel });
      }
      if (state.purpose === "reminders" && state.channel === "sms") {
        await syncSmsOptOut(tx, ctx.clock, ctx.actor, keep.row.id, state.granted);
      }
    }
    // Still a possible duplicate only if another record than the one merged matches it.
    const others = await findDuplicates(tx, {
      phones,
      lastNameKey: keep.row.lastNameKey,
      firstNameKey: keep.row.firstNameKey,
      birthDate: keep.row.birthDate ?? fill.birthDate ?? null,
      excludeId: keep.row.id,
    });
    await tx
      .update(people)
      .set({ possibleDuplicate: others.length > 0 })
      .where(eq(people.id, keep.row.id));
    const after = await loadPerson(tx, keep.row.id, "prospect");
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "prospect.merge",
      entityType: "prospect",
      entityId: keep.row.id,
      before: { kept: auditPerson(keep.row, keep.phones), merged: auditPerson(merged.row, merged.phones) },
      after: {
        kept: auditPerson(after.row, after.phones),
        mergedId: merged.row.id,
        movedInteractions: movedInteractions.map((i) => i.id),
        movedAppointments: movedAppointments.map((a) => a.id),
        movedQuotes: movedQuotes.map((q) => q.id),
        movedCalls: movedCalls.map((c) => c.id),
        movedMessages: movedMessages.map((m) => m.id),
        movedEmails: movedEmails.map((e) => e.id),
        movedSms: movedSms.map((m) => m.id),
        movedSmsReplies: movedSmsReplies.map((r) => r.id),
        movedConsentEvents: movedConsents.map((c) => c.id),
        consentsChanged: changedStates,
      },
    });
    return presentPerson(after.row, after.phones, settings, now);
  });
}
