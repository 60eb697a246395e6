import { Readable } from "node:stream";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { CsvError, parse } from "csv-parse";
import ExcelJS from "exceljs";

/** A cell as read: text, or a real date cell of a spreadsheet. */
export type RawCell = string | Date | null;

export interface Table {
  format: "csv" | "xlsx";
  header: string[];
  /** Data rows with their line number in the file (the header is line 1). */
  rows: { line: number; cells: RawCell[] }[];
}

export class TableError extends Error {}

/** The file has more data rows than `maxRows`: it was not read to its end. */
export class TooManyRows extends Error {
  constructor(readonly maxRows: number) {
    super(`more than ${maxRows} rows`);
  }
}

/** Rows read between two pauses that let the server answer other requests. */
const YIELD_EVERY = 2000;

const isZip = (bytes: Buffer) => bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;

/**
 * Reads an import file: XLSX (recognised by its bytes, first sheet, read as a
 * stream) or CSV in UTF-8 with or without BOM, separated by commas or semicolons
 * (whichever the header line uses). Anything else is refused with the reason;
 * a file of more than `maxRows` data rows is refused as soon as the row after
 * the last one allowed is read.
 */
export async function readTable(bytes: Buffer, options: { maxRows: number }): Promise<Table> {
  if (bytes.length === 0) throw new TableError("Le fichier est vide.");
  return isZip(bytes) ? readXlsx(bytes, options.maxRows) : readCsv(bytes, options.maxRows);
}

/** French reasons for csv-parse's error codes (its own messages are English). */
const CSV_REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: "un guillemet ouvert n'est jamais refermé",
  CSV_INVALID_CLOSING_QUOTE: "un guillemet fermant est suivi d'autres caractères dans la même cellule",
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: "un guillemet fermant est suivi d'autres caractères dans la même cellule",
  CSV_QUOTE_NOT_OPENED: "un guillemet apparaît au milieu d'une cellule sans guillemets",
  CSV_INVALID_OPENING_QUOTE: "un guillemet apparaît au milieu d'une cellule sans guillemets",
  CSV_MAX_RECORD_SIZE: "une cellule est beaucoup trop longue",
};

/** The text in slices, so that parsing it gives the event loop back between them. */
function* slices(text: string, size = 256 * 1024) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function readCsv(bytes: Buffer, maxRows: number): Promise<Table> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new TableError(
      "Le fichier n'est ni un classeur Excel (.xlsx) ni un texte CSV en UTF-8 : enregistrez-le au format « CSV UTF-8 » ou .xlsx.",
    );
  }
  if (text.includes("\u0000")) throw new TableError("Le fichier contient des données binaires : ce n'est pas un CSV.");
  text = text.replace(/^\ufeff/, "");
  if (text.trim() === "") throw new TableError("Le fichier est vide.");
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  let header: string[] | undefined;
  const rows: Table["rows"] = [];
  let records = 0;
  try {
    // Header + maxRows + 1 records at most: one more than allowed is enough to refuse.
    const parser = Readable.from(slices(text)).pipe(
      parse({ delimiter, relax_column_count: true, skip_empty_lines: true, bom: true, info: true, to: maxRows + 2 }),
    );
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      records += 1;
      if (records > maxRows + 1) throw new TooManyRows(maxRows);
      if (header === undefined) header = record;
      else {
        const cells = record.map((c) => (c.trim() === "" ? null : c));
        if (cells.some((c) => c !== null)) rows.push({ line: info.lines, cells });
      }
      if (records % YIELD_EVERY === 0) await yieldToEventLoop();
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      const reason = CSV_REASONS[error.code] ?? "sa structure est invalide";
      throw new TableError(
        `Le CSV est mal formé${line ? ` à la ligne ${line}` : ""} : ${reason}. Vérifiez les guillemets de cette ligne ou enregistrez le fichier au format .xlsx.`,
      );
    }
    throw error;
  }
  return { format: "csv", header: header ?? [], rows };
}

async function readXlsx(bytes: Buffer, maxRows: number): Promise<Table> {
  // Streamed: shared strings and styles (for date cells) are kept, the rows are read one by one.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  const header: string[] = [];
  const rows: Table["rows"] = [];
  let sawSheet = false;
  try {
    for await (const sheet of reader) {
      sawSheet = true;
      let read = 0;
      for await (const row of sheet) {
        const cells: RawCell[] = [];
        row.eachCell({ includeEmpty: true }, (cell, column) => {
          cells[column - 1] = cellValue(cell.value);
        });
        if (header.length === 0 && rows.length === 0 && row.number === 1) {
          header.push(...Array.from(cells, (c) => (c instanceof Date ? c.toISOString() : (c ?? ""))));
        } else if (cells.some((c) => c !== null && c !== undefined)) {
          if (rows.length === maxRows) throw new TooManyRows(maxRows);
          rows.push({ line: row.number, cells: Array.from(cells, (c) => c ?? null) });
        }
        read += 1;
        if (read % YIELD_EVERY === 0) await yieldToEventLoop();
      }
      break; // the first sheet only
    }
  } catch (error) {
    if (error instanceof TooManyRows) throw error;
    throw new TableError("Le classeur Excel est illisible (fichier .xlsx endommagé ?).");
  }
  if (!sawSheet || (header.length === 0 && rows.length === 0)) throw new TableError("Le fichier est vide.");
  return { format: "xlsx", header, rows };
}

function cellValue(value: ExcelJS.CellValue): RawCell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === "object") {
    if ("text" in value && typeof value.text === "string") return value.text; // hyperlink
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("result" in value) return cellValue(value.result as ExcelJS.CellValue); // formula
    return null;
  }
  const text = String(value).trim();
  return text === "" ? null : text;
}
