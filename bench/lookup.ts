/**
 * Lookup benchmark (DESIGN §7): `GET /api/lookup?q=` by full phone, by the last
 * 7 digits and by name prefix, on a generated base of BENCH_PEOPLE people
 * (default 1,000,000) with 5 interactions each on PostgreSQL, then on PGlite at
 * clinic size (BENCH_PGLITE_PEOPLE, default 50,000; 0 skips it). Prints, never asserts:
 * - p50/p95 over HTTP (the real app, a signed-in session) and of the same SQL
 *   run raw (the very statements the lookup issued, captured from the driver,
 *   replayed through database.query, or prepared as the lookup runs them), and their ratio;
 * - autocannon at 50 connections on the phone lookup, then on a mix of phone, partial
 *   phone and name lookups (a third each);
 * - the people lists' pages (list-pages.ts) on the same base;
 * - EXPLAIN (ANALYZE) of each statement, to show the index each one uses.
 *
 * `npm run bench` runs it after the foundation benchmark; `npx tsx bench/lookup.ts`
 * runs it alone (or `BENCH_ONLY=lookup npm run bench`). Each base is a fresh database,
 * dropped at the end, unless BENCH_LOOKUP_DATABASE names a database of the PostgreSQL
 * server to keep: it is created and loaded the first time, reused as it is after.
 * The app logs at BENCH_LOG_LEVEL (default info, as in production) into /dev/null:
 * the cost of logging is in the figures, not the terminal's.
 */
import { Agent, request } from "node:http";
import { availableParallelism, loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { pino } from "pino";
import { buildApp } from "../server/app.ts";
import { ManualClock } from "../server/clock.ts";
import { loadConfig } from "../server/config.ts";
import { type Ctx, systemActor } from "../server/context.ts";
import { type Database, openDatabase } from "../server/db/client.ts";
import { migrateDatabase } from "../server/db/migrate.ts";
import { nationalFormat } from "../server/demo/generator.ts";
import { createLogger } from "../server/logger.ts";
import { lookup } from "../server/modules/people/lookup.ts";
import { createUser } from "../server/modules/users/create-user.ts";
import { createTestDatabase } from "../server/test/database.ts";
import { benchListPages } from "./list-pages.ts";
import { loadPeople } from "./load-people.ts";

const env = process.env;
const POSTGRES_URL = env.BENCH_DATABASE_URL ?? env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PEOPLE = Number(env.BENCH_PEOPLE ?? 1_000_000);
const PGLITE_PEOPLE = Number(env.BENCH_PGLITE_PEOPLE ?? 50_000);
const QUERIES = Number(env.BENCH_LOOKUPS ?? 300);
const LOAD_SECONDS = Number(env.BENCH_LOOKUP_DURATION_S ?? 10);
/** autocannon's worker threads (default 1: the load generator off the server's event loop); 0 = in process. */
const LOAD_WORKERS = Number(env.BENCH_AUTOCANNON_WORKERS ?? 1);
const KEEP_DATABASE = env.BENCH_LOOKUP_DATABASE;
const LOG_LEVEL = env.BENCH_LOG_LEVEL ?? "info";
/** The generated history ends here (the app's clock is set to it too). */
const AS_OF = new Date("2026-03-02T09:00:00Z");

type Kind = "phone" | "partial" | "name";
const LABELS: Record<Kind, string> = {
  phone: 'full phone ("77 123 45 67")',
  partial: 'last 7 digits ("123 45 67")',
  name: 'name prefix ("ndiaye fa")',
};

interface Statement {
  text: string;
  params: unknown[];
  /** A prepared statement's name (Database.queryPrepared): replayed prepared, as the lookup runs it. */
  name?: string;
}

/**
 * Runs `work` and returns the statements it sent to the database, as the
 * driver received them (Drizzle calls pool.query / pglite.query).
 */
async function captureStatements(database: Database, work: () => Promise<unknown>): Promise<Statement[]> {
  const captured: Statement[] = [];
  const prepared = database.queryPrepared;
  // On PGlite a prepared statement is a plain query of the driver: captured once, as prepared.
  let inPrepared = false;
  database.queryPrepared = async (name, text, params) => {
    captured.push({ name, text, params });
    inPrepared = true;
    try {
      return await prepared(name, text, params);
    } finally {
      inPrepared = false;
    }
  };
  const target = ("pool" in database.driver ? database.driver.pool : database.driver.pglite) as unknown as {
    query: (...args: unknown[]) => unknown;
  };
  const original = target.query;
  target.query = function (this: unknown, ...args: unknown[]) {
    const [first, second] = args;
    const config = typeof first === "string" ? { text: first } : (first as { text: string; values?: unknown[] });
    if (!inPrepared)
      captured.push({ text: config.text, params: (Array.isArray(second) ? second : config.values) ?? [] });
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    target.query = original;
    database.queryPrepared = prepared;
  }
  return captured;
}

/** Other work on the machine skews every figure: say how busy it was. */
function printLoad() {
  const [one, five] = loadavg();
  console.log(
    `machine load average ${one?.toFixed(2)} (1 min), ${five?.toFixed(2)} (5 min) on ${availableParallelism()} cores`,
  );
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] ?? Number.NaN };
}

