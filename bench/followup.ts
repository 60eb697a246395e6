/**
 * Follow-up engine benchmark (DESIGN §7: "full follow-up run ≤ 30 s"; issue 5:
 * daily incremental run ≤ 5 s), on PostgreSQL with BENCH_FOLLOWUP_PEOPLE
 * (default 1,000,000) people and 5 interactions each over two years, plus
 * appointments, register lines and messages of the last weeks, and procedure 5's pregnancies (30,000),
 * children (60,000) and recent deliveries.
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
/** Open pregnancies and children of procedure 5 on the base (issue 15: 30,000 and 60,000). */
const PREGNANCIES = Number(env.BENCH_FOLLOWUP_PREGNANCIES ?? 30_000);
const CHILDREN = Number(env.BENCH_FOLLOWUP_CHILDREN ?? 60_000);
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

/**
 * Procedure 5's records (issue 15): PREGNANCIES open pregnancies on patients, their DDR over the last 300
 * days (those past 36 SA make week-36 tasks), and CHILDREN patients linked to a mother, born over the last
 * 15 years, in paediatrics; a child born in the last 90 days has its delivery, discharged three days later,
 * four in five at NEST (post-discharge-10d).
 */
export async function addPathwayData(database: Database, asOf: Date) {
  const day = asOf.toISOString().slice(0, 10);
  await database.query(
    `insert into pathways (person_id, type, started_on, ddr, dpa, due_date_convention, created_at, updated_at)
     select p.id, 'pregnancy', s.started_on, s.ddr, (s.ddr + 14 + interval '9 months')::date, 'french',
            s.started_on::timestamptz, s.started_on::timestamptz
     from (select id from people where kind = 'patient' and merged_into_id is null order by id limit $2) p
     cross join lateral (select $1::date - (random() * 300)::int + (0 * length(p.id::text)) as ddr) d
     cross join lateral (select d.ddr, least(d.ddr + 42, $1::date) as started_on) s`,
    [day, PREGNANCIES],
  );
  await database.query(
    `with mothers as (
       select id, row_number() over (order by id desc) as n from people
       where kind = 'patient' and merged_into_id is null order by id desc limit $2::int * 2 / 3
     ), counted as (select count(*)::int as total from mothers)
     insert into people (kind, last_name, first_name, last_name_key, first_name_key, birth_date, sex, mother_id,
                         created_at, updated_at)
     select 'patient', 'Enfant', 'Bebe' || g, 'enfant', 'bebe' || g, b.born,
            case when g % 2 = 0 then 'female' else 'male' end, m.id, b.born::timestamptz, b.born::timestamptz
     from generate_series(1, $2::int) g
     cross join counted
     cross join lateral (select $1::date - (random() * 15 * 365)::int + (0 * g) as born) b
     join mothers m on m.n = 1 + g % greatest(counted.total, 1)`,
    [day, CHILDREN],
  );
  await database.query(
    `insert into pathways (person_id, type, started_on, created_at, updated_at)
     select id, 'pediatrics', birth_date, created_at, created_at from people where mother_id is not null`,
  );
  await database.query(
    `with born as (
       select id, mother_id, birth_date, row_number() over () as n from people
       where mother_id is not null and birth_date > $1::date - 90
     ), made as (
       insert into deliveries (mother_id, delivered_on, place, mode, discharged_on, created_at, updated_at)
       select mother_id, birth_date, case when n % 5 = 0 then 'elsewhere' else 'nest' end, 'vaginal',
              least(birth_date + 3, $1::date), birth_date::timestamptz, birth_date::timestamptz
       from born
       returning id, mother_id, delivered_on
     )
     insert into delivery_children (delivery_id, child_id, rank)
     select distinct on (b.id) m.id, b.id, 1 from born b
     join made m on m.mother_id = b.mother_id and m.delivered_on = b.birth_date`,
    [day],
  );
  await database.exec("analyze");
  const [counts] = await database.query<{ pregnancies: number; children: number; deliveries: number }>(
    `select (select count(*)::int from pathways where type = 'pregnancy') as pregnancies,
            (select count(*)::int from people where mother_id is not null) as children,
            (select count(*)::int from deliveries) as deliveries`,
  );
  return counts ?? { pregnancies: 0, children: 0, deliveries: 0 };
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
    const followed = await addPathwayData(database, AS_OF);
    console.log(
      `base: ${fmt(loaded.people)} people, ${fmt(loaded.interactions)} interactions, ` +
        `${fmt(loaded.temperatureChanges)} temperature changes (loaded in ${loaded.seconds.total.toFixed(1)} s); ` +
        `${fmt(followed.pregnancies)} pregnancies, ${fmt(followed.children)} children, ${fmt(followed.deliveries)} deliveries`,
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
