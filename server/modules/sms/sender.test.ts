import { asc } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { smsMessages } from "../../db/schema/index.ts";
import { createTestApp, type TestApp } from "../../test/app.ts";
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, type FakeOrange, startFakeOrange } from "./providers/fake-orange.ts";
import { createOrangeProvider } from "./providers/orange.ts";
import type { SmsProvider } from "./providers/provider.ts";
import { processSmsOutbox, smsProviderPausedUntil } from "./sender.ts";

// Dakar is UTC+0 all year: 10:00Z is 10:00 at the clinic; SMS go between 08:00 and 21:00.
let fake: FakeOrange;
let t: TestApp;

beforeAll(async () => {
  fake = await startFakeOrange();
  t = await createTestApp({ now: "2026-12-07T10:00:00Z", config: { smsRatePerSecond: 1000 } });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});
beforeEach(async () => {
  await t.services.database.db.delete(smsMessages);
  fake.latencyMs = 0;
  fake.rateLimitPerSecond = undefined;
});

/** A provider of its own for each test: its pacer, and so its pauses, are its own. */
const orange = (timeoutMs = 10_000) =>
  createOrangeProvider({
    baseUrl: fake.url,
    clientId: FAKE_CLIENT_ID,
    clientSecret: FAKE_CLIENT_SECRET,
    sender: "221770000000",
    clock: t.clock,
    timeoutMs,
  });

let phoneCounter = 0;

/** `count` SMS due now, in this order (created a second apart). */
async function queueSms(count: number) {
  const now = t.clock.now().getTime();
  return t.services.database.db
    .insert(smsMessages)
    .values(
      Array.from({ length: count }, (_, i) => ({
        kind: "other",
        toPhone: `+22177${String(10_000_000 + ++phoneCounter).slice(1)}`,
        text: `Message ${i + 1}`,
        encoding: "GSM-7",
        segments: 1,
        nextAttemptAt: new Date(now),
        createdAt: new Date(now - (count - i) * 1000),
      })),
    )
    .returning();
}

const outbox = () =>
  t.services.database.db.select().from(smsMessages).orderBy(asc(smsMessages.createdAt), asc(smsMessages.id));
const sendRequests = () => fake.requests.filter((r) => r.url.startsWith("/smsmessaging/")).length;
/** As the sender left an SMS it never began: back in the queue, no try counted, no reason. */
const untouched = (nextAttemptAt: Date) => ({
  status: "queued",
  attempts: 0,
  reason: null,
  claimedUntil: null,
  sendStartedAt: null,
  nextAttemptAt,
});

describe("a provider that said « trop de requêtes »", () => {
  it("gets nothing from any pass of the process until its Retry-After, then 60 s when it gives none", async () => {
    t.clock.set("2026-12-07T10:00:00Z");
    const provider = orange();
    await queueSms(3);
    fake.failNext("429"); // Retry-After: 2
    const limited = await processSmsOutbox(t.services, provider, { concurrency: 1 });
    expect(limited).toMatchObject({ sent: 0, retrying: 1 });
    const [refused, ...others] = await outbox();
    expect(refused).toMatchObject({ status: "queued", attempts: 1, nextAttemptAt: new Date("2026-12-07T10:01:00Z") });
    expect(others).toEqual([
      expect.objectContaining(untouched(new Date("2026-12-07T10:00:00Z"))),
      expect.objectContaining(untouched(new Date("2026-12-07T10:00:00Z"))),
    ]);
    expect(smsProviderPausedUntil(provider, t.clock.now())).toEqual(new Date("2026-12-07T10:00:02Z"));

    // Another pass of the process (an admin's « Envoyer maintenant », its own context): nothing claimed, nothing sent.
    const requestsBefore = sendRequests();
    t.clock.set("2026-12-07T10:00:01Z");
    expect(await processSmsOutbox({ ...t.services }, provider)).toMatchObject({ sent: 0, retrying: 0 });
    expect(sendRequests()).toBe(requestsBefore);
    expect((await outbox()).map((m) => [m.status, m.claimedUntil])).toEqual([
      ["queued", null],
      ["queued", null],
      ["queued", null],
    ]);

    t.clock.set("2026-12-07T10:00:02Z");
    expect(await processSmsOutbox(t.services, provider)).toMatchObject({ sent: 2 });

    // A 429 without Retry-After: the provider waits a minute.
    await queueSms(1);
    fake.failNext("429-no-retry-after");
    expect(await processSmsOutbox(t.services, provider)).toMatchObject({ sent: 0, retrying: 1 });
    expect(smsProviderPausedUntil(provider, t.clock.now())).toEqual(new Date("2026-12-07T10:01:02Z"));
    t.clock.set("2026-12-07T10:01:01Z");
    expect(await processSmsOutbox(t.services, provider)).toMatchObject({ sent: 0 });
    expect(sendRequests()).toBe(requestsBefore + 3);
    t.clock.set("2026-12-07T10:01:02Z");
    // The first one's back-off (10:01) and the 429's (10:01:02) are over: both go.
    expect(await processSmsOutbox(t.services, provider)).toMatchObject({ sent: 2 });
    expect((await outbox()).map((m) => m.status)).toEqual(["sent", "sent", "sent", "sent"]);
  });
});

