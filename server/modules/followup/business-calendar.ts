import { TZDate } from "@date-fns/tz";
import { addCalendarDays, clinicDay } from "../../clinic-calendar.ts";
import { HOUR_MS } from "../../clock.ts";
import type { Settings } from "../settings/settings.schema.ts";

/**
 * The clinic's business days (DESIGN §3): not Sundays, not Saturdays unless
 * enabled, not the configured public holidays, in the clinic's time zone.
 * "48 h ouvrées" is 2 business days: the same time of day two business days
 * later (Tuesday 10:00 → Thursday 10:00, Friday 10:00 → Tuesday 10:00); a
 * request made on a closed day counts from the next business day's opening
 * (Saturday 15:00 → Monday 08:00 → Wednesday 08:00).
 *
 * The engine does the same arithmetic in SQL over a calendar table made from
 * these functions (engine.ts); the tests hold the two to the same answers.
 */
export interface BusinessCalendar {
  timeZone: string;
  saturdayIsBusinessDay: boolean;
  opensAt: string;
  closesAt: string;
  holidays: ReadonlySet<string>;
}

export function businessCalendarOf(settings: Settings): BusinessCalendar {
  return {
    timeZone: settings.timeZone,
    saturdayIsBusinessDay: settings.businessDays.saturdayIsBusinessDay,
    opensAt: settings.businessDays.opensAt,
    closesAt: settings.businessDays.closesAt,
    holidays: new Set(settings.holidays.map((h) => h.date)),
  };
}

/** 0 Sunday … 6 Saturday, of a calendar day. */
function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

export function isBusinessDay(day: string, calendar: BusinessCalendar): boolean {
  const dow = weekday(day);
  if (dow === 0) return false;
  if (dow === 6 && !calendar.saturdayIsBusinessDay) return false;
  return !calendar.holidays.has(day);
}

/** The instant of a clinic-local day and "HH:MM". */
export function atLocalTime(day: string, time: string, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const [hh, mm, ss = 0] = time.split(":").map(Number) as [number, number, number?];
  return new Date(new TZDate(y, m - 1, d, hh, mm, ss, timeZone).getTime());
}

function localTimeOf(instant: Date, timeZone: string): string {
  const local = new TZDate(instant.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(local.getHours())}:${pad(local.getMinutes())}:${pad(local.getSeconds())}`;
}

/** `days` business days after an instant (see the rule above). */
export function addBusinessDays(instant: Date, days: number, calendar: BusinessCalendar): Date {
  let day = clinicDay(instant, calendar.timeZone);
  let time = localTimeOf(instant, calendar.timeZone);
  if (!isBusinessDay(day, calendar)) {
    do day = addCalendarDays(day, 1);
    while (!isBusinessDay(day, calendar));
    time = calendar.opensAt;
  }
  for (let left = days; left > 0; ) {
    day = addCalendarDays(day, 1);
    if (isBusinessDay(day, calendar)) left -= 1;
  }
  const millis = instant.getMilliseconds();
  const due = atLocalTime(day, time, calendar.timeZone);
  return time === calendar.opensAt ? due : new Date(due.getTime() + millis);
}

/** Closing time of the clinic on the day of an instant: "same day" tasks are due then. */
export function closingTimeOf(instant: Date, calendar: BusinessCalendar): Date {
  return atLocalTime(clinicDay(instant, calendar.timeZone), calendar.closesAt, calendar.timeZone);
}

/**
 * When to try a call again that reached nobody: `delayMs` later (two hours) when
 * that is still within the day's opening hours, else the next business day's opening.
 */
export function retryTimeAfter(instant: Date, calendar: BusinessCalendar, delayMs = 2 * HOUR_MS): Date {
  const day = clinicDay(instant, calendar.timeZone);
  if (isBusinessDay(day, calendar)) {
    const opening = atLocalTime(day, calendar.opensAt, calendar.timeZone);
    const candidate = new Date(Math.max(instant.getTime() + delayMs, opening.getTime()));
    if (candidate.getTime() <= closingTimeOf(instant, calendar).getTime()) return candidate;
  }
  let next = addCalendarDays(day, 1);
  while (!isBusinessDay(next, calendar)) next = addCalendarDays(next, 1);
  return atLocalTime(next, calendar.opensAt, calendar.timeZone);
}

/**
 * The rows of the engine's calendar table from `from` to `to`: each day,
 * whether it is a business day, and how many business days there are up to it
 * (inclusive) since `from`.
 */
export function calendarRows(from: string, to: string, calendar: BusinessCalendar) {
  const days: string[] = [];
  const business: boolean[] = [];
  const ordinals: number[] = [];
  let ordinal = 0;
  for (let day = from; day <= to; day = addCalendarDays(day, 1)) {
    const open = isBusinessDay(day, calendar);
    if (open) ordinal += 1;
    days.push(day);
    business.push(open);
    ordinals.push(ordinal);
  }
  return { days, business, ordinals };
}
