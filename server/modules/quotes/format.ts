import { TZDate } from "@date-fns/tz";

/**
 * Amounts and dates as printed on a pro forma quote. XOF has no decimals; the
 * thousands separator is a no-break space (U+00A0): French typography uses a
 * narrow one (U+202F), which the PDF's built-in Helvetica (WinAnsi) cannot draw.
 */
export const NBSP = "\u00a0";

export function formatXof(amount: number): string {
  const sign = amount < 0 ? "-" : "";
  const digits = String(Math.abs(Math.trunc(amount)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return `${sign}${grouped}${NBSP}FCFA`;
}

/**
 * "2026-03-02" → "02/03/2026": the one day format of the exports, quotes and
 * reports, the year always on four digits ("0001-01-01" → "01/01/0001").
 */
export function formatDay(isoDay: string): string {
  const [year = "", month, day] = isoDay.split("-");
  return `${day}/${month}/${year.padStart(4, "0")}`;
}

/** An instant as "02/03/2026 14:05" on the wall clock of a time zone (the day by formatDay). */
export function formatDayTime(instant: Date, timeZone: string): string {
  const local = new TZDate(instant.getTime(), timeZone);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const day = `${pad(local.getFullYear(), 4)}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
  return `${formatDay(day)} ${pad(local.getHours())}:${pad(local.getMinutes())}`;
}