describe("a provider that stops answering", () => {
  it("after 3 sends that may have left, stops the pass, gives the others back untouched and pauses 5 minutes", async () => {
    t.clock.set("2026-12-07T11:00:00Z");
    const provider = orange(200);
    await queueSms(6);
    const requestsBefore = sendRequests();
    fake.failNext("hang", 3);
    const run = await processSmsOutbox(t.services, provider, { concurrency: 1 });
    expect(run).toMatchObject({ sent: 0, toCheck: 3, retrying: 0 });
    expect(sendRequests()).toBe(requestsBefore + 3);
    const rows = await outbox();
    expect(rows.slice(0, 3).map((m) => m.status)).toEqual(["to_check", "to_check", "to_check"]);
    for (const row of rows.slice(3)) expect(row).toMatchObject(untouched(new Date("2026-12-07T11:00:00Z")));
    expect(smsProviderPausedUntil(provider, t.clock.now())).toEqual(new Date("2026-12-07T11:05:00Z"));

    t.clock.set("2026-12-07T11:04:59Z");
    expect(await processSmsOutbox(t.services, provider)).toMatchObject({ sent: 0, toCheck: 0 });
    expect(sendRequests()).toBe(requestsBefore + 3);
    t.clock.set("2026-12-07T11:05:00Z");
    expect(await processSmsOutbox(t.services, provider)).toMatchObject({ sent: 3, toCheck: 0 });
    // What may have left is never sent again by itself.
    expect((await outbox()).map((m) => m.status)).toEqual(["to_check", "to_check", "to_check", "sent", "sent", "sent"]);
  });
});

describe("the sending window", () => {
  it("is checked before each send: a pass running past 21:00 leaves the rest for the morning", async () => {
    t.clock.set("2026-12-07T20:59:58Z");
    const orangeProvider = orange();
    // Each answer takes a second by the clinic's clock.
    const provider: SmsProvider = {
      ...orangeProvider,
      async send(message) {
        const outcome = await orangeProvider.send(message);
        t.clock.advance(1000);
        return outcome;
      },
    };
    await queueSms(5);
    const sentBefore = fake.sent.length;
    const run = await processSmsOutbox(t.services, provider, { concurrency: 1 });
    expect(run).toMatchObject({ sent: 2, waiting: 3 });
    expect(fake.sent.length).toBe(sentBefore + 2);
    const rows = await outbox();
    expect(rows.slice(0, 2).map((m) => m.status)).toEqual(["sent", "sent"]);
    for (const row of rows.slice(2)) expect(row).toMatchObject(untouched(new Date("2026-12-08T08:00:00Z")));

    t.clock.set("2026-12-08T08:00:00Z");
    expect(await processSmsOutbox(t.services, provider, { concurrency: 1 })).toMatchObject({ sent: 3 });
  });
});

describe("the flow of sends", () => {
  it("keeps sending while one answer is slow: the other sender goes on with newly claimed SMS", async () => {
    t.clock.set("2026-12-08T10:00:00Z");
    const orangeProvider = orange();
    let openGate: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    let first = true;
    const provider: SmsProvider = {
      ...orangeProvider,
      async send(message) {
        if (first) {
          first = false;
          await gate;
        }
        return orangeProvider.send(message);
      },
    };
    // Two exchanges at once, eight SMS claimed at first: the last four are claimed while the first waits.
    await queueSms(12);
    const sentBefore = fake.sent.length;
    const pass = processSmsOutbox(t.services, provider, { concurrency: 2 });
    await vi.waitFor(() => expect(fake.sent.length).toBe(sentBefore + 11), { timeout: 30_000, interval: 20 });
    openGate();
    expect(await pass).toMatchObject({ sent: 12 });
    expect((await outbox()).every((m) => m.status === "sent" && m.attempts === 1)).toBe(true);
  });

  it("takes no more than its limit: the rest stays queued, untouched", async () => {
    t.clock.set("2026-12-08T11:00:00Z");
    await queueSms(5);
    expect(await processSmsOutbox(t.services, orange(), { concurrency: 2, limit: 3 })).toMatchObject({ sent: 3 });
    const rows = await outbox();
    expect(rows.filter((m) => m.status === "sent")).toHaveLength(3);
    for (const row of rows.filter((m) => m.status !== "sent")) {
      expect(row).toMatchObject(untouched(new Date("2026-12-08T11:00:00Z")));
    }
  });

  it("never goes past the rate, many sends in flight: no 429 from a provider limited just above it", async () => {
    t.clock.set("2026-12-08T12:00:00Z");
    const provider = orange();
    // The token first: sends waiting for it would leave together once it comes, whatever the pacer.
    expect(await provider.send({ to: "+221771234567", text: "Jeton", reference: "warm-up" })).toMatchObject({
      kind: "sent",
    });
    fake.rateLimitPerSecond = 13;
    fake.latencyMs = 50;
    await queueSms(25);
    const requestsBefore = sendRequests();
    const paced = { ...t.services, config: { ...t.services.config, smsRatePerSecond: 10 } };
    const run = await processSmsOutbox(paced, provider, { concurrency: 8 });
    expect(run).toMatchObject({ sent: 25, retrying: 0 });
    expect(sendRequests()).toBe(requestsBefore + 25);
    expect((await outbox()).map((m) => [m.status, m.attempts])).toEqual(Array(25).fill(["sent", 1]));
  });
});
