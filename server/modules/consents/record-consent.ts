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
  if (!entry.granted) await stopCampaignMessages(tx, recordedAt, entry);
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

/**
 * A withdrawal stops what a campaign of that purpose still has waiting for her on that channel: an e-mail
 * not yet sent (waiting for a retry, or for the mail server) fails, an SMS waiting for the morning is
 * cancelled, and her recipient lines say why. What is being sent at this instant leaves.
 */
export async function stopCampaignMessages(
  tx: Executor,
  now: Date,
  entry: Pick<ConsentEntry, "personId" | "purpose" | "channel">,
): Promise<void> {
  if (entry.purpose !== "newsletter" && entry.purpose !== "offers_events") return;
  const mine = sql`cr.person_id = ${entry.personId} and cr.channel = ${entry.channel}
    and cr.campaign_id in (select id from campaigns where purpose = ${entry.purpose})`;
  if (entry.channel === "email") {
    await tx.execute(sql`
      with stopped as (
        update outbox_emails e set status = 'failed', last_error = ${WITHDRAWN_ERROR}
        from campaign_recipients cr
        where e.id = cr.outbox_email_id and cr.status = 'queued' and e.status = 'pending' and ${mine}
        returning e.id)
      update campaign_recipients cr set status = 'skipped', reason = 'consent_withdrawn'
      where ${mine} and (cr.status = 'pending' or cr.outbox_email_id in (select id from stopped))`);
  } else if (entry.channel === "sms") {
    await tx.execute(sql`
      with stopped as (
        update sms_messages s set status = 'cancelled', cancelled_at = ${now}, reason = 'consent_withdrawn'
        from campaign_recipients cr
        where s.id = cr.sms_message_id and cr.status = 'queued' and s.status = 'queued' and ${mine}
        returning s.id)
      update campaign_recipients cr set status = 'skipped', reason = 'consent_withdrawn'
      where ${mine} and (cr.status = 'pending' or cr.sms_message_id in (select id from stopped))`);
  }
}

const WITHDRAWN_ERROR = "Consentement retiré avant l'envoi : non envoyé";
