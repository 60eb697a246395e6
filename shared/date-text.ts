/**
 * Calendar dates as people type them (jj/mm/aaaa), for the web app's date fields.
 * Pure and shared so that its tests run with the rest of the suite.
 */

/**
 * "dd/mm/yyyy" (also "d/m/yyyy", with "." or "-") or "YYYY-MM-DD" → "YYYY-MM-DD",
 * or null when it is not a real day. With `compact`, 8 digits "ddmmyyyy" too
 * ("05061990" → "1990-06-05"): a date field asks for it; the header search does
 * not, where 8 digits are the end of a phone number.
 * Six digits "ddmmyy" are never a date: the century is ambiguous (a birth in
 * "05/06/25" is 1925 or 2025), so they are refused rather than guessed.
 */
export function parseDate(input: string, options: { compact?: boolean } = {}): string | null {
  const text = input.trim();
  let y: number;
  let m: number;
  let d: number;
  const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const compact = options.compact ? /^(\d{2})(\d{2})(\d{4})$/.exec(text) : null;
  if (fr) [d, m, y] = [Number(fr[1]), Number(fr[2]), Number(fr[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (compact) [d, m, y] = [Number(compact[1]), Number(compact[2]), Number(compact[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  // Date.UTC reads years 0–99 as 1900–1999: the year check refuses them with impossible days.
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * What a date field's text is worth as typed: nothing yet, a day, still being
 * typed (« 05/06/19 »), or complete but impossible or unreadable (« 31/02/1990 »,
 * « 05/06/90 » once left, letters) — the field says « Date invalide ».
 */
export type DateText =
  | { kind: "empty" }
  | { kind: "date"; date: string }
  | { kind: "incomplete" }
  | { kind: "invalid" };

export function readDateText(input: string): DateText {
  const text = input.trim();
  if (text === "") return { kind: "empty" };
  const date = parseDate(text, { compact: true });
  if (date) return { kind: "date", date };
  if (/[^\d/.\- ]/.test(text)) return { kind: "invalid" };
  const digits = text.replace(/\D/g, "");
  const groups = text.split(/[/.-]/);
  const iso = /^\d{4}-/.test(text);
  // A day or a month of 3 digits, a year of 5, 9 digits in all: no more typing makes it a day.
  const tooLong =
    iso || groups.length === 1
      ? digits.length > 8
      : groups.length > 3 ||
        groups.slice(0, 2).some((g) => g.length > 2) ||
        (groups.length === 3 && (groups[2] ?? "").length > 4) ||
        digits.length > 8;
  // Every part typed (a year of 4 digits, or 8 digits) yet not a day: complete and impossible.
  const complete = iso ? digits.length === 8 : (groups.length === 3 && groups[2]?.length === 4) || digits.length === 8;
  return tooLong || complete ? { kind: "invalid" } : { kind: "incomplete" };
}

/**
 * The text of a date field after the user typed into it (not after a deletion):
 * digits get their slashes as they come ("05" → "05/", "0506" → "05/06/",
 * "05061990" → "05/06/1990"). The user's own slashes are kept ("5/6/1990"), a
 * slash typed right after one the field put is not doubled, and anything else
 * (an ISO date, letters, more than 8 digits) is left as typed.
 */
export function maskDateTyping(text: string): string {
  if (!/^[\d/]*$/.test(text)) return text;
  const collapsed = text.replace(/\/{2,}/g, "/");
  const groups = collapsed.split("/");
  if (groups.length > 3) return collapsed;
  const digits = collapsed.replace(/\//g, "");
  if (digits.length > 8) return collapsed;
  if (groups.length === 1) {
    // Digits only: dd/mm/yyyy from the start.
    const [dd, mm, yyyy] = [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4)];
    if (digits.length < 2) return digits;
    if (digits.length < 4) return `${dd}/${mm}`;
    return `${dd}/${mm}/${yyyy}`;
  }
  if (groups.length === 2) {
    // The day is the user's (one or two digits); the rest is month then year.
    const [day = "", rest = ""] = groups;
    if (day.length > 2) return collapsed;
    if (rest.length < 2) return `${day}/${rest}`;
    return `${day}/${rest.slice(0, 2)}/${rest.slice(2)}`;
  }
  return collapsed;
}
