import { writeFile } from "node:fs/promises";
import { CONVERSION_COMMENTS } from "../../../shared/reports.ts";
import type { Ctx } from "../../context.ts";
import { CONVERSION_COMMENT_LABELS } from "../../i18n/labels.ts";
import { type AsOf, resolveAsOf } from "../followup/run-command.ts";
import { formatDay } from "../quotes/format.ts";
import { readSettings } from "../settings/settings.ts";
import { conversionCohortQuery } from "./conversion.schema.ts";
import { exportConversion } from "./conversion-table.ts";

/** The file formats of the table, by the output file's extension. */
export function reportFormatOf(file: string): "xlsx" | "csv" | null {
  const extension = file.toLowerCase().split(".").pop();
  return extension === "xlsx" || extension === "csv" ? extension : null;
}

/**
 * `relais report conversion --from --to [--as-of] --out FILE`: the conversion
 * tracking table written to FILE (.xlsx or .csv, as the API gives it), and a
 * summary per comment in French.
 */
export async function conversionReportCommand(
  ctx: Ctx,
  options: { from?: string | undefined; to?: string | undefined; asOf?: AsOf | undefined; out: string },
): Promise<string[]> {
  const format = reportFormatOf(options.out);
  if (!format) throw new Error(`--out : « ${options.out} » doit finir par .xlsx ou .csv`);
  const { settings } = await readSettings(ctx.database.db);
  const query = conversionCohortQuery.parse({
    from: options.from,
    to: options.to,
    asOf: options.asOf ? resolveAsOf(options.asOf, settings).toISOString() : undefined,
  });
  const { buffer, lines, cohort } = await exportConversion(ctx, query, format);
  await writeFile(options.out, buffer);
  const period =
    cohort.from === cohort.to
      ? `le ${formatDay(cohort.from)}`
      : `du ${formatDay(cohort.from)} au ${formatDay(cohort.to)}`;
  const width = Math.max(...Object.values(CONVERSION_COMMENT_LABELS).map((label) => label.length));
  return [
    `Suivi de la conversion des prospects créés ${period} : ${lines.length} prospect${lines.length > 1 ? "s" : ""}.`,
    ...CONVERSION_COMMENTS.map(
      (comment) =>
        `  ${CONVERSION_COMMENT_LABELS[comment].padEnd(width)}  ${String(lines.filter((l) => l.comment === comment).length).padStart(6)}`,
    ),
    `Fichier écrit : ${options.out}`,
  ];
}
