/**
 * Bulk load of generated people for the benchmarks: the demo generator's
 * people, phones, temperature history and interactions, written straight to
 * the tables (no use case, no audit) in multi-row INSERT … SELECT FROM unnest()
 * statements, each one a transaction of its own (data-modifying CTEs: a chunk
 * of people goes in with all its rows, or not at all).
 *
 * On empty tables, the indexes and keys are dropped first and rebuilt once at
 * the end (as pg_restore does): sorting once is far cheaper than maintaining
 * random-UUID b-trees row by row. Then VACUUM (ANALYZE).
 *
 * The rows are those the use cases would write: last_name_key/first_name_key
 * through foldName, last_interaction_at = the newest occurred_at, version =
 * 1 + the temperature changes after creation, possible_duplicate on the later
 * record of an intended match.
 */
import type { Database } from "../server/db/client.ts";
import { DEMO_SEED, type GeneratedPerson, generatePeople } from "../server/demo/generator.ts";

export interface LoadPeopleOptions {
  people: number;
  /** Exactly this many interactions per person (default 5). */
  interactionsPerPerson?: number;
  asOf: Date;
  /** Default: the demo's seed, moved on by the people already there (so an append gets new UUIDs). */
  seed?: number;
  /** First contacts spread over this many days before asOf (default 730). */
  windowDays?: number;
  /** Share of prospects among the people (default 2/3, as in the demo's 300 + 150). */
  prospectShare?: number;
  /** People per INSERT statement (default 2,000: about 10,000 interaction rows). */
  peoplePerStatement?: number;
  /** Statements in flight at once (default 2 on PostgreSQL, 1 on PGlite). */
  concurrency?: number;
  /** Drop and rebuild indexes and keys around the load (default: when the tables are empty). */
  rebuildIndexes?: boolean;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface LoadPeopleResult {
  people: number;
  phones: number;
  interactions: number;
  temperatureChanges: number;
  rows: number;
  seconds: { insert: number; indexes: number; vacuum: number; total: number };
  /** Rows per second, insert phase only and overall. */
  rowsPerSecond: { insert: number; overall: number };
}

const TABLES = ["people", "person_phones", "interactions", "temperature_changes"] as const;

const INSERT_CHUNK = `
with new_people as (
  insert into people (id, kind, last_name, first_name, last_name_key, first_name_key, birth_date, email, address,
    insured, insurer, member, notes, first_contact_date, origin, temperature, possible_duplicate, ehr_number,
    ehr_created_on, last_interaction_at, version, created_at, updated_at)
  select id, kind, last_name, first_name, last_name_key, first_name_key, birth_date, email, address,
    insured, insurer, member, notes, first_contact_date, origin, temperature, possible_duplicate, ehr_number,
    ehr_created_on, to_timestamp(last_interaction_ms / 1000.0), version, to_timestamp(created_ms / 1000.0),
    to_timestamp(updated_ms / 1000.0)
  from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::text[],
    $9::text[], $10::boolean[], $11::text[], $12::boolean[], $13::text[], $14::date[], $15::text[], $16::text[],
    $17::boolean[], $18::text[], $19::date[], $20::float8[], $21::int[], $22::float8[], $23::float8[])
    as t(id, kind, last_name, first_name, last_name_key, first_name_key, birth_date, email, address,
      insured, insurer, member, notes, first_contact_date, origin, temperature, possible_duplicate, ehr_number,
      ehr_created_on, last_interaction_ms, version, created_ms, updated_ms)
), new_phones as (
  insert into person_phones (person_id, e164, position)
  select person_id, e164, position from unnest($24::uuid[], $25::text[], $26::int2[]) as t(person_id, e164, position)
), new_changes as (
  insert into temperature_changes (person_id, from_temperature, to_temperature, changed_at, reason)
  select person_id, from_temperature, to_temperature, to_timestamp(changed_ms / 1000.0), reason
  from unnest($27::uuid[], $28::text[], $29::text[], $30::float8[], $31::text[])
    as t(person_id, from_temperature, to_temperature, changed_ms, reason)
)
insert into interactions (person_id, occurred_at, recorded_at, channel, motive, request_types, comment,
  documents_sent, outcome)
select person_id, to_timestamp(occurred_ms / 1000.0), to_timestamp(recorded_ms / 1000.0), channel, motive,
  request_types::text[], comment, documents_sent::text[], outcome
from unnest($32::uuid[], $33::float8[], $34::float8[], $35::text[], $36::text[], $37::text[], $38::text[],
  $39::text[], $40::text[])
  as t(person_id, occurred_ms, recorded_ms, channel, motive, request_types, comment, documents_sent, outcome)`;

/** A text[] literal ('{"a","b"}'), cast per row in SQL: unnest() cannot take an array of arrays of varying length. */
function arrayLiteral(values: string[]): string {
  if (values.length === 0) return "{}";
  return `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

/** The 40 column arrays of one statement ($1…$40). */
class Chunk {
  people = 0;
  phones = 0;
  changes = 0;
  interactions = 0;
  readonly columns: unknown[][] = Array.from({ length: 40 }, () => []);

  /** One row's values into the columns from `first` (0-based: column 0 is $1). */
  #put(first: number, values: unknown[]) {
    values.forEach((value, i) => {
      (this.columns[first + i] as unknown[]).push(value);
    });
  }

  add(p: GeneratedPerson) {
    // $1…$23: people.
    this.#put(0, [
      p.id,
      p.kind,
      p.lastName,
      p.firstName,
      p.lastNameKey,
      p.firstNameKey,
      p.birthDate,
      p.email,
      p.address,
      p.insured,
      p.insurer,
      p.member,
      p.notes,
      p.firstContactDate,
      p.origin,
      p.temperature,
      p.possibleDuplicate,
      p.ehrNumber,
      p.ehrCreatedOn,
      p.lastInteractionAt ? p.lastInteractionAt.getTime() : null,
      p.version,
      p.createdAt.getTime(),
      p.updatedAt.getTime(),
    ]);
    // $24…$26: person_phones.
    p.phones.forEach((e164, position) => {
      this.#put(23, [p.id, e164, position]);
    });
    // $27…$31: temperature_changes.
    for (const change of p.temperatureChanges) {
      this.#put(26, [p.id, change.from, change.to, change.at.getTime(), change.reason]);
    }
    // $32…$40: interactions.
    for (const i of p.interactions) {
      this.#put(31, [
        p.id,
        i.occurredAt.getTime(),
        i.recordedAt.getTime(),
        i.channel,
        i.motive,
        arrayLiteral(i.requestTypes),
        i.comment,
        arrayLiteral(i.documentsSent),
        i.outcome,
      ]);
    }
    this.people += 1;
    this.phones += p.phones.length;
    this.changes += p.temperatureChanges.length;
    this.interactions += p.interactions.length;
  }

  get rows() {
    return this.people + this.phones + this.changes + this.interactions;
  }
}

interface SavedDefinitions {
  /** Foreign keys on or to the tables. */
  foreignKeys: { table: string; name: string; definition: string }[];
  /** Primary keys and unique constraints. */
  keys: { table: string; name: string; definition: string }[];
  /** Other indexes (CREATE INDEX statements). */
  indexes: { name: string; definition: string }[];
}

async function saveDefinitions(database: Database): Promise<SavedDefinitions> {
  const tables = `(select oid from pg_class where relnamespace = 'public'::regnamespace and relname = any($1::text[]))`;
  const constraints = await database.query<{ table: string; name: string; definition: string; type: string }>(
    `select c.conrelid::regclass::text as "table", quote_ident(c.conname) as name,
            pg_get_constraintdef(c.oid) as definition, c.contype as type
       from pg_constraint c
      where (c.contype in ('p', 'u') and c.conrelid in ${tables})
         or (c.contype = 'f' and (c.conrelid in ${tables} or c.confrelid in ${tables}))
      order by c.conname`,
    [TABLES],
  );
  const indexes = await database.query<{ name: string; definition: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i
      where i.indrelid in ${tables}
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.contype in ('p', 'u', 'x'))
      order by pg_relation_size(i.indrelid) desc, 1`,
    [TABLES],
  );
  return {
    foreignKeys: constraints.filter((c) => c.type === "f"),
    keys: constraints.filter((c) => c.type !== "f"),
    indexes,
  };
}

