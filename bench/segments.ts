/**
 * Segments benchmark (issue 16: « the live count of a segment ≤ 1 s on 1,000,000 people »), on PostgreSQL
 * with BENCH_SEGMENTS_PEOPLE (default 1,000,000) people: the generated base (bench/load-people.ts, one
 * interaction each: segments do not read them), then what segments read:
 * - attended visits over six years for two patients in three (1 to 8 each, two sites), plus the follow-up
 *   bench's recent appointments (bench/followup.ts addReceptionData);
 * - procedure 5's pregnancies, children and deliveries (addPathwayData: 30,000 and 60,000);
 * - a newsletter consent by e-mail for a patient in three, by SMS for a patient in four; a few invalid
 *   addresses; a few merged and anonymised records.
 * Then each segment is counted as the editor counts it (countPeople: one `select count(*)`), once cold and
 * five times warm; the median and the slowest warm figures are printed.
 *
 * Standalone: `npx tsx bench/segments.ts`; also part of `npm run bench`.
 */
import { pathToFileURL } from "node:url";
import { type Database, openDatabase } from "../server/db/client.ts";
import { countPeople } from "../server/modules/segments/segments.ts";
import { createTestDatabase } from "../server/test/database.ts";
import type { SegmentFilter } from "../shared/segments.ts";
import { addPathwayData, addReceptionData } from "./followup.ts";
import { loadPeople } from "./load-people.ts";

const env = process.env;
const POSTGRES_URL = env.BENCH_DATABASE_URL ?? env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PEOPLE = Number(env.BENCH_SEGMENTS_PEOPLE ?? env.BENCH_PEOPLE ?? 1_000_000);
const AS_OF = new Date("2026-03-02T18:00:00Z");
const TODAY = "2026-03-02";
const WARM_RUNS = Number(env.BENCH_SEGMENTS_RUNS ?? 5);

const fmt = (n: number) => n.toLocaleString("en-US");

/** The segments a secretary builds (issue 16's examples), counted as of 2 March 2026. */
export const BENCH_SEGMENTS: [string, SegmentFilter][] = [
  ["all patients", {}],
  [
    "sans parcours + parents, newsletter consent by e-mail, valid e-mail",
    { withoutPathway: { includeParents: true }, consent: { purpose: "newsletter", channel: "email" }, hasEmail: true },
  ],
  ["pregnancy 28–36 SA", { pregnancyWeeks: { min: 28, max: 36 } }],
  ["mothers of children 0–24 months", { childAgeMonths: { min: 0, max: 24 } }],
  ["loyal: ≥ 3 attended visits", { visits: { min: 3 } }],
  ["loyal: ≥ 2 years at NEST, delivered at NEST", { yearsAtNest: { min: 2 }, deliveredAtNest: true }],
  ["last visit > 365 days ago", { lastVisitDaysAgo: { min: 366 } }],
  ["at most 1 visit (0 included)", { visits: { max: 1 } }],
  ["attended at PLATEAU", { sites: ["PLATEAU"] }],
  ["has a mobile, SMS newsletter consent", { hasMobile: true, consent: { purpose: "newsletter", channel: "sms" } }],
  ["no mobile", { hasMobile: false }],
  [
    "prospects and patients, pregnancy ever, has e-mail",
    { kinds: ["prospect", "patient"], pathwaysEver: ["pregnancy"], hasEmail: true },
  ],
  [
    "everything at once",
    {
      kinds: ["patient"],
      withoutPathway: { includeParents: true },
      visits: { min: 1 },
      lastVisitDaysAgo: { min: 30 },
      sites: ["CLINIQUE", "PLATEAU"],
      consent: { purpose: "newsletter", channel: "email" },
      hasEmail: true,
      hasMobile: true,
    },
  ],
];

