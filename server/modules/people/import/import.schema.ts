import { z } from "zod";

/** The report of an import (a dry run says what would happen); shared with the web app. */
export const importReportSchema = z.object({
  kind: z.enum(["prospect", "patient"]),
  format: z.enum(["csv", "xlsx"]),
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  /** New prospects kept as separate records although they match another (legacy duplicates). */
  flaggedDuplicates: z.number().int(),
  /** The first LIMITS.importErrorsListed refused cells (line, field, reason); all of them as CSV on request. */
  errors: z.array(z.object({ line: z.number().int(), field: z.string(), reason: z.string() })),
  /** How many errors the file has in all. */
  errorCount: z.number().int(),
  ignoredColumns: z.array(z.string()),
});
export type ImportReport = z.infer<typeof importReportSchema>;
