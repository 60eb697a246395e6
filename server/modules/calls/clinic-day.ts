import { TZDate } from "@date-fns/tz";

/** The instants [start, end) of a day of the clinic's calendar, in its time zone. */
export function dayBounds(day: string, timeZone: string): { start: Date; end: Date } {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return {
    start: new Date(new TZDate(y, m - 1, d, timeZone).getTime()),
    end: new Date(new TZDate(y, m - 1, d + 1, timeZone).getTime()),
  };
}

/** The clinic's calendar day ("YYYY-MM-DD") of an instant. */
export function clinicDay(instant: Date, timeZone: string): string {
  const local = new TZDate(instant.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

/**
 * The instant as a Date whose UTC fields read the clinic's wall-clock time: what
 * a spreadsheet cell needs to show the local time whatever the reader's zone.
 */
export function wallClock(instant: Date, timeZone: string): Date {
  const l = new TZDate(instant.getTime(), timeZone);
  return new Date(Date.UTC(l.getFullYear(), l.getMonth(), l.getDate(), l.getHours(), l.getMinutes(), l.getSeconds()));
}
