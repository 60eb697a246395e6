import { z } from "zod";

/**
 * Characters that change how a text looks without being seen: control
 * characters, bidirectional overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069), direction marks (U+200E, U+200F) and zero-width characters
 * (U+200B–U+200D, U+2060, U+FEFF). A name holding one can pass for another.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
export const INVISIBLE_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/;

export function hasInvisibleCharacters(text: string): boolean {
  return INVISIBLE_CHARACTERS.test(text);
}

/** A person's name: trimmed, required, without invisible or control characters. */
export const personName = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((text) => !hasInvisibleCharacters(text), { message: "caractère invisible ou de contrôle interdit" });

/** An optional free text: trimmed, and stored as null when nothing but spaces was typed. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((text) => (text === "" ? null : text))
    .nullable()
    .optional();
