import { createReadStream, createWriteStream, renameSync, rmSync } from "node:fs";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { sql } from "drizzle-orm";
import type { Clock } from "../clock.ts";
import type { Actor } from "../context.ts";
import { recordAudit } from "../modules/audit/record-audit.ts";
import { forgetAllCachedSessions } from "../modules/auth/sessions.ts";
import { relaisVersion } from "../paths.ts";
import type { Database, Tx } from "./client.ts";
import { sqlState } from "./errors.ts";
import { readMigrationLevel } from "./migrate.ts";

/**
 * Whole-base backup to one file and back, the same on PGlite and PostgreSQL
 * (and across them: an embedded base can move to a server).
 *
 * The file is gzip'd text, one item a line:
 *   line 1          header (JSON): format, migration level, tables
 *   `T <table>`     the rows that follow belong to this table
 *   `R <json>`      one row, as PostgreSQL's row_to_json wrote it: never parsed
 *                   in JavaScript, so big integers and decimals keep every digit
 *   `E <json>`      the end, with the row count of each table
 * A file without its end line, or with missing rows, is refused before
 * anything is replaced. Sessions and login attempts are not saved: a restore
 * signs everyone out, and no ended session comes back to life.
 * (One thing JSON cannot tell apart: a jsonb holding JSON `null` comes back as
 * SQL NULL; Relais stores absent values as SQL NULL.)
 */

const FORMAT = "relais-backup";
const FORMAT_VERSION = 1;
const CHUNK_ROWS = 2000;
const NOT_SAVED = new Set(["sessions", "login_attempts"]);

interface Header {
  format: typeof FORMAT;
  formatVersion: number;
  relaisVersion: string;
  migration: string | null;
  databaseKind: string;
  createdAt: string;
  tables: string[];
}

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

/** Writes the whole base, read in one consistent snapshot, to `file` (replaced only once complete). */
export async function backupDatabase(database: Database, file: string, now: Date, onProgress?: Progress) {
  const level = await readMigrationLevel(database);
  const counts: Record<string, number> = {};
  const partial = `${file}.partial`;
  const gzip = createGzip();
  // Backups hold personal data: readable by their owner only.
  const done = pipeline(gzip, createWriteStream(partial, { mode: 0o600 }));
  let failed: unknown;
  done.catch((error: unknown) => {
    failed = error;
  });
  const write = (line: string) =>
    new Promise<void>((resolve, reject) => {
      if (failed) return reject(failed);
      if (gzip.write(`${line}\n`)) return resolve();
      gzip.once("drain", resolve);
      done.catch(reject);
    });
  try {
    await database.db.transaction(
      async (tx) => {
        const tables = (await listTables(tx)).filter((t) => !NOT_SAVED.has(t));
        const header: Header = {
          format: FORMAT,
          formatVersion: FORMAT_VERSION,
          relaisVersion,
          migration: level.current,
          databaseKind: database.kind,
          createdAt: now.toISOString(),
          tables,
        };
        await write(JSON.stringify(header));
        for (const table of tables) {
          counts[table] = 0;
          await write(`T ${table}`);
          const cursor = quoteIdent(`backup_${table}`);
          await tx.execute(
            sql.raw(
              `declare ${cursor} no scroll cursor for select row_to_json(t)::text as r from ${quoteIdent(table)} t`,
            ),
          );
          for (;;) {
            const rows = await rowsOf<{ r: string }>(tx, `fetch ${CHUNK_ROWS} from ${cursor}`);
            if (rows.length === 0) break;
            for (const row of rows) await write(`R ${row.r}`);
            counts[table] += rows.length;
            onProgress?.({ table, rows: counts[table] });
          }
          await tx.execute(sql.raw(`close ${cursor}`));
        }
      },
      { isolationLevel: "repeatable read", accessMode: "read only" },
    );
    await write(`E ${JSON.stringify({ counts })}`);
    gzip.end();
    await done;
    renameSync(partial, file);
    return counts;
  } catch (error) {
    gzip.destroy();
    await done.catch(() => {});
    rmSync(partial, { force: true });
    throw error;
  }
}

type Item =
  | { kind: "header"; header: Header }
  | { kind: "table"; table: string }
  | { kind: "row"; json: string; line: number }
  | { kind: "end"; counts: Record<string, number> };

