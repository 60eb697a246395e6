import { randomUUID } from "node:crypto";
import { TZDate } from "@date-fns/tz";
import { eq, inArray, sql } from "drizzle-orm";
import { LIMITS } from "../../../../shared/limits.ts";
import { authorize } from "../../../authorize.ts";
import { clinicDay } from "../../../clinic-calendar.ts";
import type { Ctx } from "../../../context.ts";
import { bulkInsert } from "../../../db/bulk-insert.ts";
import type { Tx } from "../../../db/client.ts";
import { people, personPhones, temperatureChanges } from "../../../db/schema/index.ts";
import { AppError, fieldError } from "../../../http/errors.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Settings } from "../../settings/settings.schema.ts";
import { readSettings } from "../../settings/settings.ts";
import { foldName } from "../names.ts";
import { auditPerson, type PersonRow } from "../present.ts";
import { type PersonKind, phonesOf } from "../records.ts";
import { mapColumns } from "./columns.ts";
import type { ImportReport } from "./import.schema.ts";
import { type ParsedRow, parseRow, type RowError } from "./parse-row.ts";
import { openTable, type Table, TableError, TooManyRows } from "./read-table.ts";

export type { ImportReport };

/**
 * How far an import is: the rows read and checked (`total` 0 until the file has
 * been read to its end: its number of rows is not known before), then the rows written.
 */
export type ImportProgress = (event: { phase: "read" | "write"; done: number; total: number }) => void;

/** Thrown inside the transaction of a dry run so that nothing it did is kept. */
class DryRun extends Error {
  constructor(readonly report: ImportReport) {
    super("dry run");
  }
}

const BATCH = 1000;

/**
 * Rows written after which the planner's statistics of the people tables are
 * refreshed within the import's transaction, then again each time the count doubles.
 */
const STATISTICS_FROM = 10_000;

/**
 * Lets the server breathe between batches: the progress lines go out, and other
 * requests are served (PGlite runs queries on the main thread, so without this
 * a long import would hold everything until its end).
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The file read once and its rows checked: which lines are written, and the reasons of those refused. */
interface CheckedFile {
  format: Table["format"];
  /** Data rows in the file. */
  rows: number;
  columns: ReturnType<typeof mapColumns>;
  settings: Settings;
  /** The clinic's day the rows were checked against (the write reads them again against the same day). */
  today: string;
  /** Lines refused: at least one error, or a row the file already had. */
  refused: Set<number>;
  errorCount: number;
}

/** Where the reasons of refused rows go: the report keeps the first ones, the CSV of errors all of them. */
type ErrorSink = (error: RowError) => void;

/**
 * Imports a prospect table (the legacy tracking table) or a patient export
 * (Eyone) — DESIGN §5. Rows that fail validation are refused and reported with
 * line, field and reason; the valid rows are written in one transaction, so a
 * failure mid-way writes none of them; a dry run reports without writing.
 * Re-importing a file changes nothing: a patient row is the same record when
 * its file number is; a prospect row when its phone, names and creation date
 * are. A prospect with a known phone but another creation date is kept as a
 * separate record, flagged as a possible duplicate (the conversion table needs it).
 *
 * Memory stays flat whatever the file's size: the file is read twice as a
 * stream — once to check every row (outside any transaction, so that the other
 * users are not held), once to write the valid rows a batch at a time, each
 * batch matched against the base as it stands (earlier batches of the file
 * included) — and only the identities of the rows seen are kept in between.
 */
export async function importPeople(
  ctx: Ctx,
  kind: PersonKind,
  bytes: Buffer,
  options: { dryRun: boolean; onProgress?: ImportProgress },
): Promise<ImportReport> {
  authorize(ctx.actor, "people.import");
  const progress = options.onProgress ?? (() => {});
  const errors: RowError[] = [];
  const checked = await checkFile(ctx, kind, bytes, progress, (error) => {
    if (errors.length < LIMITS.importErrorsListed) errors.push(error);
  });
  const report: ImportReport = {
    kind,
    format: checked.format,
    dryRun: options.dryRun,
    rows: checked.rows,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: checked.refused.size,
    flaggedDuplicates: 0,
    errors,
    errorCount: checked.errorCount,
    ignoredColumns: checked.columns.unknown,
  };
  const total = checked.rows - checked.refused.size;
  try {
    await ctx.database.db.transaction(async (tx) => {
      let done = 0;
      let analyzedAt = STATISTICS_FROM / 2;
      progress({ phase: "write", done, total });
      for await (const batch of validBatches(kind, bytes, checked)) {
        if (done >= analyzedAt * 2) {
          // Each batch is matched against the base, the rows written by the earlier ones included: once
          // they outnumber what the planner knows of, it would scan the tables for each batch.
          await tx.execute(sql`analyze people, person_phones`);
          analyzedAt = done;
        }
        if (kind === "prospect") await writeProspects(ctx, tx, batch, checked.settings, report);
        else await writePatients(ctx, tx, batch, report);
        done += batch.length;
        progress({ phase: "write", done, total });
        await yieldToEventLoop();
      }
      await recordAudit(tx, ctx.clock, ctx.actor, {
        action: `import.${kind}s`,
        entityType: kind,
        after: { ...report, errors: report.errorCount },
      });
      if (options.dryRun) throw new DryRun(report);
    });
  } catch (error) {
    if (error instanceof DryRun) return error.report;
    throw error;
  }
  return report;
}

