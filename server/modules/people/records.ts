import { and, asc, eq, inArray, isNull, or, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { people, personPhones } from "../../db/schema/index.ts";
import { AppError, type FieldIssue, notFound } from "../../http/errors.ts";
import type { DuplicateMatch } from "./person.schema.ts";
import { parsePhone } from "./phones.ts";
import { type PersonRow, presentSummary } from "./present.ts";

export type PersonKind = "prospect" | "patient";

/** Phones as typed → E.164, or a 400 naming each phone at fault (`phones.1`). Duplicates typed twice are kept once. */
export function parsePhones(inputs: string[]): string[] {
  const issues: FieldIssue[] = [];
  const parsed: string[] = [];
  inputs.forEach((input, i) => {
    const result = parsePhone(input);
    if (result.ok) {
      if (!parsed.includes(result.e164)) parsed.push(result.e164);
    } else issues.push({ field: `phones.${i}`, location: "body", message: `${result.reason} (« ${input} »)` });
  });
  const [first] = issues;
  if (first) {
    throw new AppError(400, "validation_failed", {
      message: `Champ « ${first.field} » : ${first.message}`,
      details: { issues },
    });
  }
  return parsed;
}

/** The phones of several people, in their order, by person id (any number of ids: queried 5,000 at a time). */
export async function phonesOf(executor: Executor, ids: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await executor
      .select({ personId: personPhones.personId, e164: personPhones.e164 })
      .from(personPhones)
      .where(inArray(personPhones.personId, ids.slice(i, i + 5000)))
      .orderBy(asc(personPhones.position));
    for (const row of rows) map.get(row.personId)?.push(row.e164);
  }
  return map;
}

/** Replaces a person's phones with these, in this order. */
export async function savePhones(tx: Executor, personId: string, e164s: string[]) {
  await tx.delete(personPhones).where(eq(personPhones.personId, personId));
  if (e164s.length) {
    await tx.insert(personPhones).values(e164s.map((e164, position) => ({ personId, e164, position })));
  }
}

/** A record of this kind, locked for update when asked, or 404. */
export async function loadPerson(
  executor: Executor,
  id: string,
  kind: PersonKind,
  options: { lock?: boolean } = {},
): Promise<{ row: PersonRow; phones: string[] }> {
  const query = executor
    .select()
    .from(people)
    .where(and(eq(people.id, id), eq(people.kind, kind)));
  const [row] = options.lock ? await query.for("update") : await query;
  if (!row) throw notFound(kind);
  return { row, phones: (await phonesOf(executor, [id])).get(id) ?? [] };
}

/**
 * Existing prospects and patients that look like the same human: one of the
 * phones, or the same folded last and first names and birth date. Merged
 * records are not offered; `excludeId` leaves the record itself out.
 */
export async function findDuplicates(
  executor: Executor,
  probe: {
    phones: string[];
    lastNameKey?: string;
    firstNameKey?: string;
    birthDate?: string | null;
    excludeId?: string;
  },
): Promise<DuplicateMatch[]> {
  const byPhone = probe.phones.length
    ? executor
        .selectDistinct({ id: personPhones.personId })
        .from(personPhones)
        .where(inArray(personPhones.e164, probe.phones))
    : null;
  const conditions: SQL[] = [];
  if (byPhone) conditions.push(inArray(people.id, byPhone));
  if (probe.lastNameKey && probe.firstNameKey && probe.birthDate) {
    const sameIdentity = and(
      eq(people.lastNameKey, probe.lastNameKey),
      eq(people.firstNameKey, probe.firstNameKey),
      eq(people.birthDate, probe.birthDate),
    );
    if (sameIdentity) conditions.push(sameIdentity);
  }
  if (conditions.length === 0) return [];
  const rows = await executor
    .select()
    .from(people)
    .where(and(or(...conditions), isNull(people.mergedIntoId)))
    .orderBy(asc(people.createdAt))
    .limit(20);
  const others = rows.filter((row) => row.id !== probe.excludeId);
  const phones = await phonesOf(
    executor,
    others.map((r) => r.id),
  );
  return others.map((row) => {
    const own = phones.get(row.id) ?? [];
    return {
      ...presentSummary(row, own),
      matchedOn: own.some((p) => probe.phones.includes(p)) ? ("phone" as const) : ("name_birth_date" as const),
    };
  });
}
