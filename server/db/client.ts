import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import type { DatabaseConfig } from "../config.ts";
import { AppError } from "../http/errors.ts";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
/** The typed query layer, the same on PGlite and PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database itself or an open transaction. */
export type Executor = Db | Tx;

export type DatabaseKind = "pglite" | "postgresql";

export interface Database {
  kind: DatabaseKind;
  db: Db;
  /** Runs plain SQL (several statements allowed, no parameters): migrations, backups, tests. */
  exec(sqlText: string): Promise<void>;
  /** Runs one parameterised statement and returns its rows. */
  query<T = Record<string, unknown>>(sqlText: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs a statement prepared once per connection and planned once (a generic plan), for the
   * lookup at every key stroke: planning it cost twice its run. Only for statements whose every
   * condition reads an index with its parameters as they are (`=`, ranges; never `like $1`),
   * since a generic plan knows nothing of the values. PostgreSQL: a small pool of its own whose
   * connections set `plan_cache_mode = force_generic_plan`; PGlite: a plain query.
   */
  queryPrepared<T = Record<string, unknown>>(name: string, sqlText: string, params: unknown[]): Promise<T[]>;
  close(): Promise<void>;
  /** The underlying driver, for the migrator's dedicated connection. */
  driver: { pglite: PGlite } | { pool: pg.Pool; url: string };
}

/** Opens the database the configuration names: PGlite in a folder (or memory), or a PostgreSQL server. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === "postgresql") return openPostgres(config.url);
  return openPglite(config.dataDir);
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir ?? "memory://");
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    kind: "pglite",
    db,
    exec: async (sqlText) => {
      await client.exec(sqlText);
    },
    query: async <T>(sqlText: string, params: unknown[] = []) => {
      const result = await client.query<T>(sqlText, params);
      return result.rows;
    },
    queryPrepared: async <T>(_name: string, sqlText: string, params: unknown[]) => {
      const result = await client.query<T>(sqlText, params);
      return result.rows;
    },
    close: () => client.close(),
    driver: { pglite: client },
  };
}

/**
 * The report replica (DATABASE_REPLICA_URL, server/db/replica.ts): a smaller pool whose every
 * transaction is read-only, so that nothing can be written there even by mistake; not probed at
 * start (a replica down must not keep the front desk from working).
 */
export async function openReplicaDatabase(url: string): Promise<Database> {
  const replica = await openPostgres(url, { readOnly: true, probe: false, max: 5 });
  if (!("pool" in replica.driver)) return replica;
  // A replica that cannot be reached answers the report with a clear 503, never a 500; nothing falls back
  // to the primary behind the operator's back (the reports' load is what the replica is there to take).
  const { pool } = replica.driver;
  const connect = pool.connect.bind(pool) as (
    callback?: (error: Error | undefined, client: unknown, done: unknown) => void,
  ) => Promise<unknown> | undefined;
  const unavailable = (error: unknown) => new AppError(503, "report_replica_unavailable", { cause: error });
  (pool as unknown as { connect: typeof connect }).connect = (callback) =>
    callback
      ? connect((error, client, done) => callback(error ? unavailable(error) : undefined, client, done))
      : (connect() as Promise<unknown>).catch((error: unknown) => {
          throw unavailable(error);
        });
  return replica;
}

/** The connections of the lookup's prepared statements (queryPrepared), on each instance. */
const PREPARED_POOL_SIZE = 4;

function newPool(url: string, max: number, settings: string[], extra: pg.PoolConfig = {}) {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    ...extra,
    // While the server restarts or is out of reach, a request fails in 5 s (503) rather than waiting for ever.
    connectionTimeoutMillis: 5_000,
    // A connection cut without a word (a failover, a dropped link) is found out by TCP rather than at the next query.
    keepAlive: true,
    ...(settings.length > 0 ? { options: settings.map((setting) => `-c ${setting}`).join(" ") } : {}),
  });
  // An idle connection cut by the server (restart, failover) must not bring Relais down:
  // the pool drops it and the next query opens a new one.
  pool.on("error", (error) => process.emitWarning(`PostgreSQL idle connection lost: ${error.message}`));
  // Nor one cut while checked out between two statements (a transaction): pg-pool listens to an
  // idle connection only, and an 'error' nobody listens to ends the process. The transaction's
  // next statement fails (503, nothing committed) and the pool drops the connection at release.
  pool.on("connect", (client) => {
    client.on("error", () => {});
  });
  return pool;
}

/**
 * The pool of the lookup's prepared statements: each connection plans them once (a generic plan, set
 * by a statement rather than a startup option, which PgBouncer would refuse) and stays open while
 * idle, so that a key stroke after a quiet minute does not pay a new connection and a new plan.
 */
function newPreparedPool(url: string, settings: string[]) {
  const pool = newPool(url, PREPARED_POOL_SIZE, settings, { idleTimeoutMillis: 0 });
  pool.on("connect", (client) => {
    // Queued before the first statement; should it fail, statements are planned each time, still right.
    client.query("set plan_cache_mode = force_generic_plan").catch(() => {});
  });
  return pool;
}

async function openPostgres(
  url: string,
  options: { readOnly?: boolean; probe?: boolean; max?: number } = {},
): Promise<Database> {
  const readOnly = options.readOnly ? ["default_transaction_read_only=on"] : [];
  const pool = newPool(url, options.max ?? 10, readOnly);
  // Opened at the first lookup: migrations, scripts and workers never need it.
  let prepared: pg.Pool | undefined;
  let closed = false;
  if (options.probe !== false) {
    // Fail at start, with the driver's message, rather than at the first request.
    const probe = await pool.connect();
    probe.release();
  }
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return {
    kind: "postgresql",
    db,
    exec: async (sqlText) => {
      await pool.query(sqlText);
    },
    query: async <T>(sqlText: string, params: unknown[] = []) => {
      const result = await pool.query(sqlText, params);
      return result.rows as T[];
    },
    queryPrepared: async <T>(name: string, sqlText: string, values: unknown[]) => {
      // Closed: the main pool's own error (« Cannot use a pool after calling end »), no pool opened anew.
      if (closed) return (await pool.query(sqlText, values)).rows as T[];
      prepared ??= newPreparedPool(url, readOnly);
      const result = await prepared.query({ name, text: sqlText, values });
      return result.rows as T[];
    },
    close: async () => {
      closed = true;
      await Promise.all([pool.end(), prepared?.end()]);
    },
    driver: { pool, url },
  };
}
