import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Services, systemActor } from "../../context.ts";
import { openDatabase } from "../../db/client.ts";
import { createTestApp, type TestApp } from "../../test/app.ts";
import { processOutbox, settleDeliveries } from "../mail/sender.ts";
import { startTestSmtp, type TestSmtp } from "../mail/test-smtp.ts";
import { feedCampaigns, runCampaigns } from "./engine.ts";
import { createCampaign, getCampaign, scheduleCampaign } from "./manage-campaigns.ts";
import { buildSegment, bulkPatients, useCampaignSettings } from "./test-support.ts";

/**
 * The test: two instances send one campaign to 10,000 recipients through a real SMTP server, one
 * of them stops half-way and a fresh one takes over: each address receives exactly one e-mail.
 */
const RECIPIENTS = 10_000;

let t: TestApp;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ now: "2026-03-02T09:00:00Z", config: { smtpUrl: smtp.url } });
  await useCampaignSettings(t.system, { ratePerMinute: 6000 });
}, 120_000);
afterAll(async () => {
  await settleDeliveries();
  await t?.close();
  await smtp.close();
});

/** Another server on the same base: on PostgreSQL its own connection pool; PGlite has one connection. */
async function instance(): Promise<{ services: Services; close(): Promise<void> }> {
  const { driver } = t.services.database;
  if (!("url" in driver)) return { services: { ...t.services }, close: async () => {} };
  const database = await openDatabase({ kind: "postgresql", url: driver.url });
  return { services: { ...t.services, database }, close: () => database.close() };
}

/** One instance's work until nothing is left to do this minute: feed the outbox, send it. */
async function work(services: Services, options: { maxBatches?: number; send?: boolean } = {}) {
  let queued = 0;
  let sent = 0;
  for (let round = 0; ; round++) {
    const fed = await feedCampaigns(services, { maxBatches: options.maxBatches ?? 2 });
    queued += fed.queued;
    if (options.send === false) return { queued, sent };
    const run = await processOutbox(services, { limit: 1000, concurrency: 8 });
    sent += run.sent;
    expect(run.failed + run.retrying).toBe(0);
    if (fed.queued === 0 && run.sent === 0) return { queued, sent };
  }
}

describe("two instances and a restart, one campaign to 10,000 recipients", () => {
  it("each address receives exactly one e-mail", async () => {
    await bulkPatients(t.system, RECIPIENTS, "maman");
    const segmentId = await buildSegment(t.system, {});
    const system = { ...t.system, actor: systemActor("test") };
    const campaign = await createCampaign(system, {
      name: "Newsletter",
      purpose: "newsletter",
      channels: ["email"],
      segmentId,
      emailSubject: "Nos conseils, {prenom}",
      emailMarkdown: "Bonjour {prenom},\n\nVoici nos conseils du mois.",
    });
    const started = performance.now();
    const sending = await scheduleCampaign(system, campaign.id, { version: campaign.version });
    expect(sending.stats.recipients).toBe(RECIPIENTS);

    const a = await instance();
    const b = await instance();
    // Minute 1: A hands two batches to the outbox and stops before sending them (a restart); B works on.
    const [fromA, fromB] = await Promise.all([
      work(a.services, { maxBatches: 2, send: false }),
      work(b.services, { maxBatches: 1 }),
    ]);
    await a.close();
    expect(fromA.queued).toBeGreaterThan(0);
    expect(fromA.queued + fromB.queued).toBe(6000);
    // Minute 2: a fresh instance C and B share the rest (and send what A left in the outbox).
    t.clock.advance(61_000);
    const c = await instance();
    const [fromC, fromB2] = await Promise.all([work(c.services), work(b.services)]);
    await c.close();
    await b.close();
    expect(fromC.queued + fromB2.queued).toBe(RECIPIENTS - 6000);
    await runCampaigns(t.services);
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `campaign of ${RECIPIENTS} e-mails on ${t.services.database.kind}: ${seconds.toFixed(1)} s (${Math.round(RECIPIENTS / seconds)}/s)`,
    );

    const addresses = smtp.received.map((m) => m.envelope.to.join(","));
    expect(addresses).toHaveLength(RECIPIENTS);
    expect(new Set(addresses).size).toBe(RECIPIENTS);
    expect(fromB.sent + fromB2.sent + fromC.sent).toBe(RECIPIENTS);
    const view = await getCampaign(system, campaign.id);
    expect(view).toMatchObject({ status: "sent", stats: { recipients: RECIPIENTS, sent: RECIPIENTS, pending: 0 } });
  }, 900_000);
});
