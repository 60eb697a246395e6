import { CONSENT_CHANNELS, type ConsentChannel, type ConsentSource } from "../../../shared/consents.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { consentState } from "./consent-checks.ts";
import { recordConsent } from "./record-consent.ts";

/** What a form's newsletter question said, per channel: granted (true), withdrawn (false), or nothing. */
export type NewsletterAnswer = Partial<Record<ConsentChannel, boolean>>;

/**
 * The answer of a form that asks « souhaite-t-elle recevoir les newsletters, par quel moyen ? »: yes → granted
 * on each channel chosen; no → withdrawn on every channel; undecided (or not asked) → nothing.
 */
export function newsletterAnswer(
  wish: "yes" | "no" | "undecided" | undefined,
  channels: readonly ConsentChannel[] | undefined,
): NewsletterAnswer {
  if (wish === "no") return Object.fromEntries(CONSENT_CHANNELS.map((c) => [c, false]));
  if (wish === "yes") return Object.fromEntries((channels ?? []).map((c) => [c, true]));
  return {};
}

/**
 * Writes a form's newsletter answer in the register, in the form's transaction. Given the answer the form
 * held before (a correction), only what changed is recorded (and not what the register already says); a grant
 * the correction takes back is withdrawn (she did not give it), a refusal it takes back stays (asking again is
 * the way to lift it).
 */
export async function recordNewsletterAnswer(
  tx: Executor,
  ctx: Pick<Ctx, "clock" | "actor">,
  personId: string,
  source: ConsentSource,
  answer: NewsletterAnswer,
  before?: NewsletterAnswer,
): Promise<number> {
  let recorded = 0;
  for (const channel of CONSENT_CHANNELS) {
    const now = answer[channel];
    const was = before?.[channel];
    let granted: boolean | undefined;
    if (now !== undefined && now !== was) granted = now;
    else if (now === undefined && was === true) granted = false;
    if (granted === undefined) continue;
    // A correction writes nothing the register already says.
    if (before && (await consentState(tx, personId, "newsletter", channel)) === granted) continue;
    await recordConsent(tx, ctx.clock, ctx.actor, {
      personId,
      purpose: "newsletter",
      channel,
      granted,
      source,
      note: before ? "Réponse corrigée" : null,
    });
    recorded += 1;
  }
  return recorded;
}
