import { TZDate } from "@date-fns/tz";

/**
 * Days of the clinic's calendar ("YYYY-MM-DD") and the instants they span, in
 * its time zone (settings.timeZone): the register, the planning, quotes and
 * the demo all count days this way.
 */

/** The clinic's calendar day of an instant. */
export function clinicDay(instant: Date, timeZone: string): string {
  const local = new TZDate(instant.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

/** The instant a day (plus `addDays`) starts, in the clinic's time zone. */
export function startOfClinicDay(day: string, timeZone: string, addDays = 0): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d + addDays, timeZone).getTime());
}

/** The instants [start, end) of a day. */
export function dayBounds(day: string, timeZone: string): { start: Date; end: Date } {
  return { start: startOfClinicDay(day, timeZone), end: startOfClinicDay(day, timeZone, 1) };
}

export { addCalendarDays } from "../shared/days.ts";

export const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * The instant as a Date whose UTC fields read the clinic's wall-clock time: what
 * a spreadsheet cell needs to show the local time whatever the reader's zone.
 */
export function wallClock(instant: Date, timeZone: string): Date {
  const l = new TZDate(instant.getTime(), timeZone);
  return new Date(Date.UTC(l.getFullYear(), l.getMonth(), l.getDate(), l.getHours(), l.getMinutes(), l.getSeconds()));
}
