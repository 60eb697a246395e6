/**
 * Tests only: campaign fixtures (segments, consents, people in bulk) and a reader of the received
 * campaign e-mails (HTML part, headers, the token of the unsubscribe link).
 */
import { sql } from "drizzle-orm";
import type { ConsentChannel, ConsentPurpose } from "../../../shared/consents.ts";
import type { SegmentFilter } from "../../../shared/segments.ts";
import type { Ctx } from "../../context.ts";
import { segments } from "../../db/schema/index.ts";
import { recordConsent } from "../consents/record-consent.ts";
import { leaves, type ReceivedMail, readMail } from "../mail/test-smtp.ts";
import { getSettings, updateSettings } from "../settings/settings.ts";
import type { Settings } from "../settings/settings.schema.ts";

export const PUBLIC_BASE = "https://relais.nest.sn";

/** Changes some settings (the public address, the campaigns' section). */
export async function changeSettings(system: Ctx, change: (s: Settings) => Settings): Promise<void> {
  const { version, settings } = await getSettings(system);
  await updateSettings(system, { version, settings: change(settings) });
}

export async function useCampaignSettings(system: Ctx, campaigns: Partial<Settings["campaigns"]> = {}) {
  await changeSettings(system, (s) => ({
    ...s,
    surveys: { ...s.surveys, publicBaseUrl: `${PUBLIC_BASE}/` },
    campaigns: { ...s.campaigns, ...campaigns },
  }));
}

export async function buildSegment(system: Ctx, filter: SegmentFilter = {}, name = "Toutes les patientes") {
  const now = system.clock.now();
  const [row] = await system.database.db
    .insert(segments)
    .values({ name, filter, createdAt: now, updatedAt: now })
    .returning({ id: segments.id });
  if (!row) throw new Error("no segment");
  return row.id;
}

export async function grant(
  system: Ctx,
  personId: string,
  channel: ConsentChannel = "email",
  purpose: ConsentPurpose = "newsletter",
  granted = true,
) {
  await system.database.db.transaction((tx) =>
    recordConsent(tx, system.clock, system.actor, { personId, purpose, channel, granted, source: "call" }),
  );
}

/** Every consent forgotten: each test starts from nobody who agreed (the base is shared by the file). */
export async function forgetConsents(system: Ctx) {
  await system.database.db.execute(sql`delete from consent_states`);
}

/**
 * `count` patients, each with her own address (`prefix`N@example.sn) and a granted newsletter consent by
 * e-mail, written in a few statements (fast enough for 10,000).
 */
export async function bulkPatients(system: Ctx, count: number, prefix: string): Promise<void> {
  const now = system.clock.now();
  await system.database.db.execute(sql`
    with made as (
      insert into people (kind, last_name, first_name, last_name_key, first_name_key, email, created_at, updated_at)
      select 'patient', 'Ndiaye', 'Awa' || n, 'ndiaye', 'awa' || n, ${prefix} || n || '@example.sn', ${now}, ${now}
        from generate_series(1, ${count}) as n
      returning id
    ), events as (
      insert into consent_events (person_id, purpose, channel, granted, source, wording, recorded_at)
      select id, 'newsletter', 'email', true, 'import', 'J''accepte', ${now} from made
      returning id, person_id
    )
    insert into consent_states (person_id, purpose, channel, granted, since, event_id)
    select person_id, 'newsletter', 'email', true, ${now}, id from events`);
}

/** What a mail client shows of a campaign e-mail. */
export function readCampaignMail(mail: ReceivedMail) {
  const read = readMail(mail);
  const html = leaves(mail.message).find((p) => (p.headers["content-type"] ?? "").startsWith("text/html"));
  const headers = mail.message.headers;
  const unsubscribe = /<(https:\/\/[^>]+\/u\/([A-Za-z0-9_-]+))>/.exec(headers["list-unsubscribe"] ?? "");
  return {
    ...read,
    html: html ? html.body.toString("utf8") : "",
    listUnsubscribe: headers["list-unsubscribe"] ?? "",
    listUnsubscribePost: headers["list-unsubscribe-post"] ?? "",
    unsubscribeUrl: unsubscribe?.[1] ?? "",
    token: unsubscribe?.[2] ?? "",
  };
}
