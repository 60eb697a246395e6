import { PassThrough } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { CSV_OPTIONS } from "../../../../shared/csv-safe.ts";
import { LIMITS } from "../../../../shared/limits.ts";
import { ctxOf } from "../../../http/access.ts";
import { describeError } from "../../../http/error-handler.ts";
import { AppError } from "../../../http/errors.ts";
import { type RoutesPlugin, typed } from "../../../http/route-types.ts";
import { ERROR_MESSAGES } from "../../../i18n/messages.ts";
import { importReportSchema } from "./import.schema.ts";
import { importErrors, importPeople } from "./import-people.ts";
import type { RowError } from "./parse-row.ts";

const FILE_TYPES = [
  "text/csv",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/octet-stream",
];

/**
 * `POST /api/import/prospects` and `/api/import/patients`: the file as a
 * multipart field `file` (the web app), or as the raw body with its type
 * (text/csv or the XLSX type: integrations, curl --data-binary). `?dryRun=true`
 * reports without writing. `?errors=csv` (or `Accept: text/csv`) answers, instead
 * of the report, the CSV of every refused row of the file (the report lists the
 * first LIMITS.importErrorsListed), nothing written: the web app posts the file again.
 */
export const importRoutes: RoutesPlugin = (app, services) => {
  app.addContentTypeParser(
    FILE_TYPES,
    { parseAs: "buffer", bodyLimit: LIMITS.importFileBytes },
    (_request, body, done) => done(null, body),
  );
  const r = typed(app);
  for (const kind of ["prospect", "patient"] as const) {
    r.post(
      `/api/import/${kind}s`,
      {
        config: { access: "people.import" },
        bodyLimit: LIMITS.importFileBytes,
        schema: {
          tags: ["import"],
          querystring: z.strictObject({
            dryRun: z.enum(["true", "false"]).default("false"),
            errors: z.enum(["csv"]).optional(),
          }),
          response: { 200: importReportSchema },
        },
      },
      async (request, reply) => {
        let bytes: Buffer;
        if (request.isMultipart()) {
          const file = await request.file({ limits: { fileSize: LIMITS.importFileBytes, files: 1 } });
          if (!file) throw new AppError(400, "import_no_file");
          bytes = await file.toBuffer();
        } else if (Buffer.isBuffer(request.body)) {
          bytes = request.body;
        } else {
          throw new AppError(400, "import_no_file");
        }
        const ctx = ctxOf(services, request);
        const dryRun = request.query.dryRun === "true";
        if (request.query.errors === "csv" || /^text\/csv\b/.test(String(request.headers.accept ?? ""))) {
          const errors = await importErrors(ctx, kind, bytes);
          return reply
            .type("text/csv; charset=utf-8")
            .header("content-disposition", `attachment; filename="erreurs-import-${kind}s.csv"`)
            .send(errorsCsv(errors) as never);
        }
        if (!String(request.headers.accept ?? "").includes("application/x-ndjson")) {
          return importPeople(ctx, kind, bytes, { dryRun });
        }
        // Progress for the web app's progress bar: one JSON line per step, then the report (or the error).
        const out = new PassThrough();
        // The client may go away mid-import: the import goes on to its end, its lines are dropped.
        out.on("error", () => {});
        const send = (line: object) => {
          if (!out.destroyed && !out.writableEnded) out.write(`${JSON.stringify(line)}\n`);
        };
        importPeople(ctx, kind, bytes, { dryRun, onProgress: (event) => send({ type: "progress", ...event }) })
          .then((report) => send({ type: "report", report }))
          .catch((error: unknown) => {
            if (error instanceof AppError) {
              send({ type: "error", error: { code: error.code, message: error.message, details: error.details } });
            } else {
              request.log.error({ err: describeError(error) }, "import failed");
              send({ type: "error", error: { code: "internal_error", message: ERROR_MESSAGES.internal_error } });
            }
          })
          .finally(() => out.end());
        return reply.type("application/x-ndjson; charset=utf-8").send(out as never);
      },
    );
  }
};

/** Every refused cell: `;`-separated, UTF-8 with BOM, as Excel in French expects, formulas neutralised. */
function errorsCsv(errors: RowError[]): string {
  return stringify(
    errors.map((e) => [String(e.line), e.field, e.reason]),
    { ...CSV_OPTIONS, header: true, columns: ["ligne", "champ", "motif"] },
  );
}
