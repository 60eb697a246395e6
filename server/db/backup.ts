import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { sql } from "drizzle-orm";
import { relaisVersion } from "../paths.ts";
import type { Database, Tx } from "./client.ts";
import { readMigrationLevel } from "./migrate.ts";

/**
 * Whole-base backup to one file and back, the same on PGlite and PostgreSQL
 * (and across them: an embedded base can move to a server). The file is gzip'd
 * JSON lines: a header, the rows of each table in chunks, a trailer with the
 * row counts, so a truncated file is detected before anything is replaced.
 */

const FORMAT = "relais-backup";
const FORMAT_VERSION = 1;
const CHUNK_ROWS = 2000;

interface Header {
  format: typeof FORMAT;
  formatVersion: number;
  relaisVersion: string;
  migration: string | null;
  databaseKind: string;
  createdAt: string;
  tables: string[];
}

type Line = Header | { table: string; rows: unknown[] } | { end: true; counts: Record<string, number> };

export class BackupError extends Error {}

export type Progress = (event: { table: string; rows: number }) => void;

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function rowsOf<T>(tx: Tx, text: string): Promise<T[]> {
  const result = (await tx.execute(sql.raw(text))) as unknown as { rows: T[] };
  return result.rows;
}

async function listTables(tx: Tx): Promise<string[]> {
  const rows = await rowsOf<{ table_name: string }>(
    tx,
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name",
  );
  return rows.map((r) => r.table_name);
}