/**
 * Every refused row of an import file (the report lists the first
 * LIMITS.importErrorsListed): read and checked as an import would, nothing written.
 */
export async function importErrors(ctx: Ctx, kind: PersonKind, bytes: Buffer): Promise<RowError[]> {
  authorize(ctx.actor, "people.import");
  const errors: RowError[] = [];
  await checkFile(
    ctx,
    kind,
    bytes,
    () => {},
    (error) => errors.push(error),
  );
  return errors;
}

/** Opens the file, its header checked: the columns it has, or the refusal naming those missing. */
async function openFile(kind: PersonKind, bytes: Buffer) {
  let table: Table;
  try {
    table = await openTable(bytes, { maxRows: LIMITS.importRowsMax });
  } catch (error) {
    throw importRefusal(error);
  }
  const columns = mapColumns(table.header, kind);
  if (columns.missing.length) {
    throw new AppError(400, "import_missing_columns", {
      message: `Colonnes obligatoires absentes de l'en-tête : ${columns.missing.join(", ")}. En-tête lu : ${table.header.join(" | ")}`,
      details: { missing: columns.missing, header: table.header },
    });
  }
  return { table, columns };
}

/** An unreadable file or one of too many rows, as the refusal the user reads. */
function importRefusal(error: unknown): unknown {
  if (error instanceof TableError) return new AppError(400, "import_unreadable", { message: error.message });
  if (error instanceof TooManyRows) return fieldError("import_too_many_rows", "file");
  return error;
}

/** Every data row of the file, as the record it gives or the reasons it is refused. */
async function* parsedRows(
  table: Table,
  columns: ReturnType<typeof mapColumns>,
  kind: PersonKind,
  settings: Settings,
  today: string,
) {
  try {
    for await (const { line, cells } of table.rows) {
      const get = (column: string) => {
        const i = columns.index.get(column);
        return i === undefined ? null : (cells[i] ?? null);
      };
      yield parseRow(line, get, kind, settings, today);
    }
  } catch (error) {
    throw importRefusal(error);
  }
}

/**
 * The first reading: every row checked, the reasons of those refused sent to
 * `onError`, a row the file already had (same file number; same phone, names
 * and creation day) refused as a duplicate line. Nothing is written.
 */
async function checkFile(
  ctx: Ctx,
  kind: PersonKind,
  bytes: Buffer,
  progress: ImportProgress,
  onError: ErrorSink,
): Promise<CheckedFile> {
  const { table, columns } = await openFile(kind, bytes);
  const { settings } = await readSettings(ctx.database.db);
  const today = clinicDay(ctx.clock.now(), settings.timeZone);
  const refused = new Set<number>();
  let errorCount = 0;
  const refuse = (error: RowError) => {
    refused.add(error.line);
    errorCount += 1;
    onError(error);
  };
  const seen = new Map<string, number>();
  let rows = 0;
  for await (const result of parsedRows(table, columns, kind, settings, today)) {
    rows += 1;
    if (rows % BATCH === 0) {
      progress({ phase: "read", done: rows, total: 0 });
      await yieldToEventLoop();
    }
    if (!result.row) {
      for (const error of result.errors) refuse(error);
      continue;
    }
    const keys = identityKeys(kind, result.row);
    const first = keys.map((key) => seen.get(key)).find((line) => line !== undefined);
    if (first !== undefined) {
      refuse({
        line: result.row.line,
        field: kind === "patient" ? "numero_dossier" : "telephone",
        reason: `ligne en double : même ${kind === "patient" ? "numéro de dossier" : "téléphone, nom, prénom et date de création"} que la ligne ${first}`,
      });
      continue;
    }
    for (const key of keys) seen.set(key, result.row.line);
  }
  if (rows === 0)
    throw new AppError(400, "import_unreadable", { message: "Le fichier ne contient aucune ligne de données." });
  progress({ phase: "read", done: rows, total: rows });
  return { format: table.format, rows, columns, settings, today, refused, errorCount };
}

