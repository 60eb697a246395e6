/**
 * Import of a 200,000-row legacy prospect table as XLSX (the most rows a file may have), in a
 * process of its own so that its peak memory is the import's: time, peak RSS and heap, and the
 * longest the event loop was held (what another request would wait). Printed, never asserted.
 * The process's heap is capped at HEAP_MB: left to itself V8 collects lazily on a machine with
 * memory to spare (the peak then says more about the collector than about the import); the cap
 * shows what the import needs — were it to hold more, it would fail here.
 * Alone: `npx tsx bench/import-xlsx.ts [postgres://…]` (no address: PGlite in a temporary folder).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { ManualClock } from "../server/clock.ts";
import { loadConfig } from "../server/config.ts";
import { systemActor } from "../server/context.ts";
import { openDatabase } from "../server/db/client.ts";
import { migrateDatabase } from "../server/db/migrate.ts";
import { createLogger } from "../server/logger.ts";
import { importPeople } from "../server/modules/people/import/import-people.ts";
import { createTestDatabase } from "../server/test/database.ts";
import { LIMITS } from "../shared/limits.ts";
import { LEGACY_HEADERS, legacyRows } from "./import.ts";

const AS_OF = new Date("2026-11-23T09:00:00Z");
const MB = 1024 * 1024;
const HEAP_MB = 256;

/** The legacy table as a workbook: shared strings (as Excel writes them) and real date cells. */
async function legacyWorkbook(rows: number): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet("Suivi");
  sheet.addRow(LEGACY_HEADERS).commit();
  const day = (iso: string | null) => (iso ? new Date(`${iso}T00:00:00Z`) : null);
  for (const cells of legacyRows(rows, AS_OF, day)) {
    const row = sheet.addRow(cells);
    row.getCell(4).numFmt = "dd/mm/yyyy";
    row.getCell(5).numFmt = "dd/mm/yyyy";
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

/** Writes the workbook, then imports it in a child process (its peak memory is the import's alone). */
export async function benchImportXlsx(serverUrl: string | undefined, rows: number = LIMITS.importRowsMax) {
  const bytes = await legacyWorkbook(rows);
  const file = path.join(tmpdir(), `relais-bench-import-${process.pid}.xlsx`);
  writeFileSync(file, bytes);
  try {
    console.log(
      `\n## Import of a ${rows.toLocaleString("en")}-row prospect table as XLSX (${(bytes.length / 1e6).toFixed(1)} MB) on ${serverUrl ? "PostgreSQL" : "PGlite"}`,
    );
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, `--max-old-space-size=${HEAP_MB}`, import.meta.filename, file, serverUrl ?? ""],
      { stdio: "inherit" },
    );
    if (child.status !== 0) console.log(`import process failed (exit ${child.status}, signal ${child.signal})`);
  } finally {
    rmSync(file, { force: true });
  }
}

async function importInThisProcess(file: string, serverUrl: string | undefined) {
  // PGlite in a folder, as `npm start` runs it: in memory, the base itself would count as the import's memory.
  const dataDir = serverUrl ? undefined : mkdtempSync(path.join(tmpdir(), "relais-bench-pglite-"));
  const { database, drop } = dataDir
    ? await openDatabase({ kind: "pglite", dataDir }).then(async (database) => {
        await migrateDatabase(database);
        return {
          database,
          drop: () => database.close().finally(() => rmSync(dataDir, { recursive: true, force: true })),
        };
      })
    : await createTestDatabase({ serverUrl });
  try {
    const ctx = {
      database,
      clock: new ManualClock(AS_OF),
      config: loadConfig({}),
      logger: createLogger("silent"),
      actor: systemActor("bench"),
    };
    const bytes = readFileSync(file);
    global.gc?.();
    const before = process.memoryUsage();
    let peakHeap = before.heapUsed;
    let peakRss = before.rss;
    const sample = setInterval(() => {
      const now = process.memoryUsage();
      peakHeap = Math.max(peakHeap, now.heapUsed);
      peakRss = Math.max(peakRss, now.rss);
    }, 20);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const start = performance.now();
    let readPeak = "";
    const report = await importPeople(ctx, "prospect", bytes, {
      dryRun: false,
      onProgress: (event) => {
        // The first write event comes once the file is read and checked: the peaks so far are the check's.
        if (event.phase === "write")
          readPeak ||= `${((performance.now() - start) / 1000).toFixed(1)} s, peak RSS +${((Math.max(peakRss, process.memoryUsage().rss) - before.rss) / MB).toFixed(0)} MB, heap +${((Math.max(peakHeap, process.memoryUsage().heapUsed) - before.heapUsed) / MB).toFixed(0)} MB`;
      },
    });
    const seconds = (performance.now() - start) / 1000;
    loop.disable();
    clearInterval(sample);
    console.log(
      `import: ${seconds.toFixed(1)} s — created ${report.created}, rejected ${report.rejected}, errors ${report.errorCount}`,
    );
    const rssPeak = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
    console.log(
      `memory (heap capped at ${HEAP_MB} MB): RSS ${(before.rss / MB).toFixed(0)} MB before (database open), peak ${(rssPeak / MB).toFixed(0)} MB (+${((rssPeak - before.rss) / MB).toFixed(0)} MB); heap ${(before.heapUsed / MB).toFixed(0)} MB before, peak ${(peakHeap / MB).toFixed(0)} MB (+${((peakHeap - before.heapUsed) / MB).toFixed(0)} MB, sampled every 20 ms)`,
    );
    console.log(`reading and checking every row (first reading): ${readPeak}`);
    console.log(
      `event loop held at most ${(loop.max / 1e6).toFixed(0)} ms at a time (p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms)`,
    );
  } finally {
    await drop();
  }
}

if (process.argv[1] === import.meta.filename) {
  const [first, second] = process.argv.slice(2);
  if (first?.endsWith(".xlsx")) await importInThisProcess(first, second || undefined);
  else await benchImportXlsx(first || undefined, Number(process.env.BENCH_IMPORT_ROWS ?? LIMITS.importRowsMax));
}
