import { PassThrough, type Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { CSV_OPTIONS } from "../../../shared/csv-safe.ts";
import { exportPermission } from "../../../shared/permissions.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { onReplica } from "../../db/replica.ts";
import { people } from "../../db/schema/index.ts";
import { EXPORT_HEADERS, STATUS_LABELS, TEMPERATURE_LABELS } from "../../i18n/labels.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { formatDay, formatDayTime } from "../quotes/format.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import type { ExportColumn, ExportQuery } from "./list.schema.ts";
import { listConditions, listOrder, presentRows, statusSql } from "./list-people.ts";
import type { PersonView } from "./person.schema.ts";
import type { PersonKind } from "./records.ts";

const BATCH = 2000;
/** An export is a working list, not a backup: beyond this, narrow the filters. */
export const EXPORT_MAX_ROWS = 200_000;

type Cell = string | Date | null;

/** Dates of the clinic's calendar as Date cells at UTC midnight, so Excel shows the same day everywhere. */
const day = (value: string | null): Date | null => (value ? new Date(`${value}T00:00:00Z`) : null);

function cellOf(column: ExportColumn, person: PersonView, settings: Settings): Cell {
  switch (column) {
    case "phones":
      return person.phones.join(", ");
    case "birthDate":
    case "firstContactDate":
    case "ehrCreatedOn":
      return day(person[column]);
    case "createdAt":
    case "lastInteractionAt":
    case "convertedAt":
      return person[column] ? new Date(person[column]) : null;
    case "origin":
      return settings.origins.find((o) => o.code === person.origin)?.label ?? person.origin;
    case "temperature":
      return person.temperature ? (TEMPERATURE_LABELS[person.temperature] ?? person.temperature) : null;
    case "status":
      return person.status ? (STATUS_LABELS[person.status] ?? person.status) : null;
    case "possibleDuplicate":
      return person.possibleDuplicate ? "Oui" : "Non";
    default:
      return person[column];
  }
}

/** dd/mm/yyyy (HH:mm) in the clinic's time zone, for CSV (the day as in every export: formatDay). */
function csvText(value: Cell, timeZone: string, isDay: boolean): string {
  if (value === null) return "";
  if (!(value instanceof Date)) return value;
  return isDay ? formatDay(value.toISOString().slice(0, 10)) : formatDayTime(value, timeZone);
}

const DAY_COLUMNS = new Set<ExportColumn>(["birthDate", "firstContactDate", "ehrCreatedOn"]);

/**
 * The current view of the prospect or patient list as an XLSX or CSV file
 * (CSV: `;`, UTF-8 with BOM, as Excel in French expects), streamed in batches.
 * A bulk export has its own permission (`people.export`; `prospects.export` for
 * prospects only) and is audited.
 */
export async function exportPeople(ctx: Ctx, kind: PersonKind, query: ExportQuery) {
  authorize(ctx.actor, exportPermission(kind));
  // The rows come from the report replica when there is one; the audit goes to the primary.
  const { db } = onReplica(ctx).database;
  const asOf = query.asOf ? new Date(query.asOf) : ctx.clock.now();
  const { settings } = await readSettings(db);
  const where = listConditions(kind, query, settings, asOf);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(people).where(where);
  const total = Math.min(count?.n ?? 0, EXPORT_MAX_ROWS);
  await recordAudit(ctx.database.db, ctx.clock, ctx.actor, {
    action: `${kind}.export`,
    entityType: kind,
    after: { format: query.format, rows: total, filters: { ...query, columns: undefined } },
  });

  async function* batches() {
    for (let offset = 0; offset < total; offset += BATCH) {
      const rows = await db
        .select({ person: people, status: kind === "prospect" ? statusSql(settings, asOf) : sql<null>`null` })
        .from(people)
        .where(where)
        .orderBy(...listOrder(query))
        .limit(Math.min(BATCH, total - offset))
        .offset(offset);
      yield (await presentRows(db, rows, settings, asOf)).map((person) =>
        query.columns.map((column) => cellOf(column, person, settings)),
      );
    }
  }

  const headers = query.columns.map((c) => EXPORT_HEADERS[c]);
  const stamp = asOf.toISOString().slice(0, 10);
  const filename = `${kind === "prospect" ? "prospects" : "patients"}-${stamp}.${query.format}`;
  const stream =
    query.format === "csv"
      ? csvStream(headers, batches(), query.columns, settings)
      : xlsxStream(headers, batches(), query.columns, kind);
  return { filename, stream, rows: total };
}

function csvStream(
  headers: string[],
  rows: AsyncGenerator<Cell[][]>,
  columns: ExportColumn[],
  settings: Settings,
): Readable {
  const out = stringify(CSV_OPTIONS);
  void (async () => {
    try {
      out.write(headers);
      for await (const batch of rows) {
        for (const row of batch) {
          const ok = out.write(
            row.map((v, i) => csvText(v, settings.timeZone, DAY_COLUMNS.has(columns[i] as ExportColumn))),
          );
          if (!ok) await new Promise((resolve) => out.once("drain", resolve));
        }
      }
      out.end();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}

function xlsxStream(
  headers: string[],
  rows: AsyncGenerator<Cell[][]>,
  columns: ExportColumn[],
  kind: PersonKind,
): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet(kind === "prospect" ? "Prospects" : "Patients");
  sheet.columns = headers.map((header, i) => ({
    header,
    width: Math.max(12, header.length + 2),
    style: DAY_COLUMNS.has(columns[i] as ExportColumn)
      ? { numFmt: "dd/mm/yyyy" }
      : ["createdAt", "lastInteractionAt", "convertedAt"].includes(columns[i] as string)
        ? { numFmt: "dd/mm/yyyy hh:mm" }
        : {},
  }));
  void (async () => {
    try {
      for await (const batch of rows) {
        for (const row of batch) sheet.addRow(row).commit();
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}
