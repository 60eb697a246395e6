import { type AnyColumn, and, asc, desc, eq, gte, isNotNull, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { people, personPhones } from "../../db/schema/index.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import type { ListQuery } from "./list.schema.ts";
import { encodeCursor, type ListCursor } from "./list-cursor.ts";
import { phoneMatch } from "./lookup.ts";
import { foldName } from "./names.ts";
import type { PersonView } from "./person.schema.ts";
import { phoneDigits } from "./phones.ts";
import { presentPerson } from "./present.ts";
import { type PersonKind, phonesOf } from "./records.ts";

/** The day after a YYYY-MM-DD date, for half-open date ranges. */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The status of each prospect as SQL, for filtering lists: the same rule as
 * computeStatus (status.ts) — calendar days in the clinic's time zone between
 * the last contact before `asOf` and `asOf`, against the temperature's thresholds.
 * A test checks both give the same answer at the boundaries.
 */
export function statusSql(settings: Settings, asOf: Date): SQL {
  const at = asOf.toISOString();
  // last_interaction_at is the newest interaction (kept by every write and merge): when it is not after
  // asOf it is the answer, and only records with a later interaction need the lookup.
  const lastInteraction = sql`(case
    when ${people.lastInteractionAt} is null or ${people.lastInteractionAt} <= ${at}::timestamptz then ${people.lastInteractionAt}
    else (select max(i.occurred_at) from interactions i where i.person_id = ${people.id} and i.occurred_at <= ${at}::timestamptz)
  end)`;
  const lastContact = sql`coalesce(${lastInteraction}, (${people.firstContactDate}::timestamp + interval '12 hours') at time zone 'UTC', ${people.createdAt})`;
  const days = sql`((${at}::timestamptz at time zone ${settings.timeZone})::date - (${lastContact} at time zone ${settings.timeZone})::date)`;
  const t = settings.statusThresholds;
  const threshold = (field: "dormantFromDays" | "lostAfterDays") =>
    sql`(case ${people.temperature} when 'hot' then ${t.hot[field]}::int when 'warm' then ${t.warm[field]}::int else ${t.cold[field]}::int end)`;
  return sql`(case
    when ${people.convertedAt} is not null and ${people.convertedAt} <= ${at}::timestamptz then 'converted'
    when ${days} < ${threshold("dormantFromDays")} then 'normal'
    when ${days} <= ${threshold("lostAfterDays")} then 'dormant'
    else 'lost' end)`;
}

/**
 * « status = S » (normal, dormant, lost) as the planner can price it and a scan can
 * check cheaply, for filtering a list: a record whose last contact is `last_interaction_at` (set, and not
 * after `asOf`) and not converted by then has the status its calendar day gives
 * (in the clinic's time zone, the thresholds of its temperature): a range of
 * `last_interaction_at` per temperature, exactly statusSql's boundaries. The others
 * (no interaction yet, or one after `asOf`) are left to statusSql. Both forms give
 * the same records (a test checks the boundaries); this one lets PostgreSQL estimate
 * how many match from its histograms, and so walk an index and stop at the page's or
 * the count's limit instead of building a bitmap of every prospect, and it compares
 * a few columns of each row where statusSql computes its status.
 */
export function statusConditionSql(settings: Settings, asOf: Date, status: string): SQL | null {
  if (status !== "normal" && status !== "dormant" && status !== "lost") return null;
  const at = asOf.toISOString();
  const zone = settings.timeZone;
  const column = people.lastInteractionAt;
  // The first instant of the clinic's day `asOf's day − days` (exact in Dakar, which keeps one offset all
  // year; in a zone whose clocks go back at midnight, PostgreSQL reads the repeated 00:00 as the later one).
  const dayStart = (days: number) =>
    sql`(((${at}::timestamptz at time zone ${zone})::date - ${days}::int)::timestamp at time zone ${zone})`;
  const branches = (["hot", "warm", "cold"] as const).map((temperature) => {
    const { dormantFromDays, lostAfterDays } = settings.statusThresholds[temperature];
    // days = asOf's day − contact's day: normal < dormantFrom ≤ dormant ≤ lostAfter < lost.
    const range =
      status === "normal"
        ? sql`${column} >= ${dayStart(dormantFromDays - 1)}`
        : status === "dormant"
          ? sql`${column} >= ${dayStart(lostAfterDays)} and ${column} < ${dayStart(dormantFromDays - 1)}`
          : sql`${column} < ${dayStart(lostAfterDays)}`;
    return sql`(${people.temperature} = ${temperature} and ${range})`;
  });
  const byRange = sql`(${column} <= ${at}::timestamptz and (${sql.join(branches, sql` or `)})
    and (${people.convertedAt} is null or ${people.convertedAt} > ${at}::timestamptz))`;
  const byRule = sql`((${column} is null or ${column} > ${at}::timestamptz) and ${statusSql(settings, asOf)} = ${status})`;
  return sql`(${byRange} or ${byRule})`;
}

/** The WHERE of a list or an export. */
export function listConditions(
  kind: PersonKind,
  query: Omit<ListQuery, "page" | "pageSize" | "sort" | "order" | "cursor">,
  settings: Settings,
  asOf: Date,
) {
  const conditions: SQL[] = [eq(people.kind, kind), isNull(people.mergedIntoId)];
  if (query.q) {
    const matches: SQL[] = [];
    const key = foldName(query.q);
    if (key) {
      matches.push(sql`${people.lastNameKey} like ${`${key}%`}`, sql`${people.firstNameKey} like ${`${key}%`}`);
    }
    // A phone as the header lookup reads it (phoneMatch): a whole number in any format, or 6 digits
    // or more of it (the last digits, or the start of the national number), on person_phones' indexes.
    const digits = phoneDigits(query.q);
    if (digits) {
      const match = phoneMatch(query.q, digits);
      const phoneWhere =
        match.kind === "exact"
          ? sql`${personPhones.e164} = ${match.e164}`
          : sql`(reverse(${personPhones.e164}) like ${match.reversedPrefix} or ${personPhones.e164} like ${match.e164Prefix})`;
      matches.push(sql`${people.id} in (select ${personPhones.personId} from ${personPhones} where ${phoneWhere})`);
    }
    // Text that is neither a name nor a phone (punctuation only) matches nobody rather than everybody.
    conditions.push(or(...matches) ?? sql`false`);
  }
  if (query.createdFrom) conditions.push(gte(people.createdAt, new Date(`${query.createdFrom}T00:00:00Z`)));
  if (query.createdTo) conditions.push(lt(people.createdAt, new Date(`${nextDay(query.createdTo)}T00:00:00Z`)));
  if (query.possibleDuplicate) conditions.push(eq(people.possibleDuplicate, query.possibleDuplicate === "true"));
  if (query.incomplete) {
    const incomplete = sql`(${people.birthDate} is null or not exists (select 1 from person_phones ip where ip.person_id = ${people.id}))`;
    conditions.push(query.incomplete === "true" ? incomplete : sql`not ${incomplete}`);
  }
  if (kind === "patient" && query.pathway) {
    const open = openPathwaySql(people.id);
    const parent = parentOfFollowedChildSql(people.id);
    conditions.push(
      query.pathway === "none"
        ? sql`not exists (${open})`
        : query.pathway === "parents"
          ? sql`exists (${parent})`
          : sql`exists (${open} and pw.type = ${query.pathway})`,
    );
  }
  if (kind === "prospect") {
    if (query.temperature) conditions.push(eq(people.temperature, query.temperature));
    if (query.origin) conditions.push(eq(people.origin, query.origin));
    if (query.converted)
      conditions.push(query.converted === "true" ? isNotNull(people.convertedAt) : isNull(people.convertedAt));
    if (query.status) {
      conditions.push(
        statusConditionSql(settings, asOf, query.status) ?? sql`${statusSql(settings, asOf)} = ${query.status}`,
      );
    }
  }
  return and(...conditions);
}

/** `select 1` of a person's open pathways (`pw`): « sans parcours » is `not exists` of it (also for segments). */
export const openPathwaySql = (personId: SQL | AnyColumn) =>
  sql`select 1 from pathways pw where pw.person_id = ${personId} and pw.ended_on is null`;

/** `select 1` when the person is the mother of a child followed in paediatrics now (`pathway=parents`). */
export const parentOfFollowedChildSql = (personId: SQL | AnyColumn) =>
  sql`select 1 from people child join pathways cpw on cpw.person_id = child.id
      where child.mother_id = ${personId} and cpw.type = 'pediatrics' and cpw.ended_on is null`;

const SORT_COLUMNS = {
  createdAt: people.createdAt,
  lastName: people.lastNameKey,
  firstContactDate: people.firstContactDate,
  lastInteractionAt: people.lastInteractionAt,
  temperature: people.temperature,
  birthDate: people.birthDate,
} as const;

/** Sort columns that may be null (listed last, either order): their keyset conditions need a branch for null. */
const NULLABLE_SORTS = new Set<ListQuery["sort"]>([
  "firstContactDate",
  "lastInteractionAt",
  "temperature",
  "birthDate",
]);

/** A sort column's value as the text a cursor carries: instants to the microsecond in UTC, days as YYYY-MM-DD. */
function sortKeyText(sort: ListQuery["sort"]): SQL<string | null> {
  const column = SORT_COLUMNS[sort];
  if (sort === "createdAt" || sort === "lastInteractionAt") {
    return sql<string | null>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  }
  if (sort === "firstContactDate" || sort === "birthDate") return sql<string | null>`to_char(${column}, 'YYYY-MM-DD')`;
  return sql<string | null>`${column}`;
}

/** The cursor's text value as a value of the sort column, for comparisons. */
function sortKeyValue(sort: ListQuery["sort"], value: string): SQL {
  if (sort === "createdAt" || sort === "lastInteractionAt") return sql`${value}::timestamptz`;
  if (sort === "firstContactDate" || sort === "birthDate") return sql`${value}::date`;
  return sql`${value}`;
}

/**
 * `order by` of a list: the sort column, records without a value last in either
 * order, then the id, so that the order is total (ties on the column are common:
 * a temperature, a creation day) and a cursor is an exact position in it.
 * `reversed` reads the same order backwards (the rows before a cursor).
 */
export function listOrder(query: Pick<ListQuery, "sort" | "order">, reversed = false) {
  const column = SORT_COLUMNS[query.sort];
  const ascending = (query.order === "asc") !== reversed;
  // A column never null is ordered plainly, so that a b-tree on it gives the order (read backwards for desc).
  const nulls = !NULLABLE_SORTS.has(query.sort) ? sql`` : reversed ? sql`nulls first` : sql`nulls last`;
  return [
    ascending ? sql`${column} asc ${nulls}` : sql`${column} desc ${nulls}`,
    ascending ? asc(people.id) : desc(people.id),
  ];
}

/**
 * The rows after (or before) a cursor's row in the list's order. A row
 * comparison `(column, id) < (value, id)` is what a b-tree on the column reads
 * as a range; a nullable column adds the records without a value, which come
 * after every other.
 */
function keysetCondition(query: Pick<ListQuery, "sort" | "order">, cursor: ListCursor): SQL {
  const column = SORT_COLUMNS[query.sort];
  const forward = cursor.direction === "after";
  // Later in the order means greater when ascending, smaller when descending.
  const op = (query.order === "asc") === forward ? sql.raw(">") : sql.raw("<");
  const nullable = NULLABLE_SORTS.has(query.sort);
  if (cursor.value === null) {
    // The cursor's row has no value: it is among the last rows; only ids order them.
    const sameNull = sql`(${column} is null and ${people.id} ${op} ${cursor.id})`;
    return forward ? sameNull : sql`(${column} is not null or ${sameNull})`;
  }
  const compare = sql`(${column}, ${people.id}) ${op} (${sortKeyValue(query.sort, cursor.value)}, ${cursor.id}::uuid)`;
  return forward && nullable ? sql`(${compare} or ${column} is null)` : compare;
}

export interface ListOptions {
  /** Count the matching records exactly up to this many; beyond, say « more than » (default 10,000). */
  exactCountUpTo?: number;
}

export const EXACT_COUNT_UP_TO = 10_000;

/**
 * One page of the prospect or patient list, filtered and sorted on the server.
 * Paged by key (`cursor`: the rows after or before a row, read from an index in
 * the list's order, however deep the page), or by offset (`page`, for existing
 * clients; the first page is the same either way). The total is counted exactly
 * up to `exactCountUpTo` records and no further, once, when the list is opened:
 * the cursors carry it to the next pages (counting 667,000 prospects for every
 * page cost more than the page).
 */
export async function listPeople(ctx: Ctx, kind: PersonKind, query: ListQuery, options: ListOptions = {}) {
  authorize(ctx.actor, "people.read");
  const { db } = ctx.database;
  const asOf = query.asOf ? new Date(query.asOf) : ctx.clock.now();
  const { settings } = await readSettings(db);
  const where = listConditions(kind, query, settings, asOf);
  const countUpTo = options.exactCountUpTo ?? EXACT_COUNT_UP_TO;
  const columns = {
    person: people,
    status: kind === "prospect" ? statusSql(settings, asOf) : sql<null>`null`,
    sortKey: sortKeyText(query.sort),
  };
  const pageRows = (cursor: ListCursor | undefined, offset: number) => {
    const before = cursor?.direction === "before";
    return db
      .select(columns)
      .from(people)
      .where(cursor ? and(where, keysetCondition(query, cursor)) : where)
      .orderBy(...listOrder(query, before))
      .limit(query.pageSize + 1)
      .offset(offset);
  };
  // Counted when a list is opened (or paged by offset); a cursor carries that count to the next pages.
  const count = async () => {
    // Without PostgreSQL's JIT: the planner prices a count over 667,000 prospects above jit_above_cost,
    // and compiling it took 20–200 ms of a count that runs in 40–60 ms (measured: docs/ARCHITECTURE.md).
    const [row] = await db.transaction(async (tx) => {
      await tx.execute(sql.raw("set local jit = off"));
      return tx.select({ n: sql<number>`count(*)::int` }).from(
        sql`(${tx
          .select({ one: sql`1` })
          .from(people)
          .where(where)
          .limit(countUpTo + 1)}) as matching`,
      );
    });
    const n = row?.n ?? 0;
    return { total: Math.min(n, countUpTo), totalIsExact: n <= countUpTo };
  };

  const { cursor } = query;
  const page = cursor ? cursor.page : query.page;
  const [fetched, counted] = await Promise.all([
    pageRows(cursor, cursor ? 0 : (query.page - 1) * query.pageSize),
    cursor ? { total: cursor.total, totalIsExact: cursor.totalIsExact } : count(),
  ]);
  let rows = fetched.slice(0, query.pageSize);
  // One row more than a page: there is more in the direction read.
  let more = fetched.length > query.pageSize;
  let first = !cursor && query.page <= 1;
  let last = !more;
  if (cursor?.direction === "before") {
    if (more) {
      // Read backwards from the cursor: put back in the list's order; the cursor's row comes after.
      rows = rows.reverse();
      last = false;
    } else {
      // At the start (records were added or removed since): the first page, whole.
      const start = await pageRows(undefined, 0);
      rows = start.slice(0, query.pageSize);
      more = start.length > query.pageSize;
      first = true;
      last = !more;
    }
  }
  const pageNumber = first ? 1 : Math.max(2, page);
  const cursorAt = (row: (typeof rows)[number] | undefined, direction: ListCursor["direction"]) =>
    row
      ? encodeCursor({
          direction,
          sort: query.sort,
          order: query.order,
          value: row.sortKey,
          id: row.person.id,
          page: direction === "after" ? pageNumber + 1 : pageNumber - 1,
          ...counted,
        })
      : null;
  return {
    items: await presentRows(db, rows, settings, asOf),
    ...counted,
    page: pageNumber,
    pageSize: query.pageSize,
    nextCursor: last ? null : cursorAt(rows[rows.length - 1], "after"),
    // Past the end (the rows after the cursor are gone): back from the cursor's own position.
    prevCursor: first
      ? null
      : (cursorAt(rows[0], "before") ??
        (cursor ? encodeCursor({ ...cursor, direction: "before", page: Math.max(1, pageNumber - 1) }) : null)),
  };
}

/** List rows as API records, with the status computed in SQL as of the list's instant. */
export async function presentRows(
  db: Executor,
  rows: { person: typeof people.$inferSelect; status: unknown }[],
  settings: Settings,
  asOf: Date,
) {
  const phones = await phonesOf(
    db,
    rows.map((r) => r.person.id),
  );
  return rows.map(({ person, status }) => ({
    ...presentPerson(person, phones.get(person.id) ?? [], settings, asOf),
    status: (status as PersonView["status"]) ?? null,
  }));
}
