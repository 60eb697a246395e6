import { TZDate } from "@date-fns/tz";
import { addDays, differenceInCalendarDays, startOfDay } from "date-fns";
import type { Settings } from "../settings/settings.schema.ts";

export const TEMPERATURES = ["hot", "warm", "cold"] as const;
export type Temperature = (typeof TEMPERATURES)[number];
export type ProspectStatus = "normal" | "dormant" | "lost" | "converted";

/** Whole calendar days between two instants, as the clinic's calendar counts them. */
export function calendarDaysBetween(from: Date, to: Date, timeZone: string): number {
  return differenceInCalendarDays(new TZDate(to, timeZone), new TZDate(from, timeZone));
}

/**
 * Classification 2 (DESIGN §2), computed, never stored as truth: calendar days
 * since the last interaction in the clinic's time zone, against the thresholds
 * of the temperature. With hot's 15/30: 14 days normal, 15 to 30 dormant
 * ("en veille"), 31 lost ("perdu").
 */
export function computeStatus(
  input: { temperature: Temperature; lastContactAt: Date; convertedAt?: Date | null },
  asOf: Date,
  settings: Pick<Settings, "statusThresholds" | "timeZone">,
): ProspectStatus {
  if (input.convertedAt && input.convertedAt <= asOf) return "converted";
  const days = calendarDaysBetween(input.lastContactAt, asOf, settings.timeZone);
  const { dormantFromDays, lostAfterDays } = settings.statusThresholds[input.temperature];
  if (days < dormantFromDays) return "normal";
  if (days <= lostAfterDays) return "dormant";
  return "lost";
}

export interface StatusChange {
  at: Date;
  status: ProspectStatus;
}

/**
 * The status changes of a prospect up to `asOf`, derived from what is stored
 * (contacts, temperature changes, conversion) rather than stored themselves:
 * the status only moves at a contact, a temperature change, a conversion, or
 * at the start of the day a threshold is crossed — each of those instants is
 * checked with computeStatus, and every change is kept.
 */
export function statusHistory(
  input: {
    contacts: Date[];
    temperatures: { at: Date; temperature: Temperature }[];
    convertedAt?: Date | null;
  },
  asOf: Date,
  settings: Pick<Settings, "statusThresholds" | "timeZone">,
): StatusChange[] {
  const contacts = [...input.contacts].sort((a, b) => a.getTime() - b.getTime());
  const temperatures = [...input.temperatures].sort((a, b) => a.at.getTime() - b.at.getTime());
  const [first] = contacts;
  if (!first || temperatures.length === 0) return [];
  const candidates = new Set<number>([...contacts, ...temperatures.map((t) => t.at)].map((d) => d.getTime()));
  if (input.convertedAt) candidates.add(input.convertedAt.getTime());
  const crossings = new Set<number>();
  for (const { dormantFromDays, lostAfterDays } of Object.values(settings.statusThresholds)) {
    crossings.add(dormantFromDays);
    crossings.add(lostAfterDays + 1);
  }
  for (const contact of contacts) {
    const day = startOfDay(new TZDate(contact, settings.timeZone));
    for (const days of crossings) candidates.add(addDays(day, days).getTime());
  }
  const changes: StatusChange[] = [];
  for (const time of [...candidates].sort((a, b) => a - b)) {
    if (time > asOf.getTime()) break;
    const at = new Date(time);
    const lastContact = contacts.filter((c) => c.getTime() <= time).at(-1);
    // Before its first recorded change (a record entered after the first contact), the first temperature holds.
    const temperature = (temperatures.filter((t) => t.at.getTime() <= time).at(-1) ?? temperatures[0])?.temperature;
    if (!lastContact || !temperature) continue;
    const status = computeStatus(
      { temperature, lastContactAt: lastContact, convertedAt: input.convertedAt },
      at,
      settings,
    );
    if (changes.at(-1)?.status !== status) changes.push({ at, status });
  }
  return changes;
}