/** Writes the whole base, read in one consistent snapshot, to `file`. Returns the row counts. */
export async function backupDatabase(database: Database, file: string, now: Date, onProgress?: Progress) {
  const level = await readMigrationLevel(database);
  const counts: Record<string, number> = {};
  // The snapshot is read inside one transaction; lines are buffered per chunk and flushed through gzip.
  const gzip = createGzip();
  const done = pipeline(gzip, createWriteStream(file));
  const write = (line: Line) =>
    new Promise<void>((resolve) => {
      if (gzip.write(`${JSON.stringify(line)}\n`)) resolve();
      else gzip.once("drain", resolve);
    });
  await database.db.transaction(
    async (tx) => {
      const tables = await listTables(tx);
      await write({
        format: FORMAT,
        formatVersion: FORMAT_VERSION,
        relaisVersion,
        migration: level.current,
        databaseKind: database.kind,
        createdAt: now.toISOString(),
        tables,
      });
      for (const table of tables) {
        counts[table] = 0;
        const cursor = `backup_${table}`;
        await tx.execute(
          sql.raw(
            `declare ${quoteIdent(cursor)} no scroll cursor for select row_to_json(t) as r from ${quoteIdent(table)} t`,
          ),
        );
        for (;;) {
          const rows = await rowsOf<{ r: unknown }>(tx, `fetch ${CHUNK_ROWS} from ${quoteIdent(cursor)}`);
          if (rows.length === 0) break;
          await write({ table, rows: rows.map((row) => row.r) });
          counts[table] += rows.length;
          onProgress?.({ table, rows: counts[table] });
        }
        await tx.execute(sql.raw(`close ${quoteIdent(cursor)}`));
      }
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  await write({ end: true, counts });
  gzip.end();
  await done;
  return counts;
}

async function* readLines(file: string): AsyncGenerator<Line> {
  const input = createReadStream(file).pipe(createGunzip());
  const reader = createInterface({ input: Readable.from(input), crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const text of reader) {
      if (text.trim() !== "") yield JSON.parse(text) as Line;
    }
  } catch (error) {
    throw new BackupError(`The backup file cannot be read (${(error as Error).message}).`);
  }
}

/** Reads a backup through once to check it is whole and fits this base, before anything is replaced. */
export async function inspectBackup(file: string): Promise<{ header: Header; counts: Record<string, number> }> {
  let header: Header | undefined;
  let counts: Record<string, number> | undefined;
  const seen: Record<string, number> = {};
  for await (const line of readLines(file)) {
    if (!header) {
      if (!("format" in line) || line.format !== FORMAT) throw new BackupError("This file is not a Relais backup.");
      if (line.formatVersion !== FORMAT_VERSION)
        throw new BackupError(`Unsupported backup format ${line.formatVersion}.`);
      header = line;
    } else if ("table" in line) {
      seen[line.table] = (seen[line.table] ?? 0) + line.rows.length;
    } else if ("end" in line) {
      counts = line.counts;
    }
  }
  if (!header) throw new BackupError("The backup file is empty.");
  if (!counts) throw new BackupError("The backup file is truncated (no end marker): it was not restored.");
  for (const [table, n] of Object.entries(counts)) {
    if ((seen[table] ?? 0) !== n) throw new BackupError(`The backup file is damaged: table ${table} is incomplete.`);
  }
  return { header, counts };
}

/**
 * Replaces the whole base with a backup, in one transaction: on any failure the
 * base is left as it was. The backup must come from the same migration level.
 */
export async function restoreDatabase(database: Database, file: string, onProgress?: Progress) {
  const { header, counts } = await inspectBackup(file);
  const level = await readMigrationLevel(database);
  if (header.migration !== level.current) {
    throw new BackupError(
      `The backup is at migration ${header.migration}, this base at ${level.current}: restore it with the matching version of Relais.`,
    );
  }
  await database.db.transaction(async (tx) => {
    const tables = await listTables(tx);
    const unknown = header.tables.filter((t) => !tables.includes(t));
    if (unknown.length) throw new BackupError(`The backup holds tables this base lacks: ${unknown.join(", ")}.`);
    // Foreign keys are dropped for the load and put back after: rows then load in any order,
    // and re-adding each constraint checks the restored data as a whole.
    const foreignKeys = await rowsOf<{ table_name: string; name: string; definition: string }>(
      tx,
      `select rel.relname as table_name, con.conname as name, pg_get_constraintdef(con.oid) as definition
         from pg_constraint con join pg_class rel on rel.oid = con.conrelid join pg_namespace ns on ns.oid = rel.relnamespace
        where con.contype = 'f' and ns.nspname = 'public'`,
    );
    for (const fk of foreignKeys) {
      await tx.execute(sql.raw(`alter table ${quoteIdent(fk.table_name)} drop constraint ${quoteIdent(fk.name)}`));
    }
    await tx.execute(sql.raw(`truncate ${tables.map(quoteIdent).join(", ")} restart identity`));
    const restored: Record<string, number> = {};
    for await (const line of readLines(file)) {
      if (!("table" in line)) continue;
      await tx.execute(
        sql`insert into ${sql.identifier(line.table)} overriding system value select * from json_populate_recordset(null::${sql.identifier(line.table)}, ${JSON.stringify(line.rows)}::json)`,
      );
      restored[line.table] = (restored[line.table] ?? 0) + line.rows.length;
      onProgress?.({ table: line.table, rows: restored[line.table] ?? 0 });
    }
    for (const fk of foreignKeys) {
      await tx.execute(
        sql.raw(`alter table ${quoteIdent(fk.table_name)} add constraint ${quoteIdent(fk.name)} ${fk.definition}`),
      );
    }
    // Identity columns continue after the restored rows.
    const identities = await rowsOf<{ table_name: string; column_name: string }>(
      tx,
      "select table_name, column_name from information_schema.columns where table_schema = 'public' and is_identity = 'YES'",
    );
    for (const { table_name, column_name } of identities) {
      const t = quoteIdent(table_name);
      const c = quoteIdent(column_name);
      await tx.execute(
        sql.raw(
          `select setval(pg_get_serial_sequence('${t}', '${column_name.replaceAll("'", "''")}'), coalesce((select max(${c}) from ${t}), 0) + 1, false)`,
        ),
      );
    }
  });
  return counts;
}
