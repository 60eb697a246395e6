import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { anonymizePerson, getEligibility } from "./anonymize.ts";
import {
  anonymizeInput,
  anonymizeResult,
  eligibilitySchema,
  personParams,
  processingRegisterSchema,
  retentionPreviewSchema,
  retentionQuery,
  retentionRunInput,
  retentionRunSchema,
} from "./data-rights.schema.ts";
import { type ExportFormat, exportPersonData } from "./export-person-data.ts";
import { getProcessingRegister, renderProcessingRegisterPdf } from "./register.ts";
import { previewRetention, runRetentionNow } from "./retention.ts";

/** Each person's rights (loi 2008-12): access (export), anonymisation, retention, the processing register. */
export const dataRightsRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);
  const manage = { access: "dataRights.manage" } as const;
  const tags = ["data-rights"];

  for (const format of ["json", "pdf"] as ExportFormat[]) {
    r.get(
      `/api/people/:id/export.${format}`,
      {
        config: manage,
        schema: {
          tags,
          summary: `Everything Relais holds about a person (right of access), as ${format === "pdf" ? "a French PDF" : "JSON"}; audited`,
          params: personParams,
        },
      },
      async (request, reply) => {
        const file = await exportPersonData(ctxOf(services, request), request.params.id, format);
        return reply
          .type(file.contentType)
          .header("content-disposition", `attachment; filename="${file.fileName}"`)
          .header("cache-control", "no-store")
          .send(file.content);
      },
    );
  }
  r.get(
    "/api/people/:id/data-rights",
    {
      config: manage,
      schema: {
        tags,
        summary: "Whether the record may be anonymised, or why not",
        params: personParams,
        response: { 200: eligibilitySchema },
      },
    },
    (request) => getEligibility(ctxOf(services, request), request.params.id),
  );
  r.post(
    "/api/people/:id/anonymize",
    {
      config: manage,
      schema: {
        tags,
        summary: "Anonymise a prospect who never became a patient (never undone); the name typed again as a guard",
        params: personParams,
        body: anonymizeInput,
        response: { 200: anonymizeResult },
      },
    },
    (request) => anonymizePerson(ctxOf(services, request), request.params.id, request.body),
  );
  r.get(
    "/api/data-rights/retention",
    {
      config: manage,
      schema: {
        tags,
        summary: "Prospects the retention would anonymise as of a day: count and the first 50",
        querystring: retentionQuery,
        response: { 200: retentionPreviewSchema },
      },
    },
    (request) => previewRetention(ctxOf(services, request), request.query.asOf),
  );
  r.post(
    "/api/data-rights/retention/run",
    {
      config: { access: "settings.write" },
      schema: {
        tags,
        summary: "Anonymise now every prospect past the retention period",
        body: retentionRunInput,
        response: { 200: retentionRunSchema },
      },
    },
    (request) => runRetentionNow(ctxOf(services, request), request.body.asOf),
  );
  r.get(
    "/api/data-rights/register",
    {
      config: manage,
      schema: {
        tags,
        summary: "The « Registre des traitements », from the settings",
        response: { 200: processingRegisterSchema },
      },
    },
    (request) => getProcessingRegister(ctxOf(services, request)),
  );
  r.get(
    "/api/data-rights/register.pdf",
    { config: manage, schema: { tags, summary: "The « Registre des traitements » as a PDF (application/pdf)" } },
    async (request, reply) => {
      const { fileName, content } = await renderProcessingRegisterPdf(ctxOf(services, request));
      return reply
        .type("application/pdf")
        .header("content-disposition", `attachment; filename="${fileName}"`)
        .send(content);
    },
  );
};
