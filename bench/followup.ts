/**
 * Follow-up engine benchmark (DESIGN §7: "full follow-up run ≤ 30 s"; issue 5:
 * daily incremental run ≤ 5 s), on PostgreSQL with BENCH_FOLLOWUP_PEOPLE
 * (default 1,000,000) people and 5 interactions each over two years, plus
 * appointments, register lines and messages of the last weeks.
 *
 * - full run: the first run on the whole base (every task of the rules'
 *   windows made, the SLA figures of the first 100,000 prospects), then the
 *   runs that compute the other prospects' figures;
 * - re-run as of the same instant (idempotent: nothing to do);
 * - the next scheduled run (incremental, 15 minutes later);
 * - daily incremental: a day of new records appended, the incremental run as
 *   of the next day (what the schedule does every 15 minutes).
 *
 * Standalone: `npx tsx bench/followup.ts`; also part of `npm run bench`.
 */
import { pathToFileURL } from "node:url";
import { ManualClock } from "../server/clock.ts";
import { loadConfig } from "../server/config.ts";
import { systemActor } from "../server/context.ts";
import type { Database } from "../server/db/client.ts";
import { createLogger } from "../server/logger.ts";
import { type RunMode, runFollowUpEngine } from "../server/modules/followup/engine.ts";
import { getCompliance } from "../server/modules/reports/get-compliance.ts";
import { createTestDatabase } from "../server/test/database.ts";
import { loadPeople } from "./load-people.ts";

const env = process.env;
const POSTGRES_URL = env.BENCH_DATABASE_URL ?? env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PEOPLE = Number(env.BENCH_FOLLOWUP_PEOPLE ?? env.BENCH_PEOPLE ?? 1_000_000);
/** People a clinic day adds (new prospects and patients with their interactions). */
const DAILY_PEOPLE = Number(env.BENCH_FOLLOWUP_DAILY_PEOPLE ?? 2_000);
const AS_OF = new Date("2026-03-02T18:00:00Z");
const DAY_MS = 86_400_000;

const fmt = (n: number) => n.toLocaleString("en-US");

/** Appointments (a tenth of the people, the last 60 days and the next 30), register lines and messages. */
export async function addReceptionData(database: Database, asOf: Date) {
  const at = asOf.toISOString();
  await database.query(
    `insert into appointments (person_id, site, starts_at, ends_at, status, created_at, updated_at)
     select p.id, 'CLINIQUE', s.starts_at, s.starts_at + interval '30 minutes',
            case when s.starts_at > $1::timestamptz then 'scheduled'
                 when random() < 0.8 then 'attended' else 'no_show' end,
            s.booked_at, s.booked_at
     from (select id from people tablesample bernoulli (10)) p
     cross join lateral (
       select $1::timestamptz - interval '60 days' + random() * interval '90 days' + (0 * length(p.id::text)) * interval '1 s' as starts_at
     ) t
     -- Booked a week ahead, and never after asOf (a booking of the future is not in the base yet).
     cross join lateral (
       select t.starts_at, least(t.starts_at - interval '7 days', $1::timestamptz - random() * interval '14 days' - interval '1 hour') as booked_at
     ) s`,
    [at],
  );
  await database.query(
    `insert into calls (channel, received_at, phone, outcome, resumed_at, created_at, updated_at)
     select 'phone', r.at, '+22177' || lpad((g * 7919 % 10000000)::text, 7, '0'),
            case when g % 10 = 0 then 'to_resume' when g % 17 = 0 then 'call_back_later' else 'answered' end,
            case when g % 20 = 0 then r.at + interval '2 hours' end, r.at, r.at
     from generate_series(1, 30000) g
     cross join lateral (select $1::timestamptz - random() * interval '30 days' + (0 * g) * interval '1 s' as at) r`,
    [at],
  );
  await database.query(
    `insert into phone_messages (for_service_id, body, created_at, acknowledged_at)
     select (select id from clinic_services limit 1), 'Rappeler', r.at, case when g % 5 <> 0 then r.at + interval '1 hour' end
     from generate_series(1, 6000) g
     cross join lateral (select $1::timestamptz - random() * interval '30 days' + (0 * g) * interval '1 s' as at) r`,
    [at],
  );
  await database.exec("analyze");
}

async function timedRun(database: Database, asOf: Date, label: string, mode: RunMode = "full") {
  const clock = new ManualClock(asOf);
  const start = performance.now();
  const result = await runFollowUpEngine(database, clock, asOf, { trigger: "cli", mode });
  const seconds = (performance.now() - start) / 1000;
  const created = Object.values(result.counts).reduce((n, c) => n + c.created, 0);
  const closed = Object.values(result.counts).reduce((n, c) => n + c.closed, 0);
  console.log(
    `${label} [${result.mode}]: ${seconds.toFixed(2)} s — ${fmt(created)} tasks created, ${fmt(closed)} closed, ${fmt(result.sla)} SLA rows written`,
  );
  console.log(
    `  ms per rule: ${Object.entries(result.counts)
      .map(([rule, c]) => `${rule} ${fmt(c.ms)}`)
      .join(", ")}, SLA ${fmt(result.slaMs)}`,
  );
  return { seconds, result };
}

