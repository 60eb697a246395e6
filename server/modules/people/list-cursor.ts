import { z } from "zod";

/**
 * Where a page of a people list starts: after (next page) or before (previous
 * page) a row, by the row's sort key and id, in the list's sort and order, with
 * the number of the page it leads to (for « 51–100 ») and the list's total as
 * counted for its first page. Opaque to clients: base64url
 * of JSON. A cursor is a position, not a permission: it names no record the
 * caller could not list anyway, and each of its values is checked against the
 * type of its column before it reaches a statement.
 */
export interface ListCursor {
  direction: "after" | "before";
  sort: CursorSort;
  order: "asc" | "desc";
  /** The sort column's value, as text (null: a record without it, listed last). */
  value: string | null;
  id: string;
  /** The page this cursor leads to, from 1. */
  page: number;
  /** The total of the first page, carried along: the next pages do not count again. */
  total: number;
  totalIsExact: boolean;
}

/** The columns a people list can be sorted by (and so the sort keys a cursor can carry). */
export const SORTABLE = [
  "createdAt",
  "lastName",
  "firstContactDate",
  "lastInteractionAt",
  "temperature",
  "birthDate",
] as const;

export type CursorSort = (typeof SORTABLE)[number];

/** The text of an instant in a cursor: microseconds (PostgreSQL's precision, beyond a JS Date's), UTC. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function validDay(day: string) {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(day);
}

/** Whether a cursor value can be read as a value of the sort's column. */
const VALUE_CHECKS: Record<CursorSort, (value: string) => boolean> = {
  createdAt: (value) => INSTANT.test(value) && validDay(value.slice(0, 10)),
  lastInteractionAt: (value) => INSTANT.test(value) && validDay(value.slice(0, 10)),
  firstContactDate: (value) => DAY.test(value) && validDay(value),
  birthDate: (value) => DAY.test(value) && validDay(value),
  lastName: (value) => value.length <= 400,
  temperature: (value) => ["hot", "warm", "cold"].includes(value),
};

const cursorShape = z.strictObject({
  d: z.enum(["after", "before"]),
  s: z.enum(SORTABLE),
  o: z.enum(["asc", "desc"]),
  v: z.string().nullable(),
  i: z.uuid(),
  p: z.number().int().min(1).max(10_000_000),
  t: z.number().int().min(0).max(100_000_000),
  x: z.boolean(),
});

/** base64url of UTF-8 text, with what both Node and browsers have (this schema is shared with the web app). */
function toBase64Url(text: string): string {
  const binary = String.fromCharCode(...new TextEncoder().encode(text));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The text of base64url; throws on what is not UTF-8 in base64url. */
function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function encodeCursor(cursor: ListCursor): string {
  const shape: z.infer<typeof cursorShape> = {
    d: cursor.direction,
    s: cursor.sort,
    o: cursor.order,
    v: cursor.value,
    i: cursor.id,
    p: cursor.page,
    t: cursor.total,
    x: cursor.totalIsExact,
  };
  return toBase64Url(JSON.stringify(shape));
}

/** The cursor of a query string, or null when it is not one this server wrote. */
export function decodeCursor(text: string): ListCursor | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let json: unknown;
  try {
    json = JSON.parse(fromBase64Url(text));
  } catch {
    return null;
  }
  const parsed = cursorShape.safeParse(json);
  if (!parsed.success) return null;
  const { d, s, o, v, i, p, t, x } = parsed.data;
  if (v !== null && !VALUE_CHECKS[s](v)) return null;
  return { direction: d, sort: s, order: o, value: v, id: i, page: p, total: t, totalIsExact: x };
}

export const CURSOR_INVALID = "curseur de pagination invalide : revenez à la première page";
export const CURSOR_OTHER_SORT = "curseur d'un autre tri : revenez à la première page";

/** The `cursor` query parameter: decoded, or refused on its field (a 400 naming `cursor`). */
export const cursorParam = z
  .string()
  .max(1_000, CURSOR_INVALID)
  .transform((text, ctx) => {
    const cursor = decodeCursor(text);
    if (!cursor) {
      ctx.addIssue({ code: "custom", message: CURSOR_INVALID });
      return z.NEVER;
    }
    return cursor;
  });
