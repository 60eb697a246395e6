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

/** "2026-03-02" → "02/03/2026". */
export function formatDay(isoDay: string): string {
  const [year, month, day] = isoDay.split("-");
  return `${day}/${month}/${year}`;
}