/** The real app on this database, listening on a free port, with a signed-in admin's session cookie. */
async function startApp(database: Database) {
  const clock = new ManualClock(AS_OF);
  const logger = createLogger(LOG_LEVEL, pino.destination({ dest: "/dev/null", sync: true }));
  const services = { database, clock, config: loadConfig({}), logger };
  const app = await buildApp(services);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const ctx: Ctx = { ...services, actor: systemActor("bench") };
  // A kept base already has the previous runs' users.
  const email = `reception-${Date.now()}@nest.sn`;
  await createUser(
    ctx,
    {
      email,
      firstName: "B",
      lastName: "B",
      role: "reception",
      password: "bench-password",
    },
    { mustChangePassword: false },
  );
  const response = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "bench-password" }),
  });
  if (response.status !== 200) throw new Error(`bench sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { app, base, cookie, ctx };
}

/** Lookup queries as staff type them, from people sampled in the base (repeatably). */
async function sampleQueries(database: Database, count: number): Promise<Record<Kind, string[]>> {
  const [size] = await database.query<{ n: number }>("select count(*)::int as n from person_phones");
  const percent = Math.min(100, ((count * 4) / Math.max(1, size?.n ?? 1)) * 100);
  const rows = await database.query<{ e164: string; last_name_key: string; first_name_key: string }>(
    `select ph.e164, p.last_name_key, p.first_name_key
       from person_phones ph tablesample bernoulli (${percent.toFixed(6)}) repeatable (221)
       join people p on p.id = ph.person_id
      where ph.e164 like '+2217%'
      limit ${count}`,
  );
  const digits = (e164: string) => e164.slice(-7);
  return {
    phone: rows.map((r) => nationalFormat(r.e164)),
    partial: rows.map((r) => `${digits(r.e164).slice(0, 3)} ${digits(r.e164).slice(3, 5)} ${digits(r.e164).slice(5)}`),
    name: rows.map((r) => `${r.last_name_key} ${r.first_name_key.slice(0, 2)}`),
  };
}

interface Measured {
  http: ReturnType<typeof summary>;
  /** The use case called in process, without HTTP: HTTP minus this is Fastify, the session and the client. */
  direct: ReturnType<typeof summary>;
  /** The lookup's statements replayed as the lookup runs them (prepared on PostgreSQL). */
  raw: ReturnType<typeof summary>;
  /** The same, sent unprepared (planned at each run). */
  unprepared: ReturnType<typeof summary>;
  statements: number;
  hits: number;
}

/**
 * One GET over a kept-alive connection, with node:http rather than fetch: the
 * measure is the server's, and fetch's own machinery costs more than the
 * server's routing and session check together.
 */
const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: keepAlive, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
      );
      response.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** HTTP round trips one after the other (keep-alive), then the captured SQL of each query replayed raw. */
async function measure(database: Database, base: string, cookie: string, ctx: Ctx, queries: string[]) {
  const captured: Statement[][] = [];
  for (const q of queries) captured.push(await captureStatements(database, () => lookup(ctx, { q, limit: 20 })));
  const find = async (q: string) => {
    const response = await get(`${base}/api/lookup?q=${encodeURIComponent(q)}`, { cookie });
    if (response.status !== 200) throw new Error(`lookup ${q}: HTTP ${response.status} ${response.body}`);
    return ((JSON.parse(response.body) as { results?: unknown[] }).results ?? []).length;
  };
  for (const q of queries.slice(0, 20)) await find(q);
  const httpTimes: number[] = [];
  let hits = 0;
  for (const q of queries) {
    const start = performance.now();
    hits += await find(q);
    httpTimes.push(performance.now() - start);
  }
  const directTimes: number[] = [];
  for (const q of queries) {
    const start = performance.now();
    await lookup(ctx, { q, limit: 20 });
    directTimes.push(performance.now() - start);
  }
  const rawTimes: number[] = [];
  const unpreparedTimes: number[] = [];
  for (const statements of captured) {
    let start = performance.now();
    for (const s of statements) {
      await (s.name ? database.queryPrepared(s.name, s.text, s.params) : database.query(s.text, s.params));
    }
    rawTimes.push(performance.now() - start);
    // The same statements sent as they were before they were prepared (planned at each run): the
    // « raw statement » issue 17 measured.
    start = performance.now();
    for (const s of statements) await database.query(s.text, s.params);
    unpreparedTimes.push(performance.now() - start);
  }
  const statements = captured.reduce((n, list) => n + list.length, 0) / Math.max(1, captured.length);
  return {
    http: summary(httpTimes),
    direct: summary(directTimes),
    raw: summary(rawTimes),
    unprepared: summary(unpreparedTimes),
    statements,
    hits: hits / queries.length,
  } as Measured;
}

/** What every request pays before the lookup: the HTTP round trip alone, then with the session resolved. */
async function printFloors(base: string, cookie: string) {
  const time = async (url: string, headers: Record<string, string>) => {
    const times: number[] = [];
    for (let i = 0; i < 230; i++) {
      const start = performance.now();
      await get(url, headers);
      if (i >= 30) times.push(performance.now() - start);
    }
    return summary(times);
  };
  const bare = await time(`${base}/api/lookup?q=ndiaye`, {});
  const session = await time(`${base}/api/auth/me`, { cookie });
  console.log(
    `HTTP floor, for comparison: 401 without a cookie (no database) p50 ${ms(bare.p50)} ms, p95 ${ms(bare.p95)} ms · ` +
      `GET /api/auth/me (session resolved, one statement) p50 ${ms(session.p50)} ms, p95 ${ms(session.p95)} ms`,
  );
}

/** Targets (issue 17): p95 ≤ httpTarget ms over HTTP and, on PostgreSQL, ≤ 3× the raw statement at p50. */
function printMeasured(kind: Kind, count: number, m: Measured, httpTarget: number, ratioTarget: boolean) {
  const ratio50 = m.http.p50 / m.raw.p50;
  const ratio95 = m.http.p95 / m.raw.p95;
  const ratioMissed = ratioTarget && ratio50 > 3;
  console.log(
    `lookup by ${LABELS[kind]}, ${count} queries, ${m.hits.toFixed(1)} results/query: ` +
      `HTTP p50 ${ms(m.http.p50)} ms, p95 ${ms(m.http.p95)} ms (max ${ms(m.http.max)}) · ` +
      `use case in process p50 ${ms(m.direct.p50)} ms, p95 ${ms(m.direct.p95)} ms · ` +
      `raw SQL as run (${m.statements.toFixed(1)} statements) p50 ${ms(m.raw.p50)} ms, p95 ${ms(m.raw.p95)} ms, ` +
      `sent unprepared p50 ${ms(m.unprepared.p50)} ms · ` +
      `HTTP/raw ${ratio50.toFixed(1)}× at p50, ${ratio95.toFixed(1)}× at p95 ` +
      `(${(m.http.p50 / m.unprepared.p50).toFixed(1)}× the unprepared statement)` +
      `  [target p95 ≤ ${httpTarget} ms${ratioTarget ? " and ≤ 3× raw at p50" : ""}: ${
        m.http.p95 <= httpTarget && !ratioMissed
          ? "met"
          : `MISSED${m.http.p95 > httpTarget ? ` by ${ms(m.http.p95 - httpTarget)} ms` : ""}${
              ratioMissed ? ` (ratio ${ratio50.toFixed(1)}×)` : ""
            }`
      }]`,
  );
}

/** EXPLAIN (ANALYZE) of every statement one lookup issues: the scans and the indexes they use. */
async function explainLookup(database: Database, ctx: Ctx, kind: Kind, q: string) {
  const statements = await captureStatements(database, () => lookup(ctx, { q, limit: 20 }));
  console.log(`EXPLAIN (ANALYZE) lookup by ${kind} "${q}": ${statements.length} statements`);
  for (const [i, s] of statements.entries()) {
    const plan = await database.query<{ "QUERY PLAN": string }>(
      `explain (analyze, buffers, costs off, timing on) ${s.text}`,
      s.params,
    );
    const lines = plan.map((row) => row["QUERY PLAN"]);
    const nodes = lines
      .filter((line) => /Scan|Index Cond|Sort Method|Limit|Unique|BitmapOr|Nested Loop|Hash Join/.test(line))
      .map((line) => line.replace(/^\s*->\s*/, "").trim())
      .map((line) => (line.length > 150 ? `${line.slice(0, 150)}…` : line));
    const time = lines.find((line) => line.startsWith("Execution Time"));
    const what = s.text.replace(/\s+/g, " ").replace(/"/g, "").slice(0, 110);
    console.log(
      `  [${i + 1}] ${what}${s.text.length > 110 ? "…" : ""}\n      ${nodes.join("\n      ")}\n      ${time ?? ""}${
        lines.some((line) => line.includes("Seq Scan")) ? "   ⚠ sequential scan" : ""
      }`,
    );
  }
}

/**
 * The PostgreSQL base of the benchmark: a fresh database loaded with PEOPLE people and
 * dropped at the end, or the kept BENCH_LOOKUP_DATABASE (created and loaded when empty).
 */
async function postgresBase(serverUrl: string): Promise<{ database: Database; drop: () => Promise<void> }> {
  const fresh = KEEP_DATABASE ? null : await createTestDatabase({ serverUrl });
  let database: Database;
  if (fresh) {
    database = fresh.database;
  } else {
    const name = KEEP_DATABASE ?? "";
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`BENCH_LOOKUP_DATABASE: not a plain name: ${name}`);
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      const exists = await admin.query("select 1 from pg_database where datname = $1", [name]);
      if (exists.rowCount === 0) await admin.query(`create database ${name}`);
    } finally {
      await admin.end();
    }
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    database = await openDatabase({ kind: "postgresql", url: url.toString() });
    await migrateDatabase(database);
  }
  const [count] = await database.query<{ n: number }>("select count(*)::int as n from people");
  if ((count?.n ?? 0) === 0) {
    const loaded = await loadPeople(database, {
      people: PEOPLE,
      interactionsPerPerson: 5,
      asOf: AS_OF,
      log: (line) => console.log(line),
    });
    console.log(
      `bulk load: ${fmt(loaded.people)} people, ${fmt(loaded.phones)} phones, ${fmt(loaded.interactions)} interactions, ` +
        `${fmt(loaded.temperatureChanges)} temperature changes = ${fmt(loaded.rows)} rows in ${loaded.seconds.total.toFixed(1)} s ` +
        `(inserts ${loaded.seconds.insert.toFixed(1)} s at ${fmt(loaded.rowsPerSecond.insert)} rows/s, keys and indexes ` +
        `${loaded.seconds.indexes.toFixed(1)} s, vacuum analyze ${loaded.seconds.vacuum.toFixed(1)} s; ` +
        `${fmt(loaded.rowsPerSecond.overall)} rows/s overall)`,
    );
  } else {
    console.log(`kept base ${KEEP_DATABASE}: ${fmt(count?.n ?? 0)} people already there`);
  }
  return { database, drop: fresh ? fresh.drop : () => database.close() };
}

/** autocannon at 50 connections on these requests, printed against the target. */
async function load(base: string, cookie: string, label: string, paths: string[], target: number) {
  const result = await autocannon({
    url: base,
    headers: { cookie },
    connections: 50,
    duration: LOAD_SECONDS,
    requests: paths.map((path) => ({ method: "GET" as const, path })),
    // The load generator in a thread of its own, so the server's event loop is not shared with it.
    ...(LOAD_WORKERS > 0 ? { workers: LOAD_WORKERS } : {}),
  });
  const errors = result.errors + result.non2xx + result.timeouts;
  console.log(
    `autocannon GET /api/lookup (${label}) @50 connections for ${LOAD_SECONDS} s${LOAD_WORKERS > 0 ? ` (${LOAD_WORKERS} worker thread)` : " (in process)"}: ${fmt(result.requests.average)} req/s, ` +
      `p50 ${result.latency.p50} ms, p97.5 ${result.latency.p97_5} ms, p99 ${result.latency.p99} ms, errors ${errors}` +
      `  [target ≥ ${fmt(target)} req/s, no error: ${
        result.requests.average >= target && errors === 0
          ? "met"
          : `MISSED${result.requests.average < target ? ` by ${fmt(target - result.requests.average)} req/s` : ""}${errors ? `, ${errors} errors` : ""}`
      }]`,
  );
}

/** Interleaves lists: a, b, c, a, b, c… */
function interleave<T>(...lists: T[][]): T[] {
  const out: T[] = [];
  const longest = Math.max(...lists.map((list) => list.length));
  for (let i = 0; i < longest; i++) for (const list of lists) if (i < list.length) out.push(list[i] as T);
  return out;
}

async function onPostgres(serverUrl: string) {
  console.log(`\n## Lookup on PostgreSQL: ${fmt(PEOPLE)} people, 5 interactions each (app logging at ${LOG_LEVEL})`);
  const { database, drop } = await postgresBase(serverUrl);
  try {
    const analyzeStart = performance.now();
    await database.exec("analyze");
    const [size] = await database.query<{ size: string }>(
      "select pg_size_pretty(pg_database_size(current_database())) as size",
    );
    console.log(`ANALYZE in ${((performance.now() - analyzeStart) / 1000).toFixed(1)} s; database size ${size?.size}`);

    const { app, base, cookie, ctx } = await startApp(database);
    try {
      const queries = await sampleQueries(database, QUERIES);
      printLoad();
      await printFloors(base, cookie);
      for (const kind of ["phone", "partial", "name"] as const) {
        printMeasured(
          kind,
          queries[kind].length,
          await measure(database, base, cookie, ctx, queries[kind]),
          kind === "name" ? 5 : 3,
          true,
        );
      }

      // EXPLAIN before the load test: requests still queued after it would mix into the captured statements.
      const [phone] = queries.phone;
      const [partial] = queries.partial;
      if (phone) await explainLookup(database, ctx, "phone", phone);
      if (partial) await explainLookup(database, ctx, "partial", partial);
      await explainLookup(database, ctx, "name", "ndiaye fa");
      const path = (q: string) => `/api/lookup?q=${encodeURIComponent(q)}`;
      printLoad();
      await load(base, cookie, "full phone", queries.phone.map(path), 2_000);
      printLoad();
      await load(
        base,
        cookie,
        "mixed: full phone, last 7 digits, name prefix",
        interleave(queries.phone, queries.partial, queries.name).map(path),
        2_000,
      );
    } finally {
      await app.close();
    }
    await benchListPages(database, AS_OF);
  } finally {
    await drop();
  }
}

