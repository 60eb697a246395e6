/**
 * SMS length and cost, as an operator counts them (3GPP TS 23.038, GSM 03.38).
 *
 * A text made only of characters of the GSM 7-bit default alphabet is sent in
 * GSM-7: 160 septets in a single SMS, 153 per segment once it is split (the
 * other 7 septets carry the concatenation header). A character of the extension
 * table (`€ [ ] { } ^ ~ \ |` and form feed) is sent as ESC + character, so it
 * counts 2 septets, and the pair is never split across two segments.
 *
 * Any other character (ê, ï, œ, an emoji…) switches the whole text to UCS-2:
 * 70 UTF-16 code units in a single SMS, 67 per segment, an emoji (a surrogate
 * pair) counting 2 units and never split across two segments.
 *
 * `toGsm7` gives the « sans accents » version of a text, which always fits in
 * GSM-7. Runs in the browser and in Node: no Node import here.
 */

export const GSM7_SINGLE = 160;
export const GSM7_MULTI = 153;
export const UCS2_SINGLE = 70;
export const UCS2_MULTI = 67;

/** The basic table of the GSM 7-bit default alphabet (ESC excluded). */
const GSM7_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);

/** The extension table: each of these is sent as ESC + character, 2 septets. */
const GSM7_EXTENSION = new Set("€[]{}^~\\|\f");

function isGsm7(char: string): boolean {
  return GSM7_BASIC.has(char) || GSM7_EXTENSION.has(char);
}

export type SmsMeasure = {
  /** Septets in GSM-7 (an extension character counts 2), UTF-16 code units in UCS-2. */
  length: number;
  encoding: "GSM-7" | "UCS-2";
  segments: number;
  /** What one segment holds: 160 or 153 in GSM-7, 70 or 67 in UCS-2. */
  perSegment: number;
};

/**
 * Counts a text as an operator bills it: its encoding, its length in septets
 * (GSM-7) or UTF-16 code units (UCS-2), and the number of SMS segments. An empty
 * text is 0 segments.
 */
export function measureSms(text: string): SmsMeasure {
  const chars = Array.from(text); // code points: a surrogate pair stays whole
  const gsm = chars.every(isGsm7);
  const sizes = chars.map((char) => (gsm ? (GSM7_EXTENSION.has(char) ? 2 : 1) : char.length));
  const length = sizes.reduce((sum, size) => sum + size, 0);
  const [single, multi] = gsm ? [GSM7_SINGLE, GSM7_MULTI] : [UCS2_SINGLE, UCS2_MULTI];
  const encoding = gsm ? "GSM-7" : "UCS-2";
  if (length <= single) return { length, encoding, segments: length === 0 ? 0 : 1, perSegment: single };
  // Fill segments one character at a time, so that a 2-unit character that
  // would straddle a boundary starts the next segment instead.
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > multi) {
      segments++;
      used = 0;
    }
    used += size;
  }
  return { length, encoding, segments, perSegment: multi };
}

/** Replacements for the characters that no decomposition brings to GSM-7. */
const REPLACEMENTS: Record<string, string> = {
  œ: "oe",
  Œ: "OE",
  ŋ: "ng",
  Ŋ: "Ng",
  µ: "u",
  ç: "c", // GSM-7 has the capital Ç only
  "’": "'",
  "‘": "'",
  "‚": "'",
  "`": "'",
  "´": "'",
  "“": '"',
  "”": '"',
  "„": '"',
  "«": '"',
  "»": '"',
  "‹": '"',
  "›": '"',
  "‐": "-",
  "‑": "-",
  "–": "-",
  "—": "-",
  "−": "-",
  "…": "...",
  "\t": " ",
};

/**
 * The « sans accents » version of a text, which always measures as GSM-7:
 * characters of the GSM-7 alphabet are kept (é è à ù ì ò ä ö ñ ü É Ç…), the
 * others are replaced by their closest GSM-7 equivalent (ê → e, œ → oe, ’ → ',
 * « » → ", – → -, … → ..., a non-breaking space → a space, ŋ → ng), and what
 * has no equivalent (an emoji…) is removed. Idempotent.
 */
export function toGsm7(text: string): string {
  let result = "";
  for (const char of text.normalize("NFC")) {
    if (isGsm7(char)) result += char;
    else if (char in REPLACEMENTS) result += REPLACEMENTS[char];
    else if (/\p{Zs}/u.test(char))
      result += " "; // U+00A0, U+202F and the other spaces
    else {
      // ê → e + ◌̂: keep the GSM-7 base letter, drop the combining marks and the rest.
      for (const part of char.normalize("NFD")) if (isGsm7(part)) result += part;
    }
  }
  return result;
}

/**
 * The cost in FCFA of `segments` SMS segments at `pricePerSegment` FCFA each,
 * rounded to the nearest franc. Throws a RangeError on a negative, non-finite or
 * non-integer number of segments, or a negative or non-finite price.
 */
export function smsCost(segments: number, pricePerSegment: number): number {
  if (!Number.isInteger(segments) || segments < 0) throw new RangeError(`Invalid number of segments: ${segments}`);
  if (!Number.isFinite(pricePerSegment) || pricePerSegment < 0) {
    throw new RangeError(`Invalid price per segment: ${pricePerSegment}`);
  }
  return Math.round(segments * pricePerSegment);
}
