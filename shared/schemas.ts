import { z } from "zod";
import { addCalendarDays } from "./days.ts";
import { DATE_BOUNDS } from "./limits.ts";

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

/** The kinds of days a person types: a birth date, or a first contact / creation day (DATE_BOUNDS). */
export type TypedDayKind = "birth" | "contact";

/** The refusal of a first contact or creation day, its bounds named. */
const CONTACT_DAY_OUT_OF_BOUNDS = `date hors limites (1990 à aujourd'hui + ${DATE_BOUNDS.contactDaysAhead} jours)`;

/**
 * Why a typed day is out of its bounds, or null: a birth date from 1900 to the
 * clinic's today, a first contact or creation day from 1990 to today + 7 days.
 * The API (server/date-bounds.ts), the importer and the forms share it.
 */
export function typedDayOutOfBounds(day: string, kind: TypedDayKind, today: string): string | null {
  if (kind === "birth") {
    return day < DATE_BOUNDS.birthDateMin || day > today ? "date de naissance hors limites (1900 à aujourd'hui)" : null;
  }
  return day < DATE_BOUNDS.contactDateMin || day > addCalendarDays(today, DATE_BOUNDS.contactDaysAhead)
    ? CONTACT_DAY_OUT_OF_BOUNDS
    : null;
}

/** A birth date: the static part of its bounds (the use case checks "not after today"). */
export const birthDay = isoDate.refine(
  (value) => value >= DATE_BOUNDS.birthDateMin && value < "3000",
  "date de naissance hors limites (1900 à aujourd'hui)",
);

/** A first contact or creation day: the static part of its bounds (the use case checks "not more than 7 days ahead"). */
export const contactDay = isoDate.refine(
  (value) => value >= DATE_BOUNDS.contactDateMin && value < "3000",
  CONTACT_DAY_OUT_OF_BOUNDS,
);

/** An instant a person types (an interaction): not before 1990 (the use case refuses the future). */
export const contactDateTime = isoDateTime.refine(
  (value) => new Date(value).toISOString().slice(0, 10) >= DATE_BOUNDS.contactDateMin,
  "date hors limites (à partir de 1990)",
);

export const toIso = (d: Date): string => d.toISOString();
export const toIsoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);
