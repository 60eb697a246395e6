import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/** Senegal: national numbers ("77 123 45 67") are read as +221. */
export const DEFAULT_PHONE_REGION = "SN";

export type PhoneParse = { ok: true; e164: string } | { ok: false; reason: string };

/**
 * Any way a phone is written ("77 123 45 67", "+221771234567",
 * "00221 77 123 45 67") to E.164, or the reason it is not a phone number.
 */
export function parsePhone(input: string): PhoneParse {
  const text = input.trim();
  if (text === "") return { ok: false, reason: "numéro vide" };
  if (/[^\d\s+().\-/]/.test(text)) return { ok: false, reason: "caractères non autorisés dans un numéro" };
  const phone = parsePhoneNumberFromString(text, DEFAULT_PHONE_REGION);
  if (!phone) return { ok: false, reason: "numéro illisible" };
  if (!phone.isValid()) {
    const digits = phone.nationalNumber.length;
    return {
      ok: false,
      reason: digits < 9 && phone.countryCallingCode === "221" ? "numéro trop court" : "numéro invalide",
    };
  }
  return { ok: true, e164: phone.number };
}

/** The digits of a lookup query, when it looks like (part of) a phone number. */
export function phoneDigits(query: string): string | null {
  if (!/^[\d\s+().\-/]+$/.test(query.trim())) return null;
  const digits = query.replace(/\D/g, "");
  return digits.length >= 6 ? digits : null;
}
