import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { CSV_OPTIONS } from "../../../shared/csv-safe.ts";
import { authorize } from "../../authorize.ts";
import { clinicDay } from "../../clinic-calendar.ts";
import type { Ctx } from "../../context.ts";
import { onReplica } from "../../db/replica.ts";
import { AppError } from "../../http/errors.ts";
import { ERROR_MESSAGES } from "../../i18n/messages.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { formatDay } from "../quotes/format.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import type { ConversionExportQuery, ConversionLine, ConversionQuery, ConversionTable } from "./conversion.schema.ts";
import { resolveCohort, selectConversion } from "./conversion.ts";
import { presentConversionLine } from "./present-conversion.ts";

/** A table is a working list: beyond this, a shorter period is asked for. */
export const CONVERSION_EXPORT_MAX_ROWS = 200_000;

/**
 * The conversion tracking table of a cohort (procedure 2, « Suivi de la
 * conversion des prospects »): its counts per comment, and a page of lines.
 */
export async function getConversionTable(ctx: Ctx, query: ConversionQuery): Promise<ConversionTable> {
  authorize(ctx.actor, "reports.read");
  const { db } = onReplica(ctx).database;
  const { settings } = await readSettings(db);
  const cohort = resolveCohort(query, ctx.clock.now(), settings);
  const { page, pageSize } = query;
  const { counts, rows } = await selectConversion(db, cohort, settings, {
    comment: query.comment,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return {
    from: cohort.from,
    to: cohort.to,
    asOf: cohort.asOf.toISOString(),
    total: Object.values(counts).reduce((n, c) => n + c, 0),
    counts,
    comment: query.comment ?? null,
    page,
    pageSize,
    lines: rows.map((row) => presentConversionLine(row, settings)),
  };
}

/** Every line of a cohort's table, narrowed as asked (refused beyond CONVERSION_EXPORT_MAX_ROWS). */
export async function conversionLines(ctx: Ctx, query: ConversionExportQuery, settings: Settings) {
  const cohort = resolveCohort(query, ctx.clock.now(), settings);
  const { rows } = await selectConversion(onReplica(ctx).database.db, cohort, settings, {
    comment: query.comment,
    limit: CONVERSION_EXPORT_MAX_ROWS + 1,
    offset: 0,
  });
  if (rows.length > CONVERSION_EXPORT_MAX_ROWS) {
    throw new AppError(422, "report_too_large", {
      details: { issues: [{ field: "to", location: "querystring", message: ERROR_MESSAGES.report_too_large }] },
    });
  }
  return { cohort, lines: rows.map((row) => presentConversionLine(row, settings)) };
}

const HEADERS = [
  "Nom",
  "Prénom",
  "Téléphone",
  "Date de naissance",
  "E-mail",
  "Date de premier contact",
  "Origine",
  "Date de création",
  "Commentaires",
  "Justification",
];

const phone = (e164: string) => parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
const day = (value: string | null) => (value ? new Date(`${value}T00:00:00Z`) : null);

/** A line as the spreadsheet has it: the days as dates (cells), the rest as text. */
function cells(line: ConversionLine, creationDay: string): (string | Date | null)[] {
  return [
    line.lastName,
    line.firstName,
    line.phones.map(phone).join(" / "),
    day(line.birthDate),
    line.email,
    day(line.firstContactDate),
    line.origin?.label ?? null,
    day(creationDay),
    line.commentLabel,
    line.explanation,
  ];
}

/**
 * The table as a file, as the secretary keeps it in Excel: XLSX (real date
 * cells) or CSV (`;`, UTF-8 with BOM, dd/mm/yyyy). A bulk export of prospects
 * (names, phones, birth dates): it needs `prospects.export` and is audited.
 */
export async function exportConversion(ctx: Ctx, query: ConversionExportQuery, format: "xlsx" | "csv") {
  authorize(ctx.actor, "prospects.export");
  const { settings } = await readSettings(ctx.database.db);
  const { cohort, lines } = await conversionLines(ctx, query, settings);
  const rows = lines.map((line) => cells(line, clinicDay(new Date(line.createdAt), settings.timeZone)));
  await recordAudit(ctx.database.db, ctx.clock, ctx.actor, {
    action: "report.conversion.export",
    entityType: "prospect",
    after: {
      format,
      from: cohort.from,
      to: cohort.to,
      asOf: cohort.asOf.toISOString(),
      filters: {
        origin: query.origin,
        temperature: query.temperature,
        month: query.firstContactMonth,
        comment: query.comment,
      },
      rows: rows.length,
    },
  });
  const period = cohort.from === cohort.to ? cohort.from : `${cohort.from}_${cohort.to}`;
  const filename = `suivi-conversion-${period}.${format}`;
  if (format === "csv") {
    const text = stringify(
      [
        HEADERS,
        ...rows.map((row) => row.map((v) => (v instanceof Date ? formatDay(v.toISOString().slice(0, 10)) : (v ?? "")))),
      ],
      CSV_OPTIONS,
    );
    return { filename, type: "text/csv; charset=utf-8", buffer: Buffer.from(text, "utf8"), lines, cohort };
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Suivi conversion");
  sheet.columns = HEADERS.map((header, i) => ({
    header,
    width: [16, 16, 20, 14, 26, 14, 20, 14, 26, 60][i],
    style: [3, 5, 7].includes(i) ? { numFmt: "dd/mm/yyyy" } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  for (const row of rows) sheet.addRow(row);
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return {
    filename,
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer,
    lines,
    cohort,
  };
}
