import { and, eq, isNull, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { CampaignPurpose } from "../../../shared/campaigns.ts";
import { type Services, systemActor } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { campaignClicks, campaignLinks, campaignRecipients, campaigns } from "../../db/schema/index.ts";
import { acceptFormFields, PUBLIC_ROUTE, sendPage } from "../../http/public-page.ts";
import { hashToken } from "../auth/tokens.ts";
import { recordConsent } from "../consents/record-consent.ts";
import { readSettings } from "../settings/settings.ts";
import { escapeHtml, purposeWords } from "./render.ts";

/**
 * The pages a campaign's links open, without login (loi 2008-12: a free opt-out in every message):
 * `/u/:token` to unsubscribe (a page, then a form POST; RFC 8058's one-click POST from the mail client)
 * and `/c/:token/:linkId` for a counted link. The token (256 bits) is known only to the message's
 * recipient; only its SHA-256 is stored. Plain HTML, no script.
 */
const STYLE = `body{font-family:system-ui,sans-serif;margin:0;padding:16px;max-width:600px;margin:auto;color:#222;line-height:1.4}
h1{font-size:1.3em;color:#7a2a5a}button{font-size:1.1em;padding:12px 20px;background:#7a2a5a;color:#fff;border:0;border-radius:8px;width:100%}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

const UNKNOWN = page(
  "Lien non valide",
  "<h1>Ce lien n'est pas valide</h1><p>Il est peut-être incomplet : vérifiez qu'il a été copié en entier.</p><p>Pour ne plus recevoir nos messages, vous pouvez aussi appeler la clinique.</p>",
);

const channelWords = (channel: string) => (channel === "sms" ? "par SMS" : "par e-mail");

interface Found {
  recipientId: string;
  personId: string | null;
  /** The address the message went to (lower-case e-mail, or E.164). */
  address: string;
  channel: "email" | "sms";
  purpose: CampaignPurpose;
  unsubscribedAt: Date | null;
  trackClicks: boolean;
  campaignId: string;
}

/** The recipient a token names, if any. */
async function byToken(executor: Executor, token: string): Promise<Found | undefined> {
  if (!/^[A-Za-z0-9_-]{40,100}$/.test(token)) return undefined;
  const [row] = await executor
    .select({
      recipientId: campaignRecipients.id,
      personId: campaignRecipients.personId,
      address: campaignRecipients.address,
      channel: campaignRecipients.channel,
      unsubscribedAt: campaignRecipients.unsubscribedAt,
      purpose: campaigns.purpose,
      trackClicks: campaigns.trackClicks,
      campaignId: campaigns.id,
    })
    .from(campaignRecipients)
    .innerJoin(campaigns, eq(campaigns.id, campaignRecipients.campaignId))
    .where(eq(campaignRecipients.unsubscribeTokenHash, hashToken(token)));
  return row
    ? { ...row, channel: row.channel as Found["channel"], purpose: row.purpose as CampaignPurpose }
    : undefined;
}

/**
 * Who the withdrawal is for, among the live records (not merged, not anonymised) that have not withdrawn yet:
 * the record the message went to, or the one it was merged into since; and every other record with the same
 * address (duplicates sharing it), whose consent would otherwise bring the address back in the next campaign.
 */
async function holdersOf(tx: Executor, found: Found): Promise<string[]> {
  const sameAddress =
    found.channel === "email"
      ? sql`lower(btrim(p.email)) = ${found.address}`
      : sql`exists (select 1 from person_phones ph where ph.person_id = p.id and ph.e164 = ${found.address})`;
  const result = await tx.execute(sql`
    with recursive chain(id, merged_into_id, depth) as (
      select id, merged_into_id, 0 from people where id = ${found.personId}
      union all
      select p.id, p.merged_into_id, c.depth + 1 from chain c join people p on p.id = c.merged_into_id where c.depth < 20
    )
    select p.id from people p
    where p.merged_into_id is null and p.anonymized_at is null
      and (p.id in (select id from chain) or ${sameAddress})
      and not exists (
        select 1 from consent_states s
        where s.person_id = p.id and s.purpose = ${found.purpose} and s.channel = ${found.channel} and not s.granted)`);
  return (result as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
}

/**
 * Withdraws the campaign's purpose on the message's channel (consent source `unsubscribe_link`) and marks
 * the recipient unsubscribed, once: a second POST changes nothing.
 */
export async function unsubscribe(services: Services, token: string): Promise<Found | undefined> {
  const { settings } = await readSettings(services.database.db);
  return services.database.db.transaction(async (tx) => {
    const found = await byToken(tx, token);
    if (!found) return undefined;
    const [first] = await tx
      .update(campaignRecipients)
      .set({ unsubscribedAt: services.clock.now() })
      .where(and(eq(campaignRecipients.id, found.recipientId), isNull(campaignRecipients.unsubscribedAt)))
      .returning({ id: campaignRecipients.id });
    if (!first) return found;
    for (const personId of await holdersOf(tx, found)) {
      await recordConsent(tx, services.clock, systemActor("lien de désinscription"), {
        personId,
        purpose: found.purpose,
        channel: found.channel,
        granted: false,
        source: "unsubscribe_link",
        wording: `Se désinscrire : ne plus recevoir ${purposeWords(found.purpose, settings.clinicName)} ${channelWords(found.channel)}.`,
      });
    }
    return found;
  });
}

/** GET and POST /u/:token, GET /c/:token/:linkId, in their own scope (the form's body is read only here). */
export function campaignPublicRoutes(app: FastifyInstance, services: Services): void {
  app.register(async (scope) => {
    acceptFormFields(scope, 4096);

    scope.get<{ Params: { token: string } }>("/u/:token", { config: PUBLIC_ROUTE }, async (request, reply) => {
      const found = await byToken(services.database.db, request.params.token);
      if (!found) return sendPage(reply, 404, UNKNOWN);
      const { settings } = await readSettings(services.database.db);
      const what = `${purposeWords(found.purpose, settings.clinicName)} ${channelWords(found.channel)}`;
      if (found.unsubscribedAt) return sendPage(reply, 200, confirmation(what));
      return sendPage(
        reply,
        200,
        page(
          "Se désinscrire",
          `<h1>Se désinscrire</h1><p>Vous ne recevrez plus ${escapeHtml(what)}.</p>
<p>Confirmez en appuyant sur le bouton ci-dessous. C'est gratuit, et vous pourrez vous réinscrire à tout moment auprès de la clinique.</p>
<form method="post"><button type="submit">Confirmer ma désinscription</button></form>`,
        ),
      );
    });

    scope.post<{ Params: { token: string }; Body: unknown }>(
      "/u/:token",
      { config: PUBLIC_ROUTE },
      async (request, reply) => {
        const body = request.body as Record<string, unknown> | undefined;
        const oneClick = body?.["List-Unsubscribe"] === "One-Click";
        const found = await unsubscribe(services, request.params.token);
        if (!found) return sendPage(reply, 404, UNKNOWN);
        // RFC 8058: the mail client posts for her; a 200 is all it reads.
        if (oneClick) return reply.status(200).header("cache-control", "no-store").send("");
        const { settings } = await readSettings(services.database.db);
        return sendPage(
          reply,
          200,
          confirmation(`${purposeWords(found.purpose, settings.clinicName)} ${channelWords(found.channel)}`),
        );
      },
    );

    scope.get<{ Params: { token: string; linkId: string } }>(
      "/c/:token/:linkId",
      { config: PUBLIC_ROUTE },
      async (request, reply) => {
        const { token, linkId } = request.params;
        const url = await recordClick(services, token, linkId);
        if (!url) return sendPage(reply, 404, UNKNOWN);
        return reply.status(302).header("cache-control", "no-store").redirect(url);
      },
    );
  });
}

function confirmation(what: string): string {
  return page(
    "Désinscription confirmée",
    `<h1>Vous êtes désinscrite</h1><p>Votre demande est enregistrée : vous ne recevrez plus ${escapeHtml(what)}.</p><p>Vous pouvez vous réinscrire à tout moment auprès de la clinique.</p>`,
  );
}

/** Counts a click on a campaign's link (once per recipient and link, plus a counter) and gives its address. */
async function recordClick(services: Services, token: string, linkId: string): Promise<string | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(linkId)) return undefined;
  return services.database.db.transaction(async (tx) => {
    const found = await byToken(tx, token);
    if (!found?.trackClicks) return undefined;
    const [link] = await tx
      .select({ url: campaignLinks.url })
      .from(campaignLinks)
      .where(and(eq(campaignLinks.id, linkId), eq(campaignLinks.campaignId, found.campaignId)));
    if (!link) return undefined;
    const now = services.clock.now();
    await tx
      .insert(campaignClicks)
      .values({ recipientId: found.recipientId, linkId, firstAt: now, clicks: 1 })
      .onConflictDoUpdate({
        target: [campaignClicks.recipientId, campaignClicks.linkId],
        set: { clicks: sql`${campaignClicks.clicks} + 1` },
      });
    await tx
      .update(campaignRecipients)
      .set({ firstClickedAt: now })
      .where(and(eq(campaignRecipients.id, found.recipientId), isNull(campaignRecipients.firstClickedAt)));
    return link.url;
  });
}
