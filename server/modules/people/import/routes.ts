import { z } from "zod";
import { LIMITS } from "../../../../shared/limits.ts";
import { ctxOf } from "../../../http/access.ts";
import { AppError } from "../../../http/errors.ts";
import { type RoutesPlugin, typed } from "../../../http/route-types.ts";
import { importPeople } from "./import-people.ts";

const FILE_TYPES = [
  "text/csv",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/octet-stream",
];

const reportSchema = z.object({
  kind: z.enum(["prospect", "patient"]),
  format: z.enum(["csv", "xlsx"]),
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  flaggedDuplicates: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), field: z.string(), reason: z.string() })),
  ignoredColumns: z.array(z.string()),
});

/**
 * `POST /api/import/prospects` and `/api/import/patients`: the file as a
 * multipart field `file` (the web app), or as the raw body with its type
 * (text/csv or the XLSX type: integrations, curl --data-binary). `?dryRun=true`
 * reports without writing.
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
          querystring: z.strictObject({ dryRun: z.enum(["true", "false"]).default("false") }),
          response: { 200: reportSchema },
        },
      },
      async (request) => {
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
        return importPeople(ctxOf(services, request), kind, bytes, { dryRun: request.query.dryRun === "true" });
      },
    );
  }
};