/** The second reading: the rows the check kept, a batch at a time. */
async function* validBatches(kind: PersonKind, bytes: Buffer, checked: CheckedFile): AsyncGenerator<ParsedRow[]> {
  const { table, columns } = await openFile(kind, bytes);
  let batch: ParsedRow[] = [];
  for await (const result of parsedRows(table, columns, kind, checked.settings, checked.today)) {
    if (!result.row || checked.refused.has(result.row.line)) continue;
    batch.push(result.row);
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/**
 * What makes two rows of one file the same record: the file number of a
 * patient; one of the phones of a prospect with her names and creation day.
 */
function identityKeys(kind: PersonKind, row: ParsedRow): string[] {
  if (kind === "patient") return [`ehr:${row.ehrNumber}`];
  const rest = [foldName(row.lastName), foldName(row.firstName), row.createdOn].join("|");
  return row.phones.map((phone) => `${phone}|${rest}`);
}

/** Midnight of a calendar day in the clinic's time zone. */
function startOfDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, timeZone).getTime());
}

/** Existing records holding any of these phones, with all their phones (merged ones too: a re-import must recognise them). */
async function peopleByPhones(tx: Tx, phones: string[]) {
  const found = new Map<string, { row: PersonRow; phones: string[] }>();
  for (let i = 0; i < phones.length; i += 5000) {
    const chunk = phones.slice(i, i + 5000);
    const rows = await tx
      .select({ person: people })
      .from(personPhones)
      .innerJoin(people, eq(people.id, personPhones.personId))
      .where(inArray(personPhones.e164, chunk));
    for (const { person } of rows) found.set(person.id, { row: person, phones: [] });
  }
  const theirPhones = await phonesOf(tx, [...found.keys()]);
  for (const [id, person] of found) person.phones = theirPhones.get(id) ?? [];
  return found;
}

