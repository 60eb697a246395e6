import { TZDate } from "@date-fns/tz";

/** The instant a day of the clinic's calendar ("YYYY-MM-DD", plus `addDays`) starts, in its time zone. */
export function startOfClinicDay(day: string, timeZone: string, addDays = 0): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d + addDays, timeZone).getTime());
}

/** The clinic's calendar day ("YYYY-MM-DD") of an instant. */
export function clinicDayOf(instant: Date, timeZone: string): string {
  const local = new TZDate(instant.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

export const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
