import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Clock } from "../../clock.ts";
import type { Actor } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { people } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { consentState } from "./consent-checks.ts";
import { recordConsent } from "./record-consent.ts";

/**
 * Keeps the record's « Ne souhaite pas recevoir de SMS » (people.sms_opt_out_at, which the SMS senders read)
 * in step with the register's reminders by SMS: withdrawn sets it (source record) when not set yet, granted
 * clears it (a STOP too: she told the staff she wants them again). Bumps the record's version when it changes.
 */
export async function syncSmsOptOut(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  personId: string,
  granted: boolean,
): Promise<void> {
  const now = clock.now();
  const changed = await tx
    .update(people)
    .set(
      granted
        ? { smsOptOutAt: null, smsOptOutSource: null, updatedAt: now, version: sql`${people.version} + 1` }
        : { smsOptOutAt: now, smsOptOutSource: "record", updatedAt: now, version: sql`${people.version} + 1` },
    )
    .where(and(eq(people.id, personId), granted ? isNotNull(people.smsOptOutAt) : isNull(people.smsOptOutAt)))
    .returning({ id: people.id });
  if (changed.length === 0) return;
  await recordAudit(tx, clock, actor, {
    action: granted ? "person.sms_opt_in" : "person.sms_opt_out",
    entityType: "person",
    entityId: personId,
    after: granted ? { smsOptOutAt: null, smsOptOutSource: null } : { smsOptOutAt: now, smsOptOutSource: "record" },
  });
}

/**
 * The record's « Ne souhaite pas recevoir de SMS » ticked or unticked by a staff member (create or edit): the
 * register's reminders by SMS follow (source record), written only when it says otherwise already. Unticked
 * on someone never asked writes nothing: reminders are sent unless refused.
 */
export async function recordSmsOptOutChoice(
  tx: Executor,
  ctx: { clock: Clock; actor: Actor },
  personId: string,
  smsOptOut: boolean | undefined,
): Promise<void> {
  if (smsOptOut === undefined) return;
  const state = await consentState(tx, personId, "reminders", "sms");
  if (smsOptOut ? state === false : state !== false) return;
  await recordConsent(tx, ctx.clock, ctx.actor, {
    personId,
    purpose: "reminders",
    channel: "sms",
    granted: !smsOptOut,
    source: "record",
  });
}
