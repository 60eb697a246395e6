import { type AnyColumn, and, asc, desc, eq, gte, isNotNull, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { people, personPhones } from "../../db/schema/index.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import type { ListQuery } from "./list.schema.ts";
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

/** The WHERE of a list or an export. */
export function listConditions(
  kind: PersonKind,
  query: Omit<ListQuery, "page" | "pageSize" | "sort" | "order">,
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
    if (query.status) conditions.push(sql`${statusSql(settings, asOf)} = ${query.status}`);
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

export function listOrder(query: Pick<ListQuery, "sort" | "order">) {
  const column = SORT_COLUMNS[query.sort];
  const direction = query.order === "asc" ? asc : desc;
  return [query.order === "asc" ? sql`${column} asc nulls last` : sql`${column} desc nulls last`, direction(people.id)];
}

/** One page of the prospect or patient list, filtered and sorted on the server. */
export async function listPeople(ctx: Ctx, kind: PersonKind, query: ListQuery) {
  authorize(ctx.actor, "people.read");
  const { db } = ctx.database;
  const asOf = query.asOf ? new Date(query.asOf) : ctx.clock.now();
  const { settings } = await readSettings(db);
  const where = listConditions(kind, query, settings, asOf);
  const [rows, [total]] = await Promise.all([
    db
      .select({ person: people, status: kind === "prospect" ? statusSql(settings, asOf) : sql<null>`null` })
      .from(people)
      .where(where)
      .orderBy(...listOrder(query))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(people).where(where),
  ]);
  return {
    items: await presentRows(db, rows, settings, asOf),
    total: total?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
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