async function writeProspects(ctx: Ctx, tx: Tx, rows: ParsedRow[], settings: Settings, report: ImportReport) {
  const existing = await peopleByPhones(tx, [...new Set(rows.flatMap((r) => r.phones))]);
  const byPhone = new Map<string, { row: PersonRow; phones: string[] }[]>();
  for (const person of existing.values()) {
    for (const phone of person.phones) byPhone.set(phone, [...(byPhone.get(phone) ?? []), person]);
  }
  // Name + birth date matches of any kind, for the duplicate flag.
  const identities = new Set<string>();
  const triples = rows
    .filter((r) => r.birthDate)
    .map((r) => [foldName(r.lastName), foldName(r.firstName), r.birthDate as string]);
  for (let i = 0; i < triples.length; i += 5000) {
    const chunk = triples.slice(i, i + 5000);
    const found = await tx.execute<{ k: string }>(sql`
      select p.last_name_key || '|' || p.first_name_key || '|' || p.birth_date::text as k
        from people p
        join jsonb_to_recordset(${JSON.stringify(chunk.map(([l, f, b]) => ({ l, f, b })))}::jsonb) as u(l text, f text, b date)
          on p.last_name_key = u.l and p.first_name_key = u.f and p.birth_date = u.b
       where p.merged_into_id is null`);
    for (const r of (found as unknown as { rows: { k: string }[] }).rows) identities.add(r.k);
  }

  const now = ctx.clock.now();
  const actorId = ctx.actor.type === "user" ? ctx.actor.id : null;
  const toCreate: { values: typeof people.$inferInsert; phones: string[] }[] = [];
  for (const row of rows) {
    const lastNameKey = foldName(row.lastName);
    const firstNameKey = foldName(row.firstName);
    const samePhone = row.phones.flatMap((p) => byPhone.get(p) ?? []);
    const same = samePhone.find(
      (p) =>
        p.row.kind === "prospect" &&
        p.row.lastNameKey === lastNameKey &&
        p.row.firstNameKey === firstNameKey &&
        p.row.firstContactDate === row.createdOn,
    );
    if (same?.row.mergedIntoId) {
      // Imported before, then merged into another record: nothing to do.
      report.unchanged += 1;
    } else if (same) {
      const changes: Partial<typeof people.$inferInsert> = {};
      if (row.email && row.email !== same.row.email) changes.email = row.email;
      if (row.birthDate && row.birthDate !== same.row.birthDate) changes.birthDate = row.birthDate;
      if (row.origin && row.origin !== "other" && row.origin !== same.row.origin) changes.origin = row.origin;
      const newTemperature = row.temperature && row.temperature !== same.row.temperature ? row.temperature : null;
      if (newTemperature) changes.temperature = newTemperature;
      if (Object.keys(changes).length === 0) report.unchanged += 1;
      else {
        const [after] = await tx
          .update(people)
          .set({ ...changes, version: sql`${people.version} + 1`, updatedAt: now })
          .where(eq(people.id, same.row.id))
          .returning();
        if (newTemperature) {
          await tx.insert(temperatureChanges).values({
            personId: same.row.id,
            fromTemperature: same.row.temperature,
            toTemperature: newTemperature,
            changedAt: now,
            changedBy: actorId,
            reason: "import du tableau de suivi",
          });
        }
        await recordAudit(tx, ctx.clock, ctx.actor, {
          action: "prospect.update",
          entityType: "prospect",
          entityId: same.row.id,
          before: auditPerson(same.row, same.phones),
          after: after ? auditPerson(after, same.phones) : null,
        });
        report.updated += 1;
      }
    } else {
      const identity = `${lastNameKey}|${firstNameKey}|${row.birthDate}`;
      const flagged = samePhone.length > 0 || (row.birthDate !== null && identities.has(identity));
      if (flagged) report.flaggedDuplicates += 1;
      const createdAt = row.createdOn ? startOfDay(row.createdOn, settings.timeZone) : now;
      toCreate.push({
        phones: row.phones,
        values: {
          kind: "prospect",
          lastName: row.lastName,
          firstName: row.firstName,
          lastNameKey,
          firstNameKey,
          birthDate: row.birthDate,
          email: row.email,
          firstContactDate: row.createdOn,
          origin: row.origin,
          temperature: row.temperature ?? "hot",
          possibleDuplicate: flagged,
          createdAt,
          createdBy: actorId,
          updatedAt: now,
        },
      });
      // Later rows of this batch see this one (those of later batches find it in the base):
      // same phone → flagged, same identity → flagged.
      const placeholder = { row: toCreate.at(-1)?.values as PersonRow, phones: row.phones };
      for (const phone of row.phones) byPhone.set(phone, [...(byPhone.get(phone) ?? []), placeholder]);
      if (row.birthDate) identities.add(identity);
    }
  }
  await insertPeople(ctx, tx, toCreate, report);
}

async function writePatients(ctx: Ctx, tx: Tx, rows: ParsedRow[], report: ImportReport) {
  const existing = new Map<string, PersonRow>();
  const numbers = rows.map((r) => r.ehrNumber as string);
  for (let i = 0; i < numbers.length; i += 5000) {
    const found = await tx
      .select()
      .from(people)
      .where(inArray(people.ehrNumber, numbers.slice(i, i + 5000)));
    for (const row of found) if (row.ehrNumber) existing.set(row.ehrNumber, row);
  }
  const phonesById = await phonesOf(
    tx,
    [...existing.values()].map((r) => r.id),
  );
  const now = ctx.clock.now();
  const toCreate: { values: typeof people.$inferInsert; phones: string[] }[] = [];
  for (const row of rows) {
    const current = existing.get(row.ehrNumber as string);
    if (!current) {
      toCreate.push({
        phones: row.phones,
        values: {
          kind: "patient",
          lastName: row.lastName,
          firstName: row.firstName,
          lastNameKey: foldName(row.lastName),
          firstNameKey: foldName(row.firstName),
          birthDate: row.birthDate,
          email: row.email,
          ehrNumber: row.ehrNumber,
          ehrCreatedOn: row.createdOn,
          createdAt: now,
          createdBy: ctx.actor.type === "user" ? ctx.actor.id : null,
          updatedAt: now,
        },
      });
      continue;
    }
    const currentPhones = phonesById.get(current.id) ?? [];
    const changes: Partial<typeof people.$inferInsert> = {};
    if (row.lastName !== current.lastName)
      Object.assign(changes, { lastName: row.lastName, lastNameKey: foldName(row.lastName) });
    if (row.firstName !== current.firstName)
      Object.assign(changes, { firstName: row.firstName, firstNameKey: foldName(row.firstName) });
    if (row.birthDate !== current.birthDate) changes.birthDate = row.birthDate;
    if (row.createdOn !== current.ehrCreatedOn) changes.ehrCreatedOn = row.createdOn;
    if ((row.email ?? null) !== current.email) changes.email = row.email;
    const phonesChanged = row.phones.join(",") !== currentPhones.join(",");
    if (Object.keys(changes).length === 0 && !phonesChanged) {
      report.unchanged += 1;
      continue;
    }
    const [after] = await tx
      .update(people)
      .set({ ...changes, version: sql`${people.version} + 1`, updatedAt: now })
      .where(eq(people.id, current.id))
      .returning();
    if (phonesChanged) {
      await tx.delete(personPhones).where(eq(personPhones.personId, current.id));
      if (row.phones.length) {
        await tx
          .insert(personPhones)
          .values(row.phones.map((e164, position) => ({ personId: current.id, e164, position })));
      }
    }
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "patient.update",
      entityType: "patient",
      entityId: current.id,
      before: auditPerson(current, currentPhones),
      after: after ? auditPerson(after, row.phones) : null,
    });
    report.updated += 1;
  }
  await insertPeople(ctx, tx, toCreate, report);
}

