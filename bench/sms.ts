/**
 * SMS channel benchmark, on PostgreSQL, figures printed, never asserted (DESIGN: speed targets are
 * checked by benchmarks that print figures).
 *
 * 1. Outbox: BENCH_SMS_COUNT (default 10,000) reminders falling due at the same minute (appointments of
 *    the next day, reminded the day before at 10:00): the time to queue them, then the time to send
 *    them all through a fake Orange (a real local HTTP server: 150 ms per answer, 429 past 20 sends a
 *    second) with the sender paced under that limit; memory sampled every second, duplicates counted.
 *    At 18 SMS/s, 10,000 reminders take about 9–10 minutes: that is the figure.
 * 2. Queueing a day's reminders on a generated base (BENCH_SMS_PEOPLE, else BENCH_PEOPLE, default
 *    1,000,000 people, with the appointments of bench/followup.ts): target ≤ 2 s; then the same run
 *    again (idempotent: nothing queued).
 *
 * Standalone: `npx tsx bench/sms.ts` (BENCH_SMS_ONLY=outbox or queue for one part); also part of
 * `npm run bench`.
 */
import { pathToFileURL } from "node:url";
import { ManualClock } from "../server/clock.ts";
import { loadConfig } from "../server/config.ts";
import type { Services } from "../server/context.ts";
import { createLogger } from "../server/logger.ts";
import { fakeOrangeProvider, startFakeOrange } from "../server/modules/sms/providers/fake-orange.ts";
import type { SendOutcome, SmsProvider } from "../server/modules/sms/providers/provider.ts";
import { queueDueReminders } from "../server/modules/sms/reminders.ts";
import {
  processSmsOutbox,
  type SmsRun,
  smsProviderPausedUntil,
  smsStatusCounts,
} from "../server/modules/sms/sender.ts";
import { createTestDatabase } from "../server/test/database.ts";
import { addReceptionData } from "./followup.ts";
import { loadPeople } from "./load-people.ts";

const env = process.env;
const POSTGRES_URL = env.BENCH_DATABASE_URL ?? env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const COUNT = Number(env.BENCH_SMS_COUNT ?? 10_000);
const PEOPLE = Number(env.BENCH_SMS_PEOPLE ?? env.BENCH_PEOPLE ?? 1_000_000);
/** The fake Orange's answer time and limit, and the sender's pace (under the limit). */
const LATENCY_MS = 150;
const PROVIDER_LIMIT_PER_SECOND = 20;
const RATE_PER_SECOND = Number(env.BENCH_SMS_RATE ?? 18);
/** Sends in flight (the brief: 4; the sender's own default is ceil(rate / 2)). */
const CONCURRENCY = Number(env.BENCH_SMS_CONCURRENCY ?? 4);
const PASS_LIMIT = 500;
const DAY_MS = 86_400_000;

const fmt = (n: number) => n.toLocaleString("en-US");
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** rss and heapUsed every second: start, max, end. */
function sampleMemory() {
  const first = process.memoryUsage();
  const max = { rss: first.rss, heapUsed: first.heapUsed };
  const take = () => {
    const m = process.memoryUsage();
    max.rss = Math.max(max.rss, m.rss);
    max.heapUsed = Math.max(max.heapUsed, m.heapUsed);
    return m;
  };
  const timer = setInterval(take, 1000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      const last = take();
      return (
        `rss start ${mb(first.rss)}, max ${mb(max.rss)}, end ${mb(last.rss)}; ` +
        `heapUsed start ${mb(first.heapUsed)}, max ${mb(max.heapUsed)}, end ${mb(last.heapUsed)}`
      );
    },
  };
}

/** The provider, counting its outcomes (the fake's request log keeps no status: the 429s are counted here). */
function counting(provider: SmsProvider) {
  const outcomes = { sent: 0, retry: 0, rateLimited: 0, rejected: 0, ambiguous: 0 };
  const wrapped: SmsProvider = {
    name: provider.name,
    simulated: provider.simulated,
    async send(message) {
      const outcome: SendOutcome = await provider.send(message);
      outcomes[outcome.kind] += 1;
      if (outcome.kind === "retry" && /429|too many/i.test(outcome.error)) outcomes.rateLimited += 1;
      return outcome;
    },
  };
  return { provider: wrapped, outcomes };
}

