import type { FastifyReply } from "fastify";
import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import {
  complianceQuery,
  complianceRecordsQuery,
  complianceRecordsSchema,
  complianceSchema,
} from "./compliance.schema.ts";
import {
  conversionCohortQuery,
  conversionExportQuery,
  conversionQuery,
  conversionRatesSchema,
  conversionTableSchema,
} from "./conversion.schema.ts";
import { getConversionRates } from "./conversion-rates.ts";
import { exportConversion, getConversionTable } from "./conversion-table.ts";
import { getCompliance, getComplianceRecords } from "./get-compliance.ts";
import { monthlyReport, monthlyReportQuery } from "./monthly-report.ts";

const read = { access: "reports.read" } as const;

/** A report as a file to download. */
const sendFile = (reply: FastifyReply, file: { filename: string; type: string; buffer: Buffer }) =>
  reply.type(file.type).header("content-disposition", `attachment; filename="${file.filename}"`).send(file.buffer);
const tags = ["reports"];

/** Conversion tracking (procedure 2, DESIGN §4). */
export const reportRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);

  r.get(
    "/api/reports/conversion",
    {
      config: read,
      schema: {
        tags,
        summary: "The conversion tracking table of a cohort of prospects (default: created on today − 28 days)",
        querystring: conversionQuery,
        response: { 200: conversionTableSchema },
      },
    },
    (request) => getConversionTable(ctxOf(services, request), request.query),
  );

  r.get(
    "/api/reports/conversion/rates",
    {
      config: read,
      schema: {
        tags,
        summary: "Conversion rates (prospect → appointment → patient) by origin, month of first contact, temperature",
        querystring: conversionCohortQuery,
        response: { 200: conversionRatesSchema },
      },
    },
    (request) => getConversionRates(ctxOf(services, request), request.query),
  );

  r.get(
    "/api/reports/compliance",
    {
      config: read,
      schema: {
        tags,
        summary: "The procedure-compliance dashboard of a period (default: this month so far)",
        querystring: complianceQuery,
        response: { 200: complianceSchema },
      },
    },
    (request) => getCompliance(ctxOf(services, request), request.query),
  );

  r.get(
    "/api/reports/compliance/records",
    {
      config: read,
      schema: {
        tags,
        summary: "The records behind a share of the dashboard (met, missed or all)",
        querystring: complianceRecordsQuery,
        response: { 200: complianceRecordsSchema },
      },
    },
    (request) => getComplianceRecords(ctxOf(services, request), request.query),
  );

  for (const format of ["pdf", "xlsx"] as const) {
    r.get(
      `/api/reports/compliance/monthly.${format}`,
      {
        config: read,
        schema: {
          tags,
          summary: `The monthly quality report (the dashboard of a month) as ${format.toUpperCase()}`,
          querystring: monthlyReportQuery,
        },
      },
      async (request, reply) => {
        return sendFile(reply, await monthlyReport(ctxOf(services, request), request.query, format));
      },
    );
  }

  for (const format of ["xlsx", "csv"] as const) {
    r.get(
      `/api/reports/conversion.${format}`,
      {
        config: { access: "prospects.export" },
        schema: {
          tags,
          summary: `The conversion tracking table as ${format.toUpperCase()}`,
          querystring: conversionExportQuery,
        },
      },
      async (request, reply) => {
        return sendFile(reply, await exportConversion(ctxOf(services, request), request.query, format));
      },
    );
  }
};
