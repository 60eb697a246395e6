/**
 * Phone numbers for reading. The server stores E.164 ("+221771234567"); people
 * read them grouped as they are spoken ("+221 77 123 45 67"). No metadata
 * library here (it would weigh on every screen): country calling codes are
 * prefix-free, so the ITU list of one- and two-digit codes is enough to split
 * the code from the national number.
 */
const TWO_DIGIT_CODES = new Set(
  "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98".split(
    " ",
  ),
);

/** Pairs from the end, a single leading digit when the count is odd: "612345678" → "6 12 34 56 78". */
function pairs(digits: string): string {
  const groups: string[] = [];
  let end = digits.length;
  while (end > 0) {
    const start = Math.max(0, end - 2);
    groups.unshift(digits.slice(start, end));
    end = start;
  }
  return groups.join(" ");
}

function national(code: string, digits: string): string {
  // Senegal: 9 digits, read 2-3-2-2 ("77 123 45 67", "33 889 12 34").
  if (code === "221" && digits.length === 9) {
    return `${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5, 7)} ${digits.slice(7)}`;
  }
  // North America: 3-3-4.
  if (code === "1" && digits.length === 10) return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
  return pairs(digits);
}

/** "+221771234567" → "+221 77 123 45 67"; anything that is not E.164 is returned as it is. */
export function formatPhone(e164: string): string {
  if (!/^\+\d{6,15}$/.test(e164)) return e164;
  const digits = e164.slice(1);
  const codeLength = digits[0] === "1" || digits[0] === "7" ? 1 : TWO_DIGIT_CODES.has(digits.slice(0, 2)) ? 2 : 3;
  const code = digits.slice(0, codeLength);
  return `+${code} ${national(code, digits.slice(codeLength))}`;
}

/** The digits a typed number has (to decide whether it is worth a duplicate check). */
export const digitCount = (text: string): number => text.replace(/\D/g, "").length;