export async function benchSmsOutbox(serverUrl: string = POSTGRES_URL, count: number = COUNT) {
  console.log(`\n## SMS outbox on PostgreSQL: ${fmt(count)} reminders due at the same minute`);
  const day = new Date("2026-03-02T00:00:00Z");
  const clock = new ManualClock(new Date(day.getTime() + 10 * 3_600_000)); // D 10:00Z = 10:00 in Dakar
  const { database, drop } = await createTestDatabase({ serverUrl });
  const fake = await startFakeOrange({ latencyMs: LATENCY_MS, rateLimitPerSecond: PROVIDER_LIMIT_PER_SECOND });
  try {
    const at = new Date(day.getTime() - 7 * DAY_MS).toISOString();
    const tomorrow9 = new Date(day.getTime() + DAY_MS + 9 * 3_600_000).toISOString();
    // Deterministic ids (md5 of the row number), so phones and appointments find their person without a join.
    await database.query(
      `insert into people (id, kind, last_name, first_name, last_name_key, first_name_key, created_at, updated_at)
       select md5('sms-bench-' || g)::uuid, 'patient', 'Diop', 'Awa ' || g, 'diop', 'awa' || g, $2, $2
       from generate_series(1, $1::int) g`,
      [count, at],
    );
    await database.query(
      `insert into person_phones (person_id, e164, position)
       select md5('sms-bench-' || g)::uuid, '+22177' || lpad(g::text, 7, '0'), 0
       from generate_series(1, $1::int) g`,
      [count],
    );
    // Tomorrow between 09:00Z and 17:00Z (a start every minute, round the day again and again).
    await database.query(
      `insert into appointments (person_id, site, starts_at, ends_at, status, created_at, updated_at)
       select md5('sms-bench-' || g)::uuid, 'CLINIQUE', s.at, s.at + interval '30 minutes', 'scheduled', $3, $3
       from generate_series(1, $1::int) g
       cross join lateral (select $2::timestamptz + ((g - 1) % 480) * interval '1 minute' as at) s`,
      [count, tomorrow9, at],
    );
    await database.exec("analyze");

    const config = { ...loadConfig({}), smsRatePerSecond: RATE_PER_SECOND };
    const services: Services = { database, clock, config, logger: createLogger("silent") };

    const queueStart = performance.now();
    const queued = await queueDueReminders(services, clock.now());
    console.log(
      `queueDueReminders as of ${clock.now().toISOString()}: ${fmt(queued.queued)} queued, ${fmt(queued.skipped)} skipped in ${(performance.now() - queueStart).toFixed(0)} ms`,
    );

    const { provider, outcomes } = counting(fakeOrangeProvider(fake, clock, 10_000));
    console.log(
      `sender paced at ${RATE_PER_SECOND} SMS/s (config.smsRatePerSecond), provider limit ${PROVIDER_LIMIT_PER_SECOND}/s, ` +
        `answer time ${LATENCY_MS} ms, concurrency ${CONCURRENCY}, ${PASS_LIMIT} SMS per pass`,
    );

    const memory = sampleMemory();
    const total: SmsRun = { sent: 0, retrying: 0, failed: 0, toCheck: 0, skipped: 0, cancelled: 0, waiting: 0 };
    let passes = 0;
    let advancedMs = 0;
    let stalled = 0;
    const start = performance.now();
    for (;;) {
      const run = await processSmsOutbox(services, provider, { concurrency: CONCURRENCY, limit: PASS_LIMIT });
      passes += 1;
      for (const key of Object.keys(total) as (keyof SmsRun)[]) total[key] += run[key];
      const [left] = await database.query<{ queued: number; due: number; next: string | Date | null }>(
        `select count(*)::int as queued,
                (count(*) filter (where next_attempt_at <= $1))::int as due,
                min(next_attempt_at) as next
           from sms_messages where status = 'queued'`,
        [clock.now().toISOString()],
      );
      if (!left || left.queued === 0) break;
      const pausedUntil = smsProviderPausedUntil(provider, clock.now());
      if (pausedUntil) {
        // The provider is paused for the process (a 429): the clock moves on to the end of the pause.
        const wait = pausedUntil.getTime() - clock.now().getTime();
        clock.advance(wait);
        advancedMs += wait;
      } else if (left.due === 0 && left.next) {
        // Only rows backing off (after a 429) are left: the clock moves on to the first of them.
        const wait = new Date(left.next).getTime() - clock.now().getTime();
        clock.advance(wait);
        advancedMs += wait;
      }
      const progressed = run.sent + run.failed + run.toCheck + run.skipped + run.cancelled + run.retrying;
      stalled = progressed === 0 ? stalled + 1 : 0;
      if (stalled >= 5) {
        console.log(`stopped: 5 passes without progress, ${fmt(left.queued)} still queued`);
        break;
      }
    }
    const seconds = (performance.now() - start) / 1000;
    const memoryLine = memory.stop();

    const counts = await smsStatusCounts(services);
    const [retried] = await database.query<{ n: number }>(
      "select count(*)::int as n from sms_messages where attempts > 1",
    );
    const byRecipient = new Map<string, number>();
    for (const s of fake.sent) byRecipient.set(s.to, (byRecipient.get(s.to) ?? 0) + 1);
    const duplicates = [...byRecipient.values()].filter((n) => n > 1).length;
    const sentRows = counts.sent ?? 0;
    const notSent = Object.entries(counts)
      .filter(([status]) => status !== "sent")
      .reduce((n, [, c]) => n + c, 0);
    const sendRequests = fake.requests.filter((r) => r.url.startsWith("/smsmessaging/")).length;

    console.log(
      `sent in ${seconds.toFixed(1)} s wall time (${passes} passes): ${(sentRows / seconds).toFixed(2)} SMS/s achieved ` +
        `(paced at ${RATE_PER_SECOND}/s, provider limit ${PROVIDER_LIMIT_PER_SECOND}/s)`,
    );
    console.log(
      `provider: ${fmt(sendRequests)} send requests, ${fmt(fake.tokensIssued)} token(s), ${fmt(outcomes.sent)} taken, ` +
        `${fmt(outcomes.rateLimited)} answered 429 (${fmt(outcomes.retry)} retry outcomes in all), ` +
        `${fmt(outcomes.rejected)} rejected, ${fmt(outcomes.ambiguous)} ambiguous; rows with attempts > 1: ${fmt(retried?.n ?? 0)}; ` +
        `clock advanced past back-offs and pauses by ${(advancedMs / 1000).toFixed(0)} s`,
    );
    console.log(
      `rows sent ${fmt(sentRows)}, not sent ${fmt(notSent)} (${JSON.stringify(counts)}); fake Orange took ${fmt(fake.sent.length)}, ` +
        `recipients twice: ${fmt(duplicates)} (must be 0)`,
    );
    console.log(`memory during the sending: ${memoryLine}`);
  } finally {
    await fake.close();
    await drop();
  }
}

