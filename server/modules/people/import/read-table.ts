import { Readable } from "node:stream";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { CsvError, parse } from "csv-parse";
import ExcelJS from "exceljs";

/** A cell as read: text, or a real date cell of a spreadsheet. */
export type RawCell = string | Date | null;

/** A data row with its line number in the file (the header is line 1). */
export interface TableRow {
  line: number;
  cells: RawCell[];
}

/** An import file opened: its format and header read, its data rows still to come, one at a time. */
export interface Table {
  format: "csv" | "xlsx";
  header: string[];
  /** The data rows (blank ones skipped), read as they are asked for: iterate once. */
  rows: AsyncIterable<TableRow>;
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
 * Opens an import file: XLSX (recognised by its bytes, first sheet) or CSV in
 * UTF-8 with or without BOM, separated by commas or semicolons (whichever the
 * header line uses). Both are read as a stream: only the header is read here,
 * the data rows as the caller iterates them, so that no more than a row is
 * held at a time. Anything unreadable is refused with the reason (TableError,
 * here or while iterating); a file of more than `maxRows` data rows throws
 * TooManyRows as soon as the row after the last one allowed is read.
 */
export async function openTable(bytes: Buffer, options: { maxRows: number }): Promise<Table> {
  if (bytes.length === 0) throw new TableError("Le fichier est vide.");
  const format = isZip(bytes) ? "xlsx" : "csv";
  const records = (format === "xlsx" ? xlsxRecords(bytes) : csvRecords(bytes))[Symbol.asyncIterator]();
  let first = await records.next();
  while (!first.done && !first.value.cells.some((c) => c !== null)) first = await records.next();
  if (first.done) throw new TableError("Le fichier est vide.");
  const header = Array.from(first.value.cells, (c) => (c instanceof Date ? c.toISOString() : (c ?? "")));
  async function* rows(): AsyncGenerator<TableRow> {
    let count = 0;
    for (let next = await records.next(); !next.done; next = await records.next()) {
      if (!next.value.cells.some((c) => c !== null)) continue;
      count += 1;
      if (count > options.maxRows) {
        await records.return?.(undefined);
        throw new TooManyRows(options.maxRows);
      }
      yield next.value;
      if (count % YIELD_EVERY === 0) await yieldToEventLoop();
    }
  }
  return { format, header, rows: rows() };
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

/** Every record of a CSV, header first, as the parser reads them. */
async function* csvRecords(bytes: Buffer): AsyncGenerator<TableRow> {
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
  const parser = Readable.from(slices(text)).pipe(
    parse({ delimiter, relax_column_count: true, skip_empty_lines: true, bom: true, info: true }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { line: info.lines, cells: record.map((c) => (c.trim() === "" ? null : c)) };
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
  } finally {
    parser.destroy();
  }
}

/** Every row of the first sheet of a workbook, header first (shared strings and styles kept, for the date cells). */
async function* xlsxRecords(bytes: Buffer): AsyncGenerator<TableRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const cells: RawCell[] = [];
        row.eachCell({ includeEmpty: true }, (cell, column) => {
          cells[column - 1] = cellValue(cell.value);
        });
        yield { line: row.number, cells: Array.from(cells, (c) => c ?? null) };
      }
      return; // the first sheet only
    }
  } catch {
    throw new TableError("Le classeur Excel est illisible (fichier .xlsx endommagé ?).");
  }
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
