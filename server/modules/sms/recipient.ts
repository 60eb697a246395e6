import { type AnyColumn, type SQL, sql } from "drizzle-orm";
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
 * The SQL twin of `isMobile` over an E.164 column: the number matches its country's mobile pattern, from the
 * same libphonenumber metadata (segments count « a un mobile » over a million records, in the database).
 * Senegalese numbers are tested against Senegal's pattern alone; the long pattern of every other country only
 * runs on foreign numbers.
 */
export function mobileE164Sql(e164: SQL | AnyColumn): SQL {
  const { senegal, others } = mobilePatterns();
  return sql`(case when ${e164} like '+221%' then ${e164} ~ ${senegal} else ${e164} ~ ${others} end)`;
}

let patterns: { senegal: string; others: string } | undefined;
function mobilePatterns() {
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
