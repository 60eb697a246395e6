import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/**
 * Calendar days ("YYYY-MM-DD") as date-fns dates for the pathways' arithmetic
 * (pregnancy dates, vaccination calendars): each day is held at midnight UTC in
 * a TZDate, so that date-fns' month and day arithmetic never meets the
 * browser's or the server's time zone or a daylight-saving change.
 */

/** Whether a string is a day "YYYY-MM-DD" that exists (no 31 April; 29 February in leap years only). */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}

/** The day as a date-fns date; a malformed or impossible day is a programming error (validate input first). */
export function dayToDate(day: string): TZDate {
  if (!isCalendarDay(day)) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  return new TZDate(Date.parse(`${day}T00:00:00Z`), "UTC");
}

/** The calendar day of a date made by dayToDate and date-fns. */
export function dateToDay(date: TZDate): string {
  return format(date, "yyyy-MM-dd");
}
