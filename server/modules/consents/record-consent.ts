import { sql } from "drizzle-orm";
import {
  CONSENT_WORDINGS,
  type ConsentChannel,
  type ConsentPurpose,
  type ConsentSource,
} from "../../../shared/consents.ts";
import type { Clock } from "../../clock.ts";
import type { Actor } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { consentEvents, consentStates } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { syncSmsOptOut } from "./sms-opt-out.ts";

export interface ConsentEntry {
  personId: string;
  purpose: ConsentPurpose;
  channel: ConsentChannel;
  granted: boolean;
  source: ConsentSource;
  /** What she was shown or read; by default the register's wording of the purpose. */
  wording?: string;
  note?: string | null;
}

/**
 * Records one consent granted or withdrawn, in the caller's transaction: a new entry of the history (nothing
 * overwritten), the person's current state for that purpose and channel, and the audit event. Every writer
 * of consents (the API, the 36 SA call, the entry interview, an unsubscribe link, a STOP reply) comes here.
 * Reminders by SMS also set or clear the record's « Ne souhaite pas recevoir de SMS », which the senders read.
 */
export async function recordConsent(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  entry: ConsentEntry,
): Promise<{ id: string; recordedAt: Date }> {
  const recordedAt = clock.now();
  const wording = entry.wording ?? CONSENT_WORDINGS[entry.purpose];
  const [event] = await tx
    .insert(consentEvents)
    .values({
      personId: entry.personId,
      purpose: entry.purpose,
      channel: entry.channel,
      granted: entry.granted,
      source: entry.source,
      wording,
      note: entry.note ?? null,
      recordedAt,
      recordedBy: actor.type === "user" ? actor.id : null,
    })
    .returning({ id: consentEvents.id });
  if (!event) throw new Error("consent insert returned no row");
  await tx
    .insert(consentStates)
    .values({
      personId: entry.personId,
      purpose: entry.purpose,
      channel: entry.channel,
      granted: entry.granted,
      since: recordedAt,
      eventId: event.id,
    })
    .onConflictDoUpdate({
      target: [consentStates.personId, consentStates.purpose, consentStates.channel],
      set: { granted: sql`excluded.granted`, since: sql`excluded.since`, eventId: sql`excluded.event_id` },
      // Two writers at once (an unsubscribe link, a desk): the state is the newest entry, whatever commits last.
      setWhere: sql`excluded.since >= ${consentStates.since}`,
    });
  await recordAudit(tx, clock, actor, {
    action: entry.granted ? "consent.grant" : "consent.withdraw",
    entityType: "person",
    entityId: entry.personId,
    after: { purpose: entry.purpose, channel: entry.channel, granted: entry.granted, source: entry.source },
  });
  if (entry.purpose === "reminders" && entry.channel === "sms") {
    await syncSmsOptOut(tx, clock, actor, entry.personId, entry.granted);
  }
  return { id: event.id, recordedAt };
}
