import type { AppointmentStatus } from "../../api/scheduling.ts";
import { formatDateTime } from "../../components/datetime.ts";

/** Badge colour of each appointment status. */
export const STATUS_COLORS: Record<AppointmentStatus, string> = {
  scheduled: "blue",
  attended: "teal",
  no_show: "orange",
  cancelled: "gray",
};

/** "HH:mm" of an instant in the clinic's time zone. */
export function formatTime(iso: string, timeZone: string): string {
  return formatDateTime(iso, timeZone).slice(11);
}

/** "YYYY-MM-DD" of an instant in the clinic's time zone. */
export function dayOf(iso: string, timeZone: string): string {
  const [d, m, y] = formatDateTime(iso, timeZone).slice(0, 10).split("/");
  return `${y}-${m}-${d}`;
}

/** Minutes since midnight (clinic time) of an instant. */
export function minutesOfDay(iso: string, timeZone: string): number {
  const [h, m] = formatTime(iso, timeZone).split(":").map(Number) as [number, number];
  return h * 60 + m;
}

/**
 * Where an appointment sits on one day's grid, in minutes from midnight: one
 * that began the day before starts at 0, one that ends the day after ends at 24:00.
 */
export function spanOnDay(
  item: { startsAt: string; endsAt: string },
  day: string,
  timeZone: string,
): { start: number; end: number } {
  const start = dayOf(item.startsAt, timeZone) < day ? 0 : minutesOfDay(item.startsAt, timeZone);
  const end = dayOf(item.endsAt, timeZone) > day ? 24 * 60 : minutesOfDay(item.endsAt, timeZone);
  return { start, end };
}

/** "HH:mm" or "HHhmm" → hour and minute, or null. */
export function parseTime(input: string): { hour: number; minute: number } | null {
  const match = /^(\d{1,2})\s*[:hH]\s*(\d{2})?$/.exec(input.trim());
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}

/** The calendar day `days` after a "YYYY-MM-DD" day. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The Monday of the week of a "YYYY-MM-DD" day. */
export function mondayOf(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

export const DURATIONS = [10, 15, 20, 30, 45, 60, 90, 120, 180] as const;
