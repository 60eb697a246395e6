import type {
  Compliance,
  ComplianceRecord,
  ComplianceRecords,
  ComplianceShare,
} from "../../../server/modules/reports/compliance.schema.ts";
import type {
  ConversionEvidence,
  ConversionLine,
  ConversionRate,
  ConversionRates,
  ConversionTable,
} from "../../../server/modules/reports/conversion.schema.ts";
import type { ComplianceShareId, ConversionComment } from "../../../shared/reports.ts";
import { api, buildUrl } from "./client.ts";

/** The conversion tracking table of procedure 2 and the conversion rates (DESIGN §4). */
export type { ConversionComment, ConversionEvidence, ConversionLine, ConversionRate, ConversionRates, ConversionTable };

export interface ConversionFilter {
  from: string;
  to: string;
  comment: ConversionComment | null;
  page: number;
  /** A group of the rates, to narrow the cohort to (a figure's drill-down). */
  origin?: string | undefined;
  temperature?: "hot" | "warm" | "cold" | undefined;
  firstContactMonth?: string | undefined;
}

export const PAGE_SIZE = 100;

export const reportKeys = {
  conversion: (filter: ConversionFilter) => ["reports", "conversion", filter] as const,
  rates: (from: string | null, to: string | null) => ["reports", "conversion-rates", from, to] as const,
};

export const fetchConversion = (filter: ConversionFilter, signal?: AbortSignal) =>
  api<ConversionTable>("GET", "/api/reports/conversion", {
    query: {
      from: filter.from,
      to: filter.to,
      comment: filter.comment ?? undefined,
      origin: filter.origin,
      temperature: filter.temperature,
      firstContactMonth: filter.firstContactMonth,
      page: String(filter.page),
      pageSize: String(PAGE_SIZE),
    },
    signal,
  });

/** Rates of a period; the server's default (the year up to today − 28 days) when none is given. */
export const fetchConversionRates = (from: string | null, to: string | null, signal?: AbortSignal) =>
  api<ConversionRates>("GET", "/api/reports/conversion/rates", {
    query: { from: from ?? undefined, to: to ?? undefined },
    signal,
  });

/** The table as a file, narrowed as on screen, for a plain download link. */
export const conversionExportUrl = (format: "xlsx" | "csv", filter: ConversionFilter) =>
  buildUrl(`/api/reports/conversion.${format}`, {
    from: filter.from,
    to: filter.to,
    comment: filter.comment ?? undefined,
    origin: filter.origin,
    temperature: filter.temperature,
    firstContactMonth: filter.firstContactMonth,
  });

export type { Compliance, ComplianceRecord, ComplianceRecords, ComplianceShare, ComplianceShareId };

export const complianceKeys = {
  dashboard: (from: string | null, to: string | null) => ["reports", "compliance", from, to] as const,
  records: (indicator: string, part: string, from: string, to: string) =>
    ["reports", "compliance-records", indicator, part, from, to] as const,
};

/** The dashboard of a period; the server's default (this month so far) when none is given. */
export const fetchCompliance = (from: string | null, to: string | null, signal?: AbortSignal) =>
  api<Compliance>("GET", "/api/reports/compliance", {
    query: { from: from ?? undefined, to: to ?? undefined },
    signal,
  });

export const fetchComplianceRecords = (
  indicator: string,
  part: "met" | "missed" | "all",
  from: string,
  to: string,
  signal?: AbortSignal,
) => api<ComplianceRecords>("GET", "/api/reports/compliance/records", { query: { indicator, part, from, to }, signal });

/** The monthly quality report of a month (AAAA-MM), for a plain download link. */
export const complianceReportUrl = (format: "pdf" | "xlsx", month: string) =>
  buildUrl(`/api/reports/compliance/monthly.${format}`, { month });