async function* readItems(file: string): AsyncGenerator<Item> {
  const reader = createInterface({
    input: createReadStream(file).pipe(createGunzip()),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let first = true;
  let lineNumber = 0;
  try {
    for await (const line of reader) {
      lineNumber++;
      if (first) {
        first = false;
        const header = JSON.parse(line) as Header;
        if (header?.format !== FORMAT) throw new BackupError("Ce fichier n'est pas une sauvegarde Relais.");
        if (header.formatVersion !== FORMAT_VERSION)
          throw new BackupError(`Format de sauvegarde non pris en charge : ${header.formatVersion}.`);
        yield { kind: "header", header };
      } else if (line.startsWith("R ")) yield { kind: "row", json: line.slice(2), line: lineNumber };
      else if (line.startsWith("T ")) yield { kind: "table", table: line.slice(2) };
      else if (line.startsWith("E "))
        yield { kind: "end", counts: (JSON.parse(line.slice(2)) as { counts: Record<string, number> }).counts };
      else if (line.trim() !== "")
        throw new BackupError(`Le fichier de sauvegarde est endommagé (ligne ${lineNumber} inconnue).`);
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(
      `Le fichier de sauvegarde est illisible (ligne ${lineNumber}${(error as NodeJS.ErrnoException).code ? `, code ${(error as NodeJS.ErrnoException).code}` : ""}).`,
    );
  }
  if (first) throw new BackupError("Le fichier de sauvegarde est vide.");
}

/** Reads a backup through once to check it is whole, before anything is replaced. */
export async function inspectBackup(file: string): Promise<{ header: Header; counts: Record<string, number> }> {
  let header: Header | undefined;
  let counts: Record<string, number> | undefined;
  let table: string | undefined;
  const seen: Record<string, number> = {};
  for await (const item of readItems(file)) {
    if (item.kind === "header") header = item.header;
    else if (item.kind === "table") table = item.table;
    else if (item.kind === "row" && table) seen[table] = (seen[table] ?? 0) + 1;
    else if (item.kind === "end") counts = item.counts;
  }
  if (!header) throw new BackupError("Le fichier de sauvegarde est vide.");
  if (!counts)
    throw new BackupError("Le fichier de sauvegarde est tronqué (pas de marque de fin) : il n'a pas été restauré.");
  for (const [name, n] of Object.entries(counts)) {
    if ((seen[name] ?? 0) !== n)
      throw new BackupError(`Le fichier de sauvegarde est endommagé : la table ${name} est incomplète.`);
  }
  return { header, counts };
}

/**
 * Replaces the whole base with a backup, in one transaction: on any failure the
 * base is left as it was. The backup must come from the same migration level.
 * The restore itself is the first audit event after the restored ones.
 */
export async function restoreDatabase(
  database: Database,
  file: string,
  audit: { clock: Clock; actor: Actor },
  onProgress?: Progress,
) {
  const { header, counts } = await inspectBackup(file);
  const level = await readMigrationLevel(database);
  if (header.migration !== level.current) {
    throw new BackupError(
      `La sauvegarde est au niveau de migration ${header.migration}, cette base au niveau ${level.current} : restaurez-la avec la version de Relais correspondante.`,
    );
  }
  await database.db.transaction(async (tx) => {
    const tables = await listTables(tx);
    const unknown = header.tables.filter((t) => !tables.includes(t));
    if (unknown.length)
      throw new BackupError(`La sauvegarde contient des tables que cette base n'a pas : ${unknown.join(", ")}.`);
    const columns = await rowsOf<{ table_name: string; column_name: string }>(
      tx,
      "select table_name, column_name from information_schema.columns where table_schema = 'public' and is_generated = 'NEVER' order by table_name, ordinal_position",
    );
    const columnList = (table: string) =>
      columns
        .filter((c) => c.table_name === table)
        .map((c) => quoteIdent(c.column_name))
        .join(", ");
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
    let table: string | undefined;
    let batch: string[] = [];
    let firstLine = 0;
    let lastLine = 0;
    const flush = async () => {
      if (!table || batch.length === 0) return;
      const cols = columnList(table);
      const target = quoteIdent(table);
      // The rows go to PostgreSQL as the text they were saved as, in one JSON array.
      try {
        await tx.execute(
          sql
            .raw(`insert into ${target} (${cols}) overriding system value
                   select ${cols} from json_populate_recordset(null::${target}, `)
            .append(sql`${`[${batch.join(",")}]`}::json)`),
        );
      } catch (error) {
        // The database's message and query hold the rows (names, phones): only the lines and the code.
        const code = sqlState(error) ?? "inconnu";
        throw new BackupError(
          `La sauvegarde n'a pas pu être restaurée : la table ${table}, lignes ${firstLine} à ${lastLine} du fichier, est refusée par la base (code ${code}). Rien n'a été modifié.`,
        );
      }
      restored[table] = (restored[table] ?? 0) + batch.length;
      onProgress?.({ table, rows: restored[table] ?? 0 });
      batch = [];
    };
    for await (const item of readItems(file)) {
      if (item.kind === "table") {
        await flush();
        table = item.table;
      } else if (item.kind === "row") {
        if (batch.length === 0) firstLine = item.line;
        lastLine = item.line;
        batch.push(item.json);
        if (batch.length >= CHUNK_ROWS) await flush();
      }
    }
    await flush();

    for (const fk of foreignKeys) {
      await tx.execute(
        sql.raw(`alter table ${quoteIdent(fk.table_name)} add constraint ${quoteIdent(fk.name)} ${fk.definition}`),
      );
    }
    // Every sequence (identity or serial) continues after the restored rows.
    const sequences = await rowsOf<{ table_name: string; column_name: string; seq: string }>(
      tx,
      `select table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) as seq
         from information_schema.columns
        where table_schema = 'public' and pg_get_serial_sequence(quote_ident(table_name), column_name) is not null`,
    );
    for (const { table_name, column_name, seq } of sequences) {
      await tx.execute(
        sql`select setval(${seq}::regclass, coalesce((select max(${sql.identifier(column_name)}) from ${sql.identifier(table_name)}), 0) + 1, false)`,
      );
    }
    await recordAudit(tx, audit.clock, audit.actor, {
      action: "database.restore",
      entityType: "database",
      after: { file: header.createdAt, migration: header.migration, relaisVersion: header.relaisVersion, counts },
    });
  });
  // Sessions are not in a backup: nobody is signed in to the restored base.
  forgetAllCachedSessions(database);
  return counts;
}
