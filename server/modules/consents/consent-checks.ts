import { and, eq } from "drizzle-orm";
import type { ConsentChannel, ConsentPurpose } from "../../../shared/consents.ts";
import type { Executor } from "../../db/client.ts";
import { consentStates, people } from "../../db/schema/index.ts";

async function stateOf(tx: Executor, personId: string, purpose: ConsentPurpose, channel: ConsentChannel) {
  const [state] = await tx
    .select({ granted: consentStates.granted })
    .from(consentStates)
    .where(
      and(eq(consentStates.personId, personId), eq(consentStates.purpose, purpose), eq(consentStates.channel, channel)),
    );
  return state ?? null;
}

/**
 * A promotional message (newsletter, offers and events) may go to her on this channel: only when she granted
 * it, and has not withdrawn it since. Never asked is no.
 */
export async function consentGranted(
  tx: Executor,
  personId: string,
  purpose: ConsentPurpose,
  channel: ConsentChannel,
): Promise<boolean> {
  return (await stateOf(tx, personId, purpose, channel))?.granted === true;
}

/**
 * A service message (appointment and vaccine reminders) may go to her on this channel: unless she refused it.
 * By SMS, the record's « Ne souhaite pas recevoir de SMS » (set before the register existed, or by a STOP) is a
 * refusal too.
 */
export async function serviceAllowed(
  tx: Executor,
  personId: string,
  purpose: ConsentPurpose,
  channel: ConsentChannel,
): Promise<boolean> {
  if ((await stateOf(tx, personId, purpose, channel))?.granted === false) return false;
  if (channel !== "sms") return true;
  const [person] = await tx.select({ optOutAt: people.smsOptOutAt }).from(people).where(eq(people.id, personId));
  return !person?.optOutAt;
}

/** Where she stands now on one purpose and channel: true, false, or null when never asked. */
export async function consentState(
  tx: Executor,
  personId: string,
  purpose: ConsentPurpose,
  channel: ConsentChannel,
): Promise<boolean | null> {
  return (await stateOf(tx, personId, purpose, channel))?.granted ?? null;
}
