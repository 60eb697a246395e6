/**
 * Automatic backup benchmark (issue 17: « the embedded default keeps its place »), on PGlite in a
 * folder at clinic size: BENCH_BACKUP_PEOPLE (default 50,000) generated people with 5 interactions
 * each (bench/load-people.ts). Measures what the nightly backup costs — its duration (the base
 * waits for it: PGlite is one connection) and its file's size — then the restore into a fresh
 * folder, the way docs/DEPLOYMENT.md says to.
 *
 * Standalone: `npx tsx bench/backup.ts`.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ManualClock, stopwatch } from "../server/clock.ts";
import { systemActor } from "../server/context.ts";
import { backupDatabase, restoreDatabase } from "../server/db/backup.ts";
import { openDatabase } from "../server/db/client.ts";
import { migrateDatabase } from "../server/db/migrate.ts";
import { loadPeople } from "./load-people.ts";

const PEOPLE = Number(process.env.BENCH_BACKUP_PEOPLE ?? 50_000);
const AS_OF = new Date("2026-03-02T02:30:00Z");

export async function benchBackup(log: (line: string) => void = console.log): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), "relais-bench-backup-"));
  try {
    const source = await openDatabase({ kind: "pglite", dataDir: path.join(root, "source") });
    await migrateDatabase(source);
    await loadPeople(source, { people: PEOPLE, asOf: AS_OF });
    const file = path.join(root, "relais-2026-03-02.relais.gz");
    const backupTime = stopwatch();
    const counts = await backupDatabase(source, file, AS_OF);
    const backupMs = backupTime();
    await source.close();
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    log(
      `backup (PGlite, ${PEOPLE.toLocaleString("en-US")} people, ${rows.toLocaleString("en-US")} rows): ${(backupMs / 1000).toFixed(1)} s, ${(statSync(file).size / 1e6).toFixed(1)} MB`,
    );
    const target = await openDatabase({ kind: "pglite", dataDir: path.join(root, "target") });
    await migrateDatabase(target);
    const restoreTime = stopwatch();
    await restoreDatabase(target, file, { clock: new ManualClock(AS_OF), actor: systemActor("bench") });
    log(`restore into a fresh PGlite folder: ${(restoreTime() / 1000).toFixed(1)} s`);
    await target.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await benchBackup();
}
