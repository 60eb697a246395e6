import { and, desc, eq } from "drizzle-orm";
import {
  CONSENT_CHANNELS,
  CONSENT_PURPOSES,
  CONSENT_WORDINGS,
  type ConsentChannel,
  type ConsentPurpose,
  type ConsentSource,
  STAFF_CONSENT_SOURCES,
} from "../../../shared/consents.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { consentEvents, consentStates, users } from "../../db/schema/index.ts";
import { fieldError } from "../../http/errors.ts";
import type {
  ConsentEntryView,
  ConsentRegisterView,
  ConsentWordingsView,
  RecordConsentInput,
} from "./consent.schema.ts";
import { loadConsentPerson } from "./consent-person.ts";
import { presentConsentEntry } from "./present.ts";
import { recordConsent } from "./record-consent.ts";

const order = (purpose: string, channel: string) =>
  CONSENT_PURPOSES.indexOf(purpose as ConsentPurpose) * CONSENT_CHANNELS.length +
  CONSENT_CHANNELS.indexOf(channel as ConsentChannel);

/** A person's consent register (loi 2008-12): where she stands per purpose and channel, and every entry. */
export async function getConsentRegister(ctx: Ctx, personId: string): Promise<ConsentRegisterView> {
  authorize(ctx.actor, "people.read");
  const { db } = ctx.database;
  await loadConsentPerson(db, personId);
  const current = await db
    .select({
      purpose: consentStates.purpose,
      channel: consentStates.channel,
      granted: consentStates.granted,
      since: consentStates.since,
      source: consentEvents.source,
    })
    .from(consentStates)
    .innerJoin(consentEvents, eq(consentEvents.id, consentStates.eventId))
    .where(eq(consentStates.personId, personId));
  const history = await db
    .select({ event: consentEvents, firstName: users.firstName, lastName: users.lastName })
    .from(consentEvents)
    .leftJoin(users, eq(users.id, consentEvents.recordedBy))
    .where(eq(consentEvents.personId, personId))
    .orderBy(desc(consentEvents.recordedAt));
  return {
    current: current
      .sort((a, b) => order(a.purpose, a.channel) - order(b.purpose, b.channel))
      .map((s) => ({
        purpose: s.purpose as ConsentPurpose,
        channel: s.channel as ConsentChannel,
        granted: s.granted,
        since: s.since.toISOString(),
        source: s.source as ConsentSource,
      })),
    history: history.map((r) => presentConsentEntry(r.event, r)),
  };
}

/**
 * Records what a person said about one purpose and channel, as a staff member heard it: a new entry of her
 * history (nothing overwritten), her current state, the audit. The wording stored is the register's, the one
 * the form showed. The unsubscribe link and the STOP reply are Relais's own sources (422 naming `source`).
 */
export async function addConsent(ctx: Ctx, personId: string, input: RecordConsentInput): Promise<ConsentEntryView> {
  authorize(ctx.actor, "consents.write");
  if (!(STAFF_CONSENT_SOURCES as readonly string[]).includes(input.source)) {
    throw fieldError("consent_source_system_only", "source");
  }
  return ctx.database.db.transaction(async (tx) => {
    await loadConsentPerson(tx, personId, { forWrite: true });
    const { id } = await recordConsent(tx, ctx.clock, ctx.actor, {
      personId,
      purpose: input.purpose,
      channel: input.channel,
      granted: input.granted,
      source: input.source,
      note: input.note || null,
    });
    const [row] = await tx
      .select({ event: consentEvents, firstName: users.firstName, lastName: users.lastName })
      .from(consentEvents)
      .leftJoin(users, eq(users.id, consentEvents.recordedBy))
      .where(and(eq(consentEvents.id, id), eq(consentEvents.personId, personId)));
    if (!row) throw new Error("the consent just recorded is missing");
    return presentConsentEntry(row.event, row);
  });
}

/** The wordings the register stores with each entry, by purpose: the form shows exactly these. */
export function consentWordings(ctx: Ctx): ConsentWordingsView {
  authorize(ctx.actor, "people.read");
  return { wordings: { ...CONSENT_WORDINGS } };
}
