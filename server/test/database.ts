import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";

/** The PostgreSQL server the suite runs against, if any; PGlite otherwise. */
export const testServerUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

export interface TestDatabase {
  database: Database;
  drop(): Promise<void>;
}

async function adminQuery(sqlText: string) {
  const client = new pg.Client({ connectionString: testServerUrl });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

/** A new, empty, migrated database of its own: in-memory PGlite, or a fresh database on the PostgreSQL server. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  if (!testServerUrl) {
    const database = await openDatabase({ kind: "pglite", dataDir: undefined });
    if (options.migrate !== false) await migrateDatabase(database);
    return { database, drop: () => database.close() };
  }
  const name = `relais_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: "postgresql", url: url.toString() });
  if (options.migrate !== false) await migrateDatabase(database);
  return {
    database,
    drop: async () => {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