export async function benchSmsQueueing(serverUrl: string = POSTGRES_URL, people: number = PEOPLE) {
  console.log(`\n## SMS reminders queued on PostgreSQL: ${fmt(people)} people (target ≤ 2 s)`);
  const asOf = new Date("2026-03-02T18:00:00Z");
  const { database, drop } = await createTestDatabase({ serverUrl });
  try {
    const loaded = await loadPeople(database, { people, interactionsPerPerson: 5, asOf });
    await addReceptionData(database, asOf);
    // addReceptionData draws starts to the microsecond; the app books whole minutes (and JavaScript dates
    // hold milliseconds: a reminder's appointment_starts_at, written from one, would never equal a start to
    // the microsecond, and every run would render all the reminders again only to have the insert skip them).
    await database.exec(
      `update appointments set starts_at = date_trunc('minute', starts_at), ends_at = date_trunc('minute', starts_at) + interval '30 minutes';
       analyze appointments`,
    );
    const [base] = await database.query<{ appointments: number; scheduled: number }>(
      `select count(*)::int as appointments, (count(*) filter (where status = 'scheduled'))::int as scheduled
         from appointments`,
    );
    console.log(
      `base: ${fmt(loaded.people)} people, ${fmt(loaded.phones)} phones, ${fmt(loaded.interactions)} interactions, ` +
        `${fmt(base?.appointments ?? 0)} appointments (${fmt(base?.scheduled ?? 0)} scheduled) (loaded in ${loaded.seconds.total.toFixed(1)} s)`,
    );
    // The next morning at 10:00 in Dakar: the reminders of the day after's appointments (and the rest of the day's).
    const clock = new ManualClock("2026-03-03T10:00:00Z");
    const services: Services = { database, clock, config: loadConfig({}), logger: createLogger("silent") };
    for (const label of ["first run", "second run right after (idempotent)"]) {
      const start = performance.now();
      const result = await queueDueReminders(services, clock.now());
      console.log(
        `queueDueReminders as of ${clock.now().toISOString()}, ${label}: ${fmt(result.queued)} queued, ` +
          `${fmt(result.skipped)} skipped (no mobile, opted out) in ${(performance.now() - start).toFixed(0)} ms`,
      );
    }
  } finally {
    await drop();
  }
}

export async function benchSms(serverUrl: string = POSTGRES_URL) {
  const only = env.BENCH_SMS_ONLY;
  if (only !== "queue") await benchSmsOutbox(serverUrl);
  if (only !== "outbox") await benchSmsQueueing(serverUrl);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchSms();
