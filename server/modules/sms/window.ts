import { TZDate } from "@date-fns/tz";
import { clinicDay, startOfClinicDay } from "../../clinic-calendar.ts";

/** The instant a clinic day's "HH:MM" falls at. */
export function clinicInstant(day: string, time: string, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const [hours, minutes] = time.split(":").map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hours, minutes, timeZone).getTime());
}

const minutesOfDay = (instant: Date, timeZone: string): number => {
  const local = new TZDate(instant.getTime(), timeZone);
  return local.getHours() * 60 + local.getMinutes();
};
const minutesOf = (time: string): number => {
  const [hours, minutes] = time.split(":").map(Number) as [number, number];
  return hours * 60 + minutes;
};

export interface SendingWindow {
  from: string;
  until: string;
}

/** Whether an SMS may leave at this instant (clinic time within [from, until)). */
export function inSendingWindow(instant: Date, window: SendingWindow, timeZone: string): boolean {
  const minutes = minutesOfDay(instant, timeZone);
  return minutes >= minutesOf(window.from) && minutes < minutesOf(window.until);
}

/** The first instant from `instant` on when an SMS may leave: itself in the window, else the next morning's opening. */
export function nextSendingTime(instant: Date, window: SendingWindow, timeZone: string): Date {
  if (inSendingWindow(instant, window, timeZone)) return instant;
  const day = clinicDay(instant, timeZone);
  const before = minutesOfDay(instant, timeZone) < minutesOf(window.from);
  const opening = before ? day : clinicDay(startOfClinicDay(day, timeZone, 1), timeZone);
  return clinicInstant(opening, window.from, timeZone);
}
