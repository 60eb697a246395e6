import { and, asc, eq, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { people, personPhones } from "../../db/schema/index.ts";
import { foldName } from "./names.ts";
import { parsePhone, phoneDigits } from "./phones.ts";
import { presentSummary } from "./present.ts";
import { phonesOf } from "./records.ts";

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
 * Finds prospects and patients together as one types, ranked:
 * - a phone in any format (exact number first), or 6 digits or more of it:
 *   its last digits ("45 67 89") or the start of the national number ("77 123 4");
 * - a birth date (12/03/1990);
 * - a name: each word a prefix of the last or the first name, accents, case,
 *   apostrophes and hyphens ignored ("ndiaye" finds "NDIAYE" and "N'Diaye").
 * Every path is a b-tree range scan (DESIGN §7), never a scan of the table.
 */
export async function lookup(ctx: Ctx, query: { q: string; limit: number }) {
  authorize(ctx.actor, "people.read");
  const { db } = ctx.database;
  const ranked = new Map<string, { matchedOn: MatchedOn; rank: number }>();
  const add = (ids: string[], matchedOn: MatchedOn, rank: number) => {
    for (const id of ids) if (!ranked.has(id)) ranked.set(id, { matchedOn, rank });
  };

  const digits = phoneDigits(query.q);
  const birthDate = digits ? parseBirthDate(query.q) : null;
  if (birthDate) {
    const rows = await db
      .select({ id: people.id })
      .from(people)
      .where(eq(people.birthDate, birthDate))
      .limit(query.limit);
    add(
      rows.map((r) => r.id),
      "birth_date",
      3,
    );
  } else if (digits) {
    const exact = parsePhone(query.q);
    if (exact.ok) {
      const rows = await db
        .select({ id: personPhones.personId })
        .from(personPhones)
        .where(eq(personPhones.e164, exact.e164))
        .limit(query.limit);
      add(
        rows.map((r) => r.id),
        "phone",
        0,
      );
    }
    const national = digits.replace(/^(00)?221/, "");
    const partial: SQL[] = [
      sql`reverse(${personPhones.e164}) like ${`${[...digits].reverse().join("")}%`}`,
      sql`${personPhones.e164} like ${`+221${national}%`}`,
    ];
    const rows = await db
      .selectDistinct({ id: personPhones.personId })
      .from(personPhones)
      .where(or(...partial))
      .limit(query.limit);
    add(
      rows.map((r) => r.id),
      "phone_partial",
      1,
    );
  } else {
    const words = query.q.split(/\s+/).map(foldName).filter(Boolean);
    const [first, second] = words;
    if (first) {
      const whole = words.join("");
      const prefix = (column: typeof people.lastNameKey | typeof people.firstNameKey, word: string) =>
        sql`${column} like ${`${word}%`}`;
      const conditions: SQL[] = [prefix(people.lastNameKey, whole), prefix(people.firstNameKey, whole)];
      if (second) {
        const rest = words.slice(1).join("");
        const lastThenFirst = and(prefix(people.lastNameKey, first), prefix(people.firstNameKey, rest));
        const firstThenLast = and(prefix(people.firstNameKey, first), prefix(people.lastNameKey, rest));
        if (lastThenFirst) conditions.push(lastThenFirst);
        if (firstThenLast) conditions.push(firstThenLast);
      }
      const rows = await db
        .select({ id: people.id })
        .from(people)
        .where(or(...conditions))
        .orderBy(
          sql`(${people.lastNameKey} = ${whole} or ${people.lastNameKey} = ${first}) desc`,
          asc(people.lastNameKey),
        )
        .limit(query.limit);
      add(
        rows.map((r) => r.id),
        "name",
        2,
      );
    }
  }

  if (ranked.size === 0) return { results: [] };
  const rows = await db
    .select()
    .from(people)
    .where(and(inArray(people.id, [...ranked.keys()]), isNull(people.mergedIntoId)));
  const phones = await phonesOf(
    db,
    rows.map((r) => r.id),
  );
  const order = [...ranked.keys()];
  const results = rows
    .map((row) => ({
      ...presentSummary(row, phones.get(row.id) ?? []),
      matchedOn: ranked.get(row.id)?.matchedOn ?? "name",
    }))
    .sort(
      (a, b) =>
        (ranked.get(a.id)?.rank ?? 9) - (ranked.get(b.id)?.rank ?? 9) || order.indexOf(a.id) - order.indexOf(b.id),
    )
    .slice(0, query.limit);
  return { results };
}