export async function benchFollowUp(serverUrl: string = POSTGRES_URL) {
  console.log(`\n## Follow-up engine on PostgreSQL: ${fmt(PEOPLE)} people, 5 interactions each`);
  const { database, drop } = await createTestDatabase({ serverUrl });
  try {
    const loaded = await loadPeople(database, { people: PEOPLE, interactionsPerPerson: 5, asOf: AS_OF });
    await addReceptionData(database, AS_OF);
    console.log(
      `base: ${fmt(loaded.people)} people, ${fmt(loaded.interactions)} interactions, ` +
        `${fmt(loaded.temperatureChanges)} temperature changes (loaded in ${loaded.seconds.total.toFixed(1)} s)`,
    );
    const full = await timedRun(database, AS_OF, "full run (empty task table, target ≤ 30 s)");
    console.log(
      `  per rule: ${Object.entries(full.result.counts)
        .map(([rule, c]) => `${rule} ${fmt(c.created)}`)
        .join(", ")}`,
    );
    // The first run computes the SLA figures of SLA_BATCH prospects; the next runs go on until all have theirs.
    let backfill = full.result.sla;
    for (let run = 1; backfill > 0 && run <= 20; run++) {
      backfill = (await timedRun(database, AS_OF, `SLA backfill, run ${run}`)).result.sla;
    }
    await timedRun(database, AS_OF, "re-run as of the same instant (idempotent)");
    // The generator fits each recent record's five interactions in before asOf: the last two hours hold
    // ~80,000 of them (ten days of the base's usual flow), which the next scheduled run examines.
    await timedRun(
      database,
      new Date(AS_OF.getTime() + 15 * 60_000),
      "next scheduled run 15 min after the load",
      "incremental",
    );

    const nextDay = new Date(AS_OF.getTime() + DAY_MS);
    const [before] = await database.query<{ xid: string }>(
      "select pg_snapshot_xmin(pg_current_snapshot())::text as xid",
    );
    await loadPeople(database, {
      people: DAILY_PEOPLE,
      interactionsPerPerson: 5,
      asOf: nextDay,
      windowDays: 1,
      rebuildIndexes: false,
    });
    // The generator backdates a person's history; in the app a day's records are recorded that day
    // (recorded_at, updated_at: the clock of the use case that wrote them).
    await database.query("update people set updated_at = $1 where xmin::text::bigint >= $2::bigint", [
      nextDay.toISOString(),
      before?.xid ?? "0",
    ]);
    await database.query(
      "update interactions set recorded_at = $1 where person_id in (select id from people where updated_at = $1)",
      [nextDay.toISOString()],
    );
    await database.exec("analyze");
    await timedRun(
      database,
      nextDay,
      `daily incremental run (+${fmt(DAILY_PEOPLE)} people, target ≤ 5 s)`,
      "incremental",
    );
    await timedRun(
      database,
      new Date(nextDay.getTime() + 15 * 60_000),
      "next scheduled run 15 min later",
      "incremental",
    );
    await timedRun(database, new Date(nextDay.getTime() + 30 * 60_000), "a full run of the same day, for comparison");
    const [open] = await database.query<{ n: number }>(
      "select count(*)::int as n from follow_up_tasks where status = 'open'",
    );
    console.log(`open tasks after the runs: ${fmt(open?.n ?? 0)}`);

    // The compliance dashboard of the month before (issue 6), on this base with its tasks and SLA figures.
    const ctx = {
      database,
      clock: new ManualClock(nextDay),
      config: loadConfig({}),
      logger: createLogger("silent"),
      actor: systemActor("bench"),
    };
    for (const [label, from, to] of [
      ["one month (February 2026, weekly trend)", "2026-02-01", "2026-02-28"],
      ["a year (monthly trend)", "2025-03-01", "2026-02-28"],
    ] as const) {
      const start = performance.now();
      const dashboard = await getCompliance(ctx, { from, to });
      const counted = dashboard.shares.reduce((n, s) => n + s.denominator, 0);
      console.log(
        `compliance dashboard, ${label}: ${(performance.now() - start).toFixed(0)} ms — ${fmt(counted)} records counted, ${fmt(dashboard.prospects.total)} prospects by status`,
      );
    }
  } finally {
    await drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchFollowUp();
