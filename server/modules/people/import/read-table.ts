import { parse } from "csv-parse/sync";
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

const isZip = (bytes: Buffer) => bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;

/**
 * Reads an import file: XLSX (recognised by its bytes, first sheet) or CSV in
 * UTF-8 with or without BOM, separated by commas or semicolons (whichever the
 * header line uses). Anything else is refused with the reason.
 */
export async function readTable(bytes: Buffer): Promise<Table> {
  if (bytes.length === 0) throw new TableError("Le fichier est vide.");
  return isZip(bytes) ? readXlsx(bytes) : readCsv(bytes);
}

function readCsv(bytes: Buffer): Table {
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
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (error) {
    throw new TableError(`Le CSV est mal formé : ${(error as Error).message}`);
  }
  const [header = [], ...body] = records;
  const rows = body
    .map((cells, i) => ({ line: i + 2, cells: cells.map((c) => (c.trim() === "" ? null : c)) }))
    .filter((row) => row.cells.some((c) => c !== null));
  return { format: "csv", header, rows };
}

async function readXlsx(bytes: Buffer): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new TableError("Le classeur Excel est illisible (fichier .xlsx endommagé ?).");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) throw new TableError("Le fichier est vide.");
  const header: string[] = [];
  const rows: Table["rows"] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: RawCell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellValue(cell.value);
    });
    if (rowNumber === 1) header.push(...cells.map((c) => (c instanceof Date ? c.toISOString() : (c ?? ""))));
    else if (cells.some((c) => c !== null && c !== undefined)) {
      rows.push({ line: rowNumber, cells: Array.from(cells, (c) => c ?? null) });
    }
  });
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
