import { useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { parseDate } from "../../../shared/date-text.ts";
import { fetchSettings, queryKeys } from "../api/endpoints.ts";

/** "dd/mm/yyyy" (or "YYYY-MM-DD"; 8 digits with `{ compact: true }`) → "YYYY-MM-DD", or null: see shared/date-text.ts. */
export { parseDate };

export const DEFAULT_TIME_ZONE = "Africa/Dakar";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat("en-GB", {
        timeZone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        hourCycle: "h23",
      });
    } catch {
      formatter = formatterFor(DEFAULT_TIME_ZONE);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock fields of an instant in a time zone. */
function zonedParts(date: Date, timeZone: string) {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(date)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
    text: { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute },
  };
}

/** "dd/mm/yyyy HH:mm" in the clinic's time zone, whatever the interface language. */
export function formatDateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const { text } = zonedParts(date, timeZone);
  const hour = text.hour === "24" ? "00" : text.hour;
  return `${text.day}/${text.month}/${text.year} ${hour}:${text.minute}`;
}

/** "YYYY-MM-DD" → "dd/mm/yyyy" (calendar dates have no time zone). */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : isoDate;
}

/** The offset (ms) of a time zone from UTC at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  const p = zonedParts(new Date(instant), timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a calendar day ("YYYY-MM-DD") starts in a time zone, as an ISO string; `addDays` moves the day. */
export function startOfDayIso(isoDate: string, timeZone: string, addDays = 0): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d + addDays);
  let instant = guess - offsetAt(guess, timeZone);
  // A second pass settles days where the offset changes (daylight saving time).
  instant = guess - offsetAt(instant, timeZone);
  return new Date(instant).toISOString();
}

/** The instant of a wall-clock time ("YYYY-MM-DD", hour, minute) in a time zone, as an ISO string. */
export function zonedTimeToIso(isoDate: string, hour: number, minute: number, timeZone: string): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, hour, minute);
  let instant = guess - offsetAt(guess, timeZone);
  instant = guess - offsetAt(instant, timeZone);
  return new Date(instant).toISOString();
}

/** Today's calendar date ("YYYY-MM-DD") in a time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const { text } = zonedParts(now, timeZone);
  return `${text.year}-${text.month}-${text.day}`;
}

/** "dd/mm/yyyy HH:mm" (or "dd/mm/yyyy HHhmm", "dd/mm/yyyy" alone at 00:00) → its parts, or null. */
export function parseDateTime(input: string): { date: string; hour: number; minute: number } | null {
  const match = /^(\S+)(?:\s+(\d{1,2})\s*[:hH]\s*(\d{2}))?$/.exec(input.trim());
  if (!match?.[1]) return null;
  const date = parseDate(match[1]);
  if (!date) return null;
  const hour = match[2] === undefined ? 0 : Number(match[2]);
  const minute = match[3] === undefined ? 0 : Number(match[3]);
  if (hour > 23 || minute > 59) return null;
  return { date, hour, minute };
}

/** Whole years between a birth date and a day (both "YYYY-MM-DD"). */
export function ageOn(birthDate: string, day: string): number | null {
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const t = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!b || !t) return null;
  let age = Number(t[1]) - Number(b[1]);
  if (Number(t[2]) * 100 + Number(t[3]) < Number(b[2]) * 100 + Number(b[3])) age -= 1;
  return age >= 0 ? age : null;
}

/** The clinic settings, shared by every screen (cached). */
export function useSettingsQuery(enabled = true) {
  return useQuery({ queryKey: queryKeys.settings, queryFn: fetchSettings, enabled, staleTime: 5 * 60_000 });
}

/** The clinic's time zone (Africa/Dakar until the settings are loaded). */
export function useTimeZone(): string {
  const { data } = useSettingsQuery();
  return data?.settings.timeZone ?? DEFAULT_TIME_ZONE;
}

/** Formats ISO instants as "dd/mm/yyyy HH:mm" in the clinic's time zone. */
export function useFormatDateTime(): (iso: string | null | undefined) => string {
  const timeZone = useTimeZone();
  return useCallback((iso) => formatDateTime(iso, timeZone), [timeZone]);
}
