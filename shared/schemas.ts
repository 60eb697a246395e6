import { z } from "zod";

/** Instants travel as ISO 8601 strings with their offset (UTC "Z" from the server). */
export const isoDateTime = z.iso.datetime({ offset: true }).refine((value) => {
  const year = new Date(value).getUTCFullYear();
  return year >= 1900 && year <= 2999;
}, "date hors des limites (1900 à 2999)");

/** A calendar day, YYYY-MM-DD, that exists (no 31 February). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "date attendue au format AAAA-MM-JJ")
  .refine((value) => {
    const d = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
  }, "date inexistante");

/** A day bounding a period (reports): a calendar day within the years instants may have. */
export const periodDay = isoDate.refine(
  (value) => value >= "1900" && value < "3000",
  "date hors des limites (1900 à 2999)",
);

export const toIso = (d: Date): string => d.toISOString();
export const toIsoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);
