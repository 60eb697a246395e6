import { TZDate } from "@date-fns/tz";
import { differenceInCalendarDays } from "date-fns";
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
