import { z } from "zod";
import { type TypedDayKind, typedDayOutOfBounds } from "../../../../shared/schemas.ts";
import type { Settings } from "../../settings/settings.schema.ts";
import { cleanName, foldName } from "../names.ts";
import { parsePhone } from "../phones.ts";
import type { Temperature } from "../status.ts";
import type { RawCell } from "./read-table.ts";

export interface RowError {
  line: number;
  field: string;
  reason: string;
}

/** YYYY-MM-DD, DD/MM/YYYY (or D/M/YYYY), or a date cell → YYYY-MM-DD; anything else → an error reason. */
export function parseImportDate(cell: RawCell): { ok: true; date: string } | { ok: false; reason: string } {
  if (cell instanceof Date) {
    // Spreadsheet date cells are calendar days stored at UTC midnight.
    return { ok: true, date: cell.toISOString().slice(0, 10) };
  }
  const text = String(cell ?? "").trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3]] : fr ? [fr[3], fr[2], fr[1]] : null;
  if (!parts) return { ok: false, reason: `date illisible (« ${text} ») : AAAA-MM-JJ ou JJ/MM/AAAA attendu` };
  const [y, m, d] = parts as [string, string, string];
  const date = `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
  const check = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || !check.toISOString().startsWith(date)) {
    return { ok: false, reason: `date inexistante (« ${text} »)` };
  }
  if (Number(y) < 1900 || Number(y) > 2999) return { ok: false, reason: `date hors limites (« ${text} »)` };
  return { ok: true, date };
}

const TEMPERATURES: Record<string, Temperature> = {
  chaud: "hot",
  tiede: "warm",
  froid: "cold",
  hot: "hot",
  warm: "warm",
  cold: "cold",
};

const emailSchema = z.email();

export interface ParsedRow {
  line: number;
  lastName: string;
  firstName: string;
  phones: string[];
  birthDate: string | null;
  createdOn: string | null;
  email: string | null;
  origin: string | null;
  temperature: Temperature | null;
  ehrNumber: string | null;
}

/**
 * One data row → a record, or every reason it is refused (a row may have
 * several: an unknown temperature and a malformed e-mail are both reported).
 */
export function parseRow(
  line: number,
  get: (column: string) => RawCell,
  kind: "prospect" | "patient",
  settings: Settings,
  /** The clinic's today (YYYY-MM-DD): the upper bound of the days (shared/schemas.ts typedDayOutOfBounds). */
  today: string,
): { row: ParsedRow; errors: [] } | { row: null; errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (field: string, reason: string) => errors.push({ line, field, reason });
  const text = (column: string) => {
    const value = get(column);
    return value instanceof Date ? value.toISOString().slice(0, 10) : (value ?? "").trim();
  };
  const required = (column: string) => {
    const value = text(column);
    if (value === "") fail(column, "valeur obligatoire manquante");
    return value;
  };

  const lastName = cleanName(required("nom"));
  const firstName = cleanName(required("prenom"));
  if (lastName.length > 100) fail("nom", "trop long (100 caractères au plus)");
  if (firstName.length > 100) fail("prenom", "trop long (100 caractères au plus)");

  const phones: string[] = [];
  const phoneText = kind === "prospect" ? required("telephone") : text("telephone");
  // Several numbers may share a cell: "77 123 45 67 / 76 555 44 33".
  for (const part of phoneText
    .split(/[/|]| et /)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const parsed = parsePhone(part);
    if (parsed.ok) {
      if (!phones.includes(parsed.e164)) phones.push(parsed.e164);
    } else fail("telephone", `${parsed.reason} (« ${part} »)`);
  }

  const date = (column: string, isRequired: boolean, bounds: TypedDayKind) => {
    const cell = get(column);
    if (cell === null || (typeof cell === "string" && cell.trim() === "")) {
      if (isRequired) fail(column, "valeur obligatoire manquante");
      return null;
    }
    const parsed = parseImportDate(cell);
    if (!parsed.ok) {
      fail(column, parsed.reason);
      return null;
    }
    const outOfBounds = typedDayOutOfBounds(parsed.date, bounds, today);
    if (outOfBounds) {
      fail(column, outOfBounds);
      return null;
    }
    return parsed.date;
  };
  const birthDate = date("date_naissance", kind === "prospect", "birth");
  const createdOn = date("date_creation", true, "contact");

  const emailText = text("email");
  let email: string | null = null;
  if (emailText) {
    if (emailSchema.safeParse(emailText).success) email = emailText.toLowerCase();
    else fail("email", `adresse e-mail invalide (« ${emailText} »)`);
  }

  let temperature: Temperature | null = null;
  let origin: string | null = null;
  if (kind === "prospect") {
    const t = text("temperature");
    if (t) {
      temperature = TEMPERATURES[foldName(t)] ?? null;
      if (!temperature) fail("temperature", `température inconnue (« ${t} ») : chaud, tiède ou froid`);
    }
    const o = text("origine");
    if (o) {
      const key = foldName(o);
      origin = settings.origins.find((entry) => foldName(entry.label) === key || entry.code === o)?.code ?? null;
      if (!origin) fail("origine", `origine inconnue (« ${o} ») : ajoutez-la dans les paramètres ou corrigez-la`);
    } else origin = "other";
  }

  const ehrNumber = kind === "patient" ? required("numero_dossier") || null : null;
  if (errors.length) return { row: null, errors };
  return {
    row: { line, lastName, firstName, phones, birthDate, createdOn, email, origin, temperature, ehrNumber },
    errors: [],
  };
}
