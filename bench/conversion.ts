/**
 * Conversion tracking benchmark (DESIGN §7: "conversion report for one cohort
 * day ≤ 300 ms"; issue 6: a whole year reported), on PostgreSQL with
 * BENCH_CONVERSION_PEOPLE (default 1,000,000) people and 5 interactions each,
 * ~100,000 appointments. Through the use cases the API calls, as the CRM
 * secretary's page asks them: the counts per comment and the first page of
 * 100 lines; then every line of a month (the export), then the rates of a year.
 *
 * Standalone: `npx tsx bench/conversion.ts`; also part of `npm run bench`.
 */
import { pathToFileURL } from "node:url";
import { ManualClock } from "../server/clock.ts";
import { loadConfig } from "../server/config.ts";
import { systemActor } from "../server/context.ts";
import { createLogger } from "../server/logger.ts";
import { getConversionRates } from "../server/modules/reports/conversion-rates.ts";
import { conversionLines, getConversionTable } from "../server/modules/reports/conversion-table.ts";
import { readSettings } from "../server/modules/settings/settings.ts";
import { createTestDatabase } from "../server/test/database.ts";
import { addReceptionData } from "./followup.ts";
import { loadPeople } from "./load-people.ts";

const env = process.env;
const POSTGRES_URL = env.BENCH_DATABASE_URL ?? env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PEOPLE = Number(env.BENCH_CONVERSION_PEOPLE ?? env.BENCH_PEOPLE ?? 1_000_000);
const AS_OF = new Date("2026-03-02T18:00:00Z");
const DAY_MS = 86_400_000;

const fmt = (n: number) => n.toLocaleString("en-US");
const day = (offset: number) => new Date(AS_OF.getTime() + offset * DAY_MS).toISOString().slice(0, 10);

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

export async function benchConversion(serverUrl: string = POSTGRES_URL) {
  console.log(`\n## Conversion tracking on PostgreSQL: ${fmt(PEOPLE)} people, 5 interactions each`);
  const { database, drop } = await createTestDatabase({ serverUrl });
  try {
    const loaded = await loadPeople(database, { people: PEOPLE, interactionsPerPerson: 5, asOf: AS_OF });
    await addReceptionData(database, AS_OF);
    console.log(`base: ${fmt(loaded.people)} people, ${fmt(loaded.interactions)} interactions`);
    const ctx = {
      database,
      clock: new ManualClock(AS_OF),
      config: loadConfig({}),
      logger: createLogger("silent"),
      actor: systemActor("bench"),
    };
    const page = (from: string, to: string) => getConversionTable(ctx, { from, to, page: 1, pageSize: 100 });

    // One cohort day: the default one (today − 28 days) and the 29 days before it, each asked once.
    const times: number[] = [];
    let prospects = 0;
    for (let i = 0; i < 30; i++) {
      const cohort = day(-28 - i);
      const { ms, value } = await timed(() => page(cohort, cohort));
      times.push(ms);
      prospects += value.total;
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(0);
    console.log(
      `one cohort day (counts + first 100 lines, ${fmt(Math.round(prospects / times.length))} prospects a day, 30 days, target ≤ 300 ms): ` +
        `median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms`,
    );

    const { settings } = await readSettings(database.db);
    const month = await timed(() => conversionLines(ctx, { from: day(-58), to: day(-28) }, settings));
    console.log(
      `every line of a month (the export's query, 31 cohort days): ${fmt(month.value.lines.length)} lines in ${month.ms.toFixed(0)} ms`,
    );
    const year = await timed(() => page(day(-28 - 365), day(-28)));
    console.log(
      `a whole year (counts + first 100 lines, 366 cohort days): ${fmt(year.value.total)} prospects in ${(year.ms / 1000).toFixed(2)} s`,
    );
    const rates = await timed(() => getConversionRates(ctx, {}));
    console.log(
      `conversion rates of the year (by origin, month, temperature): ${fmt(rates.value.funnel.prospects)} prospects in ${(rates.ms / 1000).toFixed(2)} s`,
    );
  } finally {
    await drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchConversion();
