/**
 * The people lists' pages (issue 17: ≤ 100 ms a page on 1,000,000 people): the
 * prospect list's first page (opened three times: the median counts, the first is
 * cold) and the four next ones (followed by cursor), sorted
 * and filtered as staff use it, through the use case in process (the SQL and the
 * presentation; the HTTP around it is measured by the lookup benchmark). Called by
 * bench/lookup.ts on its PostgreSQL base; prints, never asserts.
 */
import { pathToFileURL } from "node:url";
import { ManualClock } from "../server/clock.ts";
import { loadConfig } from "../server/config.ts";
import { type Ctx, systemActor } from "../server/context.ts";
import { type Database, openDatabase } from "../server/db/client.ts";
import { createLogger } from "../server/logger.ts";
import { listQuery } from "../server/modules/people/list.schema.ts";
import { listPeople } from "../server/modules/people/list-people.ts";

const TARGET_MS = 100;
const PAGES = 5;
const OPENINGS = 3;

const VIEWS: { label: string; kind: "prospect" | "patient"; query: Record<string, string> }[] = [
  { label: "prospects, newest first (default)", kind: "prospect", query: {} },
  { label: "prospects, status dormant", kind: "prospect", query: { status: "dormant" } },
  { label: "prospects, status normal", kind: "prospect", query: { status: "normal" } },
  { label: "prospects, status lost", kind: "prospect", query: { status: "lost" } },
  { label: "prospects, hot", kind: "prospect", query: { temperature: "hot" } },
  { label: "prospects, by last name", kind: "prospect", query: { sort: "lastName", order: "asc" } },
  { label: "prospects, by last contact", kind: "prospect", query: { sort: "lastInteractionAt" } },
  { label: "prospects, name prefix « diallo »", kind: "prospect", query: { q: "diallo" } },
  { label: "patients, newest first", kind: "patient", query: {} },
];

const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

export async function benchListPages(database: Database, asOf: Date) {
  const ctx: Ctx = {
    database,
    clock: new ManualClock(asOf),
    config: loadConfig({}),
    logger: createLogger("silent"),
    actor: systemActor("bench"),
  };
  console.log(`\n## People lists on ${database.kind}: first page and ${PAGES - 1} next ones, 50 a page`);
  for (const view of VIEWS) {
    // The list opened OPENINGS times (the first one cold: its statements new to the connection), then
    // followed by cursor from the last opening; the target is judged on the median opening and the pages.
    const openings: number[] = [];
    const times: number[] = [];
    let cursor: string | null = null;
    let total = "";
    for (let page = 1; page <= PAGES; page++) {
      // Through the API's schema, as a request's query string is read.
      const query = listQuery.parse({ ...view.query, asOf: asOf.toISOString(), ...(cursor ? { cursor } : {}) });
      let result: Awaited<ReturnType<typeof listPeople>> | undefined;
      for (let opening = 0; opening < (page === 1 ? OPENINGS : 1); opening++) {
        const start = performance.now();
        result = await listPeople(ctx, view.kind, query);
        (page === 1 ? openings : times).push(performance.now() - start);
      }
      if (!result) break;
      if (page === 1) total = `${result.totalIsExact ? "" : "more than "}${result.total.toLocaleString("en-US")}`;
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    const first = [...openings].sort((a, b) => a - b)[Math.floor(openings.length / 2)] ?? Number.NaN;
    const worst = Math.max(first, ...times);
    console.log(
      `${view.label}: ${total} records · first page ${ms(first)} ms (median of ${openings.length} openings; ` +
        `${openings.map(ms).join(", ")}), next pages ${times.map(ms).join(", ")} ms` +
        `  [target ≤ ${TARGET_MS} ms a page: ${worst <= TARGET_MS ? "met" : `MISSED by ${ms(worst - TARGET_MS)} ms`}]`,
    );
  }
}

/** `BENCH_LOOKUP_DATABASE=name npx tsx bench/list-pages.ts`: the lists alone, on the kept lookup base. */
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const name = process.env.BENCH_LOOKUP_DATABASE;
  if (!name) throw new Error("BENCH_LOOKUP_DATABASE: the kept base of bench/lookup.ts to read");
  const url = new URL(
    process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  );
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: "postgresql", url: url.toString() });
  try {
    await benchListPages(database, new Date("2026-03-02T09:00:00Z"));
  } finally {
    await database.close();
  }
}