/** Six years of attended visits for two patients in three, at two sites, and the records segments read. */
export async function addSegmentData(database: Database, asOf: Date) {
  const at = asOf.toISOString();
  await database.query(
    `insert into appointments (person_id, site, starts_at, ends_at, status, created_at, updated_at)
     select p.id, case when v.n % 3 = 0 then 'PLATEAU' else 'CLINIQUE' end, v.starts_at,
            v.starts_at + interval '30 minutes', case when v.n % 9 = 0 then 'no_show' else 'attended' end,
            v.starts_at - interval '7 days', v.starts_at - interval '7 days'
     from people p
     cross join lateral generate_series(1, 1 + (hashtext(p.id::text) & 7)) v0(n)
     cross join lateral (
       select v0.n, $1::timestamptz - interval '2 days' - random() * interval '6 years' + (0 * v0.n) * interval '1 s' as starts_at
     ) v
     where p.kind = 'patient' and hashtext(p.id::text) % 3 <> 0`,
    [at],
  );
  await database.query(
    `with granted as (
       select id as person_id, case when hashtext(id::text) % 4 = 0 then 'sms' else 'email' end as channel
       from people where kind = 'patient' and (hashtext(id::text) % 3 = 0 or hashtext(id::text) % 4 = 0)
     ), events as (
       insert into consent_events (person_id, purpose, channel, granted, source, wording, recorded_at)
       select person_id, 'newsletter', channel, true, 'entry_interview', 'Bench', $1::timestamptz - interval '30 days'
       from granted
       returning id, person_id, channel, recorded_at
     )
     insert into consent_states (person_id, purpose, channel, granted, since, event_id)
     select person_id, 'newsletter', channel, true, recorded_at, id from events`,
    [at],
  );
  await database.query(
    `update people set email_invalid_at = $1::timestamptz, email_invalid_address = email, email_invalid_reason = 'bounce'
     where email is not null and hashtext(id::text) % 50 = 0`,
    [at],
  );
  await database.query(`update people set anonymized_at = $1::timestamptz where hashtext(id::text) % 997 = 0`, [at]);
  // What autovacuum would have done by then: the visibility map lets counts read the indexes alone.
  await database.exec("vacuum analyze people");
  await database.exec("vacuum analyze appointments");
  await database.exec("analyze");
  const [counts] = await database.query<{ appointments: number; consents: number }>(
    `select (select count(*)::int from appointments) as appointments,
            (select count(*)::int from consent_states) as consents`,
  );
  return counts ?? { appointments: 0, consents: 0 };
}

/** Times the count of each segment: one cold run, then WARM_RUNS warm ones (median and slowest). */
export async function timeSegments(database: Database) {
  const rows: { label: string; count: number; coldMs: number; medianMs: number; maxMs: number }[] = [];
  for (const [label, filter] of BENCH_SEGMENTS) {
    const times: number[] = [];
    let count = 0;
    for (let run = 0; run <= WARM_RUNS; run++) {
      const start = performance.now();
      count = await countPeople(database.db, filter, { today: TODAY, timeZone: "Africa/Dakar" });
      times.push(performance.now() - start);
    }
    const [coldMs = 0, ...warm] = times;
    warm.sort((a, b) => a - b);
    const row = {
      label,
      count,
      coldMs,
      medianMs: warm[Math.floor(warm.length / 2)] ?? 0,
      maxMs: warm[warm.length - 1] ?? 0,
    };
    rows.push(row);
    console.log(
      `${label}: ${fmt(count)} people — cold ${row.coldMs.toFixed(0)} ms, warm median ${row.medianMs.toFixed(0)} ms, slowest ${row.maxMs.toFixed(0)} ms`,
    );
  }
  return rows;
}

export async function benchSegments(serverUrl: string = POSTGRES_URL) {
  // BENCH_SEGMENTS_REUSE=<database URL>: time the counts on a base kept by an earlier run (BENCH_SEGMENTS_KEEP=1).
  const reuse = env.BENCH_SEGMENTS_REUSE;
  if (reuse) {
    const database = await openDatabase({ kind: "postgresql", url: reuse });
    try {
      const [size] = await database.query<{ people: number }>("select count(*)::int as people from people");
      console.log(`\n## Segments on PostgreSQL: ${fmt(size?.people ?? 0)} people, kept base (target: a count ≤ 1 s)`);
      await timeSegments(database);
    } finally {
      await database.close();
    }
    return;
  }
  console.log(`\n## Segments on PostgreSQL: ${fmt(PEOPLE)} people (target: a count ≤ 1 s)`);
  const { database, drop } = await createTestDatabase({ serverUrl });
  try {
    const loaded = await loadPeople(database, { people: PEOPLE, interactionsPerPerson: 1, asOf: AS_OF });
    await addReceptionData(database, AS_OF);
    const followed = await addPathwayData(database, AS_OF);
    const added = await addSegmentData(database, AS_OF);
    console.log(
      `base: ${fmt(loaded.people)} people (loaded in ${loaded.seconds.total.toFixed(1)} s); ` +
        `${fmt(added.appointments)} appointments, ${fmt(added.consents)} consents, ` +
        `${fmt(followed.pregnancies)} pregnancies, ${fmt(followed.children)} children, ${fmt(followed.deliveries)} deliveries`,
    );
    await timeSegments(database);
  } finally {
    if (env.BENCH_SEGMENTS_KEEP) {
      const [name] = await database.query<{ name: string }>("select current_database() as name");
      console.log(`base kept: database ${name?.name} (BENCH_SEGMENTS_REUSE=<its URL> to time it again)`);
      await database.close();
    } else await drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await benchSegments();
}
