import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import metadata from "libphonenumber-js/metadata.max.json";

/** Why an SMS cannot go to a person, in the words reception reads on the planning. */
export const SKIP_REASONS = {
  noPhone: "pas de téléphone sur la fiche",
  noMobile: "pas de mobile (ligne fixe seulement)",
  optedOut: "ne souhaite pas recevoir de SMS",
  stop: "a répondu STOP",
  merged: "fiche fusionnée",
} as const;

/** Whether a number can receive an SMS: a mobile (Senegal's 70, 75–78…), not a fixed line (33…). */
export function isMobile(e164: string): boolean {
  const type = parsePhoneNumberFromString(e164)?.getType();
  return type === "MOBILE" || type === "FIXED_LINE_OR_MOBILE";
}

/**
 * Where a person's SMS go: her first mobile (in the record's order), or why none. A person who asked
 * for no SMS gets only the vital ones.
 */
export function smsRecipient(
  person: { phones: readonly string[]; smsOptOutAt: Date | string | null; smsOptOutSource: string | null },
  vital: boolean,
): { to: string } | { skip: string } {
  if (!vital && person.smsOptOutAt) {
    return { skip: person.smsOptOutSource === "stop" ? SKIP_REASONS.stop : SKIP_REASONS.optedOut };
  }
  if (person.phones.length === 0) return { skip: SKIP_REASONS.noPhone };
  const mobile = person.phones.find(isMobile);
  return mobile ? { to: mobile } : { skip: SKIP_REASONS.noMobile };
}

/**
 * The statement that (re)defines `phone_is_mobile(e164)`, the SQL function behind the stored
 * `person_phones.mobile` column: the patterns of the libphonenumber metadata Relais runs with, frozen
 * in a migration (`npx tsx scripts/phone-mobile-sql.ts` prints it). When an upgrade of libphonenumber-js
 * changes them, segments.test.ts fails until a new migration redefines the function and recomputes
 * the column (`update person_phones set e164 = e164`).
 */
export function phoneIsMobileFunctionSql(): string {
  const { senegal, others } = mobilePatterns();
  const literal = (pattern: string) => `'${pattern.replaceAll("'", "''")}'`;
  return [
    "CREATE OR REPLACE FUNCTION phone_is_mobile(e164 text) RETURNS boolean",
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE",
    `RETURN CASE WHEN e164 LIKE '+221%' THEN e164 ~ ${literal(senegal)} ELSE e164 ~ ${literal(others)} END;`,
  ].join("\n");
}

let patterns: { senegal: string; others: string } | undefined;
/**
 * `isMobile` as two regular expressions over an E.164 number, from the same libphonenumber metadata:
 * Senegal's mobile pattern alone for +221 numbers, the long pattern of every other country otherwise.
 */
export function mobilePatterns() {
  if (patterns) return patterns;
  const byCode = new Map<string, string[]>();
  for (const data of Object.values(metadata.countries)) {
    // [callingCode, …, types: [fixedLine, mobile, …]] (libphonenumber-js's compressed metadata).
    const entry = data as unknown as [string, ...unknown[]];
    const types = entry[11] as ([string] | 0)[] | undefined;
    // An empty mobile pattern means « the same as the fixed lines » (the United States, Canada…).
    const mobile = types?.[1] && (types[1][0] === "" ? types[0] : types[1]);
    if (!mobile) continue;
    const list = byCode.get(entry[0]) ?? [];
    list.push(mobile[0]);
    byCode.set(entry[0], list);
  }
  const one = (code: string) => `${code}(?:${(byCode.get(code) ?? []).join("|")})`;
  const others = [...byCode.keys()].filter((code) => code !== "221").map(one);
  patterns = { senegal: `^\\+${one("221")}$`, others: `^\\+(?:${others.join("|")})$` };
  return patterns;
}
