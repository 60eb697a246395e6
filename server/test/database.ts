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

async function adminQuery(serverUrl: string, sqlText: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

/** A new, empty, migrated database of its own: in-memory PGlite, or a fresh database on the PostgreSQL server. */
export async function createTestDatabase(
  options: { migrate?: boolean; serverUrl?: string | undefined } = {},
): Promise<TestDatabase> {
  const serverUrl = "serverUrl" in options ? options.serverUrl : testServerUrl;
  if (!serverUrl) {
    const database = await openDatabase({ kind: "pglite", dataDir: undefined });
    if (options.migrate !== false) await migrateDatabase(database);
    return { database, drop: () => database.close() };
  }
  const name = `relais_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: "postgresql", url: url.toString() });
  if (options.migrate !== false) await migrateDatabase(database);
  return {
    database,
    drop: async () => {
      await database.close();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
