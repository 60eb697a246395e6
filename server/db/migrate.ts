import { readFileSync } from "node:fs";
import path from "node:path";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { projectRoot } from "../paths.ts";
import type { Database } from "./client.ts";

export const migrationsFolder = path.join(projectRoot, "server/db/migrations");

/** Arbitrary constant: the advisory lock that keeps two instances from migrating at once. */
const MIGRATION_LOCK = 7_265_001;

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

let journalCache: JournalEntry[] | undefined;

/** The migrations this code ships (read once: they do not change while it runs). */
function readJournal(): JournalEntry[] {
  if (journalCache) return journalCache;
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as {
    entries: JournalEntry[];
  };
  journalCache = journal.entries;
  return journalCache;
}

/** Applies the pending migrations; safe to call from several instances at once. */
export async function migrateDatabase(database: Database): Promise<void> {
  if ("pglite" in database.driver) {
    await migratePglite(drizzlePglite({ client: database.driver.pglite }), { migrationsFolder });
    return;
  }
  // A dedicated connection: advisory locks belong to a session, not to a pool.
  const client = new pg.Client({ connectionString: database.driver.url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migratePg(drizzlePg({ client }), { migrationsFolder });
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}

export interface MigrationLevel {
  /** Tag of the last applied migration (e.g. "0000_foundation"), or null on an empty base. */
  current: string | null;
  applied: number;
  /** Tag of the newest migration this code ships. */
  latest: string | null;
}

/** Where the base stands against the migrations this code ships (health, backup). */
export async function readMigrationLevel(database: Database): Promise<MigrationLevel> {
  const journal = readJournal();
  const latest = journal.at(-1)?.tag ?? null;
  const exists = await database.query<{ present: boolean }>(
    "select to_regclass('drizzle.__drizzle_migrations') is not null as present",
  );
  if (!exists[0]?.present) return { current: null, applied: 0, latest };
  const rows = await database.query<{ created_at: string }>(
    "select created_at from drizzle.__drizzle_migrations order by created_at",
  );
  const last = rows.at(-1);
  const current = last ? (journal.find((e) => e.when === Number(last.created_at))?.tag ?? "unknown") : null;
  return { current, applied: rows.length, latest };
}
