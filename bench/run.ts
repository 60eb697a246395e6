/**
 * `npm run bench`: figures for the quality bars of DESIGN §7, printed, never asserted.
 * Runs on the embedded database, then on the PostgreSQL server of BENCH_DATABASE_URL
 * (default: the local one), in a fresh database of its own, dropped afterwards.
 *
 * BENCH_ONLY (comma-separated: foundation, lookup, import, import-xlsx, followup,
 * conversion, sms, segments) runs only those parts, e.g. `BENCH_ONLY=lookup npm run bench`.
 */
import autocannon from "autocannon";
import { buildApp } from "../server/app.ts";
import { ManualClock } from "../server/clock.ts";
import { loadConfig } from "../server/config.ts";
import { systemActor } from "../server/context.ts";
import { createLogger } from "../server/logger.ts";
import { createUser } from "../server/modules/users/create-user.ts";
import { createTestDatabase } from "../server/test/database.ts";
import { benchConversion } from "./conversion.ts";
import { benchFollowUp } from "./followup.ts";
import { benchImport } from "./import.ts";
import { benchImportXlsx } from "./import-xlsx.ts";
import { benchLookup } from "./lookup.ts";
import { benchSegments } from "./segments.ts";
import { benchSms } from "./sms.ts";

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);

async function hit(url: string, headers: Record<string, string>, connections: number) {
  const result = await autocannon({ url, headers, connections, duration: DURATION_S });
  return {
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const POSTGRES_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function benchFoundation(serverUrl: string | undefined) {
  const clock = new ManualClock("2026-03-02T09:00:00Z");
  const { database, drop } = await createTestDatabase({ serverUrl });
  const config = loadConfig({});
  const services = { database, clock, config, logger: createLogger("silent") };
  const app = await buildApp(services);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  try {
    const system = { ...services, actor: systemActor("bench") };
    await createUser(system, {
      email: "bench@nest.sn",
      firstName: "B",
      lastName: "B",
      role: "admin",
      password: "bench-password",
    });

    const loginTimes: number[] = [];
    let cookie = "";
    for (let i = 0; i < 10; i++) {
      const start = performance.now();
      const response = await fetch(`${base}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "bench@nest.sn", password: "bench-password" }),
      });
      loginTimes.push(performance.now() - start);
      cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    }
    loginTimes.sort((a, b) => a - b);

    console.log(`\n## Foundation on ${database.kind}`);
    console.log(`login (argon2id verify + session), median of 10: ${loginTimes[5]?.toFixed(1)} ms`);
    for (const [label, path, headers] of [
      ["GET /api/health (public, migration level read)", "/api/health", {}],
      ["GET /api/auth/me (session cookie resolved)", "/api/auth/me", { cookie }],
      ["GET /api/settings (session + one read)", "/api/settings", { cookie }],
    ] as const) {
      const r = await hit(`${base}${path}`, headers, 50);
      console.log(
        `${label} @50 connections: ${r.reqPerSec} req/s, p50 ${r.p50} ms, p97.5 ${r.p97_5} ms, p99 ${r.p99} ms, errors ${r.errors}`,
      );
    }
  } finally {
    await app.close();
    await drop();
  }
}

const PARTS = ["foundation", "lookup", "import", "import-xlsx", "followup", "conversion", "sms", "segments"] as const;
const only = (process.env.BENCH_ONLY ?? "")
  .split(",")
  .map((part) => part.trim())
  .filter(Boolean);
const unknownParts = only.filter((part) => !(PARTS as readonly string[]).includes(part));
if (unknownParts.length)
  throw new Error(`BENCH_ONLY: unknown part(s) ${unknownParts.join(", ")}; known: ${PARTS.join(", ")}`);
const runs = (part: (typeof PARTS)[number]) => only.length === 0 || only.includes(part);

if (runs("foundation")) {
  await benchFoundation(undefined);
  await benchFoundation(POSTGRES_URL);
}
// Lookup on a generated base (BENCH_PEOPLE, default 1,000,000) on PostgreSQL, then 50,000 people on PGlite;
// the people lists' pages on the same bases.
if (runs("lookup")) await benchLookup(POSTGRES_URL);
// Import of a 100,000-row legacy prospect table (BENCH_IMPORT_ROWS) on PostgreSQL.
if (runs("import")) await benchImport(POSTGRES_URL);
// The largest accepted XLSX (200,000 rows) on PGlite, in a process of its own: time, peak memory, event-loop stalls.
if (runs("import-xlsx")) await benchImportXlsx(undefined);
// Follow-up engine: a full run and a daily incremental run on 1,000,000 people (BENCH_FOLLOWUP_PEOPLE).
if (runs("followup")) await benchFollowUp(POSTGRES_URL);
// Conversion tracking: one cohort day, a month's lines, a year, the rates, on 1,000,000 people (BENCH_CONVERSION_PEOPLE).
if (runs("conversion")) await benchConversion(POSTGRES_URL);
// SMS: 10,000 reminders due at once sent through a fake Orange at 18/s (BENCH_SMS_COUNT, ~10 min), then a day's
// reminders queued on 1,000,000 people (BENCH_SMS_PEOPLE).
if (runs("sms")) await benchSms(POSTGRES_URL);
// Segments: the live count of 13 segments on 1,000,000 people (BENCH_SEGMENTS_PEOPLE), target ≤ 1 s each.
if (runs("segments")) await benchSegments(POSTGRES_URL);