/** Inserts new records in batches: people, their phones, first temperature, and one audit event each. */
async function insertPeople(
  ctx: Ctx,
  tx: Tx,
  toCreate: { values: typeof people.$inferInsert; phones: string[] }[],
  report: ImportReport,
) {
  const now = ctx.clock.now().toISOString();
  const actor = ctx.actor;
  const actorId = actor.type === "system" ? null : actor.id;
  for (let i = 0; i < toCreate.length; i += BATCH) {
    const batch = toCreate.slice(i, i + BATCH).map(({ values, phones }) => {
      const row = {
        ...values,
        id: randomUUID(),
        createdAt: (values.createdAt as Date).toISOString(),
        updatedAt: (values.updatedAt as Date).toISOString(),
        version: 1,
        possibleDuplicate: values.possibleDuplicate ?? false,
      };
      return { row, phones };
    });
    await bulkInsert(
      tx,
      "people",
      PEOPLE_COLUMNS.map(([column]) => column),
      batch.map(({ row }) => Object.fromEntries(PEOPLE_COLUMNS.map(([column, key]) => [column, row[key] ?? null]))),
    );
    await bulkInsert(
      tx,
      "person_phones",
      ["id", "person_id", "e164", "position"],
      batch.flatMap(({ row, phones }) =>
        phones.map((e164, position) => ({ id: randomUUID(), person_id: row.id, e164, position })),
      ),
    );
    await bulkInsert(
      tx,
      "temperature_changes",
      ["person_id", "from_temperature", "to_temperature", "changed_at", "changed_by", "reason"],
      batch
        .filter(({ row }) => row.kind === "prospect" && row.temperature)
        .map(({ row }) => ({
          person_id: row.id,
          from_temperature: null,
          to_temperature: row.temperature,
          changed_at: row.createdAt,
          changed_by: actor.type === "user" ? actor.id : null,
          reason: "import",
        })),
    );
    await bulkInsert(
      tx,
      "audit_events",
      ["occurred_at", "actor_type", "actor_id", "actor_label", "action", "entity_type", "entity_id", "after"],
      batch.map(({ row, phones }) => ({
        occurred_at: now,
        actor_type: actor.type,
        actor_id: actorId,
        actor_label: actor.label,
        action: `${row.kind}.create`,
        entity_type: row.kind,
        entity_id: row.id,
        after: auditPerson(row as unknown as PersonRow, phones),
      })),
    );
    report.created += batch.length;
  }
}

/** The columns an import fills, as [database column, field of the insert values]. */
const PEOPLE_COLUMNS: [string, keyof typeof people.$inferInsert][] = [
  ["id", "id"],
  ["kind", "kind"],
  ["last_name", "lastName"],
  ["first_name", "firstName"],
  ["last_name_key", "lastNameKey"],
  ["first_name_key", "firstNameKey"],
  ["birth_date", "birthDate"],
  ["email", "email"],
  ["first_contact_date", "firstContactDate"],
  ["origin", "origin"],
  ["temperature", "temperature"],
  ["possible_duplicate", "possibleDuplicate"],
  ["ehr_number", "ehrNumber"],
  ["ehr_created_on", "ehrCreatedOn"],
  ["version", "version"],
  ["created_at", "createdAt"],
  ["created_by", "createdBy"],
  ["updated_at", "updatedAt"],
];