async function dropDefinitions(database: Database, saved: SavedDefinitions) {
  const statements = [
    ...saved.foreignKeys.map((c) => `alter table ${c.table} drop constraint ${c.name}`),
    ...saved.keys.map((c) => `alter table ${c.table} drop constraint ${c.name}`),
    ...saved.indexes.map((i) => `drop index ${i.name}`),
  ];
  if (statements.length) await database.exec(statements.map((s) => `${s};`).join("\n"));
}

/** Runs statements on `workers` connections at once (each exec is one pooled connection on PostgreSQL). */
async function runAll(database: Database, statements: string[], workers: number) {
  const queue = [...statements];
  const setup = database.kind === "postgresql" ? "set maintenance_work_mem = '512MB'; " : "";
  await Promise.all(
    Array.from({ length: Math.max(1, workers) }, async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) await database.exec(`${setup}${next}`);
    }),
  );
}

async function restoreDefinitions(database: Database, saved: SavedDefinitions, workers: number) {
  // Keys and indexes first (the biggest tables' first), then the foreign keys that need the keys.
  await runAll(
    database,
    [
      ...saved.keys.map((c) => `alter table ${c.table} add constraint ${c.name} ${c.definition}`),
      ...saved.indexes.map((i) => i.definition),
    ],
    workers,
  );
  await runAll(
    database,
    saved.foreignKeys.map((c) => `alter table ${c.table} add constraint ${c.name} ${c.definition}`),
    workers,
  );
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

export async function loadPeople(database: Database, options: LoadPeopleOptions): Promise<LoadPeopleResult> {
  const start = performance.now();
  const log = options.log ?? (() => {});
  const concurrency = options.concurrency ?? (database.kind === "postgresql" ? 2 : 1);
  const perStatement = options.peoplePerStatement ?? 2_000;
  const prospects = Math.round(options.people * (options.prospectShare ?? 2 / 3));

  const [existing] = await database.query<{ empty: boolean; people: number; last_ehr: number }>(
    `select not exists (select 1 from people) and not exists (select 1 from person_phones)
        and not exists (select 1 from interactions) and not exists (select 1 from temperature_changes) as empty,
        (select count(*)::int from people) as people,
        (select coalesce(max(substring(ehr_number from '^NEST-(\\d{1,9})$')::int), 0) from people) as last_ehr`,
  );
  const rebuild = options.rebuildIndexes ?? existing?.empty ?? false;
  const saved = rebuild ? await saveDefinitions(database) : null;
  if (saved) {
    await dropDefinitions(database, saved);
    log(
      `  keys and indexes dropped for the load (${saved.keys.length} keys, ${saved.indexes.length} indexes, ${saved.foreignKeys.length} foreign keys)`,
    );
  }

  const totals = { people: 0, phones: 0, interactions: 0, temperatureChanges: 0, rows: 0 };
  let insertSeconds = 0;
  let indexSeconds = 0;
  try {
    const pending = new Set<Promise<void>>();
    let failure: unknown = null;
    let lastLog = start;
    const send = (chunk: Chunk) => {
      const task: Promise<void> = database
        .query(INSERT_CHUNK, chunk.columns)
        .then(() => {
          totals.people += chunk.people;
          totals.phones += chunk.phones;
          totals.interactions += chunk.interactions;
          totals.temperatureChanges += chunk.changes;
          totals.rows += chunk.rows;
          const now = performance.now();
          if (now - lastLog > 5_000 || totals.people === options.people) {
            lastLog = now;
            const seconds = (now - start) / 1000;
            log(
              `  ${fmt(totals.people)} / ${fmt(options.people)} people, ${fmt(totals.interactions)} interactions, ${fmt(totals.rows)} rows in ${seconds.toFixed(1)} s (${fmt(totals.rows / seconds)} rows/s)`,
            );
          }
        })
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => pending.delete(task));
      pending.add(task);
    };

    let chunk = new Chunk();
    for (const person of generatePeople({
      asOf: options.asOf,
      prospects,
      patients: options.people - prospects,
      interactionsPerPerson: options.interactionsPerPerson ?? 5,
      windowDays: options.windowDays ?? 730,
      // Appending: other UUIDs and EHR numbers than those already there.
      seed: options.seed ?? DEMO_SEED + (existing?.people ?? 0),
      firstEhrNumber: (existing?.last_ehr ?? 0) + 1,
    })) {
      chunk.add(person);
      if (chunk.people >= perStatement) {
        send(chunk);
        chunk = new Chunk();
        // Generate the next chunk while the server inserts this one.
        while (pending.size >= concurrency) await Promise.race(pending);
        if (failure) break;
      }
    }
    if (chunk.people > 0 && !failure) send(chunk);
    await Promise.all(pending);
    if (failure) throw failure;
    insertSeconds = (performance.now() - start) / 1000;
  } finally {
    if (saved) {
      const indexStart = performance.now();
      await restoreDefinitions(database, saved, concurrency);
      indexSeconds = (performance.now() - indexStart) / 1000;
      log(`  keys and indexes rebuilt in ${indexSeconds.toFixed(1)} s`);
    }
  }

  const vacuumStart = performance.now();
  await database.exec(`vacuum (analyze) ${TABLES.join(", ")}`);
  const vacuumSeconds = (performance.now() - vacuumStart) / 1000;
  const total = (performance.now() - start) / 1000;
  log(`  vacuum (analyze) in ${vacuumSeconds.toFixed(1)} s; loaded in ${total.toFixed(1)} s in all`);
  return {
    ...totals,
    seconds: { insert: insertSeconds, indexes: indexSeconds, vacuum: vacuumSeconds, total },
    rowsPerSecond: { insert: Math.round(totals.rows / insertSeconds), overall: Math.round(totals.rows / total) },
  };
}