async function onPglite() {
  console.log(`\n## Lookup on PGlite (in memory): ${fmt(PGLITE_PEOPLE)} people, 5 interactions each`);
  const { database, drop } = await createTestDatabase({ serverUrl: undefined });
  try {
    const loaded = await loadPeople(database, { people: PGLITE_PEOPLE, interactionsPerPerson: 5, asOf: AS_OF });
    console.log(
      `bulk load: ${fmt(loaded.rows)} rows in ${loaded.seconds.total.toFixed(1)} s (${fmt(loaded.rowsPerSecond.overall)} rows/s)`,
    );
    await database.exec("analyze");
    const { app, base, cookie, ctx } = await startApp(database);
    try {
      const queries = await sampleQueries(database, Math.min(QUERIES, 200));
      printLoad();
      await printFloors(base, cookie);
      for (const kind of ["phone", "partial", "name"] as const) {
        printMeasured(kind, queries[kind].length, await measure(database, base, cookie, ctx, queries[kind]), 30, false);
      }
    } finally {
      await app.close();
    }
  } finally {
    await drop();
  }
}

export async function benchLookup(serverUrl: string = POSTGRES_URL) {
  await onPostgres(serverUrl);
  if (PGLITE_PEOPLE > 0) await onPglite();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchLookup();
