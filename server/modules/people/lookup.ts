import { createHash } from "node:crypto";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { foldName } from "./names.ts";
import { parsePhone, phoneDigits } from "./phones.ts";
import { presentSummary } from "./present.ts";

type MatchedOn = "phone" | "phone_partial" | "name" | "birth_date";

/** "12/03/1990" or "1990-03-12" → "1990-03-12"; anything else → null. */
export function parseBirthDate(query: string): string | null {
  const text = query.trim();
  const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [year, month, day] = fr ? [fr[3], fr[2], fr[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (!year || !month || !day) return null;
  const value = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? value : null;
}

/**
 * One way a query can match: an index range scan read in index order and cut
 * at the limit, so that it costs the same on 1,000 or 1,000,000 people. Its
 * rank orders the results (lower first). `from` is the statement after
 * `select <person id>`, up to its order by.
 */
interface Branch {
  rank: number;
  from: string;
}

/** Parameters of one statement: `bind(value)` adds one and returns its `$n`. */
type Bind = (value: string | number) => string;

/** The folded name keys compare byte by byte (text_pattern_ops): ordering by them must use the same operator. */
const BY_LAST = "last_name_key using ~<~, first_name_key using ~<~";
const BY_FIRST = "first_name_key using ~<~, last_name_key using ~<~";
const inPeople = (where: string, order: string) => `people where ${where} and merged_into_id is null order by ${order}`;

/**
 * The first text after every text starting with `prefix`, byte by byte (as `~<~` compares, and as UTF-8
 * keeps code points in order): the prefix with its last character moved one up.
 */
export function prefixEnd(prefix: string): string {
  const chars = [...prefix];
  while (chars.length > 0) {
    const last = chars.pop()?.codePointAt(0) ?? 0;
    if (last < 0x10ffff) {
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return chars.join("") + String.fromCodePoint(next);
    }
  }
  throw new Error("no text follows this prefix");
}

/**
 * « starts with » as an index range the statement's parameters bound: `column ~>=~ $a and column ~<~ $b`
 * (`from` = `~>~`: starts with, and longer). Unlike `like 'abc%'`, a range of parameters is read from
 * the index by a plan made once for every value (Database.queryPrepared).
 */
function startsWith(column: string, prefix: string, bind: Bind, from: "~>=~" | "~>~" = "~>=~") {
  return `${column} ${from} ${bind(prefix)} and ${column} ~<~ ${bind(prefixEnd(prefix))}`;
}

/**
 * A name: each word a prefix of the last or the first name, accents, case,
 * apostrophes and hyphens ignored ("ndiaye" finds "NDIAYE" and "N'Diaye").
 * Exact names come before prefixes, last names before first names:
 * "ndiaye fa" lists the Ndiaye whose first name starts with "fa" first.
 */
function nameBranches(query: string, bind: Bind): Branch[] {
  const words = query.split(/\s+/).map(foldName).filter(Boolean);
  const [word] = words;
  if (!word) return [];
  const first = bind(word);
  if (words.length === 1) {
    return [
      { rank: 0, from: inPeople(`last_name_key = ${first}`, BY_LAST) },
      { rank: 1, from: inPeople(startsWith("last_name_key", word, bind, "~>~"), BY_LAST) },
      { rank: 2, from: inPeople(`first_name_key = ${first}`, BY_FIRST) },
      { rank: 3, from: inPeople(startsWith("first_name_key", word, bind, "~>~"), BY_FIRST) },
    ];
  }
  const rest = words.slice(1).join("");
  const whole = words.join("");
  return [
    { rank: 0, from: inPeople(`last_name_key = ${first} and ${startsWith("first_name_key", rest, bind)}`, BY_LAST) },
    { rank: 1, from: inPeople(`first_name_key = ${first} and ${startsWith("last_name_key", rest, bind)}`, BY_FIRST) },
    { rank: 2, from: inPeople(startsWith("last_name_key", whole, bind), BY_LAST) },
    {
      rank: 3,
      from: inPeople(
        `${startsWith("last_name_key", word, bind, "~>~")} and ${startsWith("first_name_key", rest, bind)}`,
        BY_LAST,
      ),
    },
    {
      rank: 4,
      from: inPeople(
        `${startsWith("first_name_key", word, bind, "~>~")} and ${startsWith("last_name_key", rest, bind)}`,
        BY_FIRST,
      ),
    },
    { rank: 5, from: inPeople(startsWith("first_name_key", whole, bind), BY_FIRST) },
  ];
}

/**
 * A phone in any format (the exact number), or 6 digits or more of it: its
 * last digits ("45 67 89") or the start of the national number ("77 123 4").
 */
function phoneBranches(query: string, digits: string, bind: Bind): Branch[] {
  const match = phoneMatch(query, digits);
  if (match.kind === "exact") return [{ rank: 0, from: `person_phones where e164 = ${bind(match.e164)}` }];
  const prefix = (pattern: string) => pattern.replace(/%$/, "");
  return [
    { rank: 1, from: `person_phones where ${startsWith("reverse(e164)", prefix(match.reversedPrefix), bind)}` },
    { rank: 1, from: `person_phones where ${startsWith("e164", prefix(match.e164Prefix), bind)}` },
  ];
}

/** How a phone-like query matches `person_phones`: shared by the lookup and the lists' filter. */
export type PhoneMatch =
  | { kind: "exact"; e164: string }
  /** LIKE patterns: the last digits (on `reverse(e164)`) or the start of the national number (on `e164`). */
  | { kind: "partial"; reversedPrefix: string; e164Prefix: string };

/**
 * A whole valid number in any format is that number (its digits as a suffix or a
 * prefix would find nothing more); otherwise its digits (6 or more, from
 * phoneDigits) are the last digits or the start of the national number.
 */
export function phoneMatch(query: string, digits: string): PhoneMatch {
  const exact = parsePhone(query);
  if (exact.ok) return { kind: "exact", e164: exact.e164 };
  const national = digits.replace(/^(00)?221/, "");
  return { kind: "partial", reversedPrefix: `${[...digits].reverse().join("")}%`, e164Prefix: `+221${national}%` };
}

const MATCHED_ON: Record<"phone" | "name" | "birthDate", (rank: number) => MatchedOn> = {
  phone: (rank) => (rank === 0 ? "phone" : "phone_partial"),
  name: () => "name",
  birthDate: () => "birth_date",
};

interface FoundRow {
  id: string;
  kind: string;
  last_name: string;
  first_name: string;
  birth_date: string | null;
  ehr_number: string | null;
  temperature: string | null;
  created_at: Date | string;
  rank: number;
  phones: string[];
}

/** A prepared statement's name: one per text (a handful: the kinds of query and their number of words). */
const names = new Map<string, string>();
function statementName(text: string) {
  let name = names.get(text);
  if (!name) {
    name = `lookup_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Finds prospects and patients together as one types, ranked: by phone, by
 * birth date (12/03/1990) or by name. The whole lookup is one statement: every
 * way the query can match is an index range scan cut at the limit (DESIGN §7:
 * never a scan of the table), the branches run in rank order until enough
 * people are found, and the people and their phones come back with them.
 * Hand-written SQL on purpose: this runs at every key stroke of every
 * receptionist, and building it through the query builder cost more than
 * running it. Prepared and planned once (queryPrepared): every condition is an
 * equality or a range of parameters, which a plan made for any value reads
 * from the index.
 */
export async function lookup(ctx: Ctx, query: { q: string; limit: number }) {
  authorize(ctx.actor, "people.read");
  const params: (string | number)[] = [];
  const bind: Bind = (value) => `$${params.push(value)}`;
  const digits = phoneDigits(query.q);
  const birthDate = digits ? parseBirthDate(query.q) : null;
  const [kind, branches]: [keyof typeof MATCHED_ON, Branch[]] = birthDate
    ? ["birthDate", [{ rank: 0, from: inPeople(`birth_date = ${bind(birthDate)}`, BY_LAST) }]]
    : digits
      ? ["phone", phoneBranches(query.q, digits, bind)]
      : ["name", nameBranches(query.q, bind)];
  if (branches.length === 0) return { results: [] };

  const id = kind === "phone" ? "person_id" : "id";
  const limit = bind(query.limit);
  const union = branches
    .map((b) => `(select ${id} as person_id, ${b.rank} as rank from ${b.from} limit ${limit})`)
    .join(" union all ");
  const statement = `select p.id, p.kind, p.last_name, p.first_name, p.birth_date::text as birth_date, p.ehr_number,
            p.temperature, p.created_at, c.rank,
            array(select e164 from person_phones where person_id = p.id order by position) as phones
       from (select person_id, min(rank) as rank
               -- twice the limit: a person found by two branches (rare) still leaves a full page
               from (select * from (${union}) as branches limit ${bind(query.limit * 2)}) as found
              group by person_id) as c
       join people p on p.id = c.person_id
      where p.merged_into_id is null
      order by c.rank, p.last_name_key, p.first_name_key, p.id
      limit ${limit}`;
  const rows = await ctx.database.queryPrepared<FoundRow>(statementName(statement), statement, params);
  const results = rows.map((row) => ({
    ...presentSummary(
      {
        id: row.id,
        kind: row.kind,
        lastName: row.last_name,
        firstName: row.first_name,
        birthDate: row.birth_date,
        ehrNumber: row.ehr_number,
        temperature: row.temperature,
        createdAt: new Date(row.created_at),
      },
      row.phones,
    ),
    matchedOn: MATCHED_ON[kind](Number(row.rank)),
  }));
  return { results };
}
