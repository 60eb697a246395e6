import { z } from "zod";
import { PATHWAY_TYPES } from "../../../shared/pathways.ts";
import { isoDate, isoDateTime } from "../../../shared/schemas.ts";
import { CURSOR_OTHER_SORT, cursorParam, SORTABLE } from "./list-cursor.ts";
import { personSchema, statusSchema, temperatureSchema } from "./person.schema.ts";

export { SORTABLE };

/** Filters of the prospect and patient lists (and of their exports). */
export const listFilters = {
  q: z.string().trim().max(100).optional(),
  temperature: temperatureSchema.optional(),
  status: statusSchema.optional(),
  origin: z.string().max(40).optional(),
  createdFrom: isoDate.optional(),
  createdTo: isoDate.optional(),
  converted: z.enum(["true", "false"]).optional(),
  possibleDuplicate: z.enum(["true", "false"]).optional(),
  /** Records lacking a minimum field of procedure 2 (a phone, a birth date): to complete at the next call. */
  incomplete: z.enum(["true", "false"]).optional(),
  /**
   * Patients in an open pathway of this type, or in none (« sans parcours », `none`), or the mothers of
   * children followed in paediatrics (`parents`: procedure 5 counts them in the « sans parcours » population).
   */
  pathway: z.enum([...PATHWAY_TYPES, "none", "parents"]).optional(),
  /** Status as of this instant (default now). */
  asOf: isoDateTime.optional(),
};

export const listQuery = z
  .strictObject({
    ...listFilters,
    /** By offset (kept for existing clients): the page's number. A `cursor` takes precedence. */
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
    sort: z.enum(SORTABLE).default("createdAt"),
    order: z.enum(["asc", "desc"]).default("desc"),
    /** By key: the `nextCursor` or `prevCursor` of the page before, for the same sort and order. */
    cursor: cursorParam.optional(),
  })
  .superRefine((query, ctx) => {
    if (query.cursor && (query.cursor.sort !== query.sort || query.cursor.order !== query.order)) {
      ctx.addIssue({ code: "custom", path: ["cursor"], message: CURSOR_OTHER_SORT });
    }
  });
export type ListQuery = z.infer<typeof listQuery>;

export const EXPORT_COLUMNS = [
  "lastName",
  "firstName",
  "phones",
  "birthDate",
  "email",
  "firstContactDate",
  "origin",
  "temperature",
  "status",
  "lastInteractionAt",
  "createdAt",
  "possibleDuplicate",
  "convertedAt",
  "ehrNumber",
  "ehrCreatedOn",
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

export const exportQuery = z.strictObject({
  ...listFilters,
  sort: z.enum(SORTABLE).default("createdAt"),
  order: z.enum(["asc", "desc"]).default("desc"),
  format: z.enum(["xlsx", "csv"]).default("xlsx"),
  /** Comma-separated column names, in order; default all. */
  columns: z
    .string()
    .max(500)
    .optional()
    .transform((text, ctx) => {
      if (!text) return [...EXPORT_COLUMNS];
      const names = text.split(",").map((c) => c.trim());
      const unknown = names.filter((n) => !(EXPORT_COLUMNS as readonly string[]).includes(n));
      if (unknown.length) {
        ctx.addIssue({ code: "custom", message: `colonnes inconnues : ${unknown.join(", ")}` });
        return z.NEVER;
      }
      return names as ExportColumn[];
    }),
});
export type ExportQuery = z.infer<typeof exportQuery>;

export const listPageSchema = z.object({
  items: z.array(personSchema),
  /** The number of matching records, exactly up to a threshold (10,000); beyond, the threshold itself. */
  total: z.number().int(),
  /** False when `total` is the threshold and there are more (« plus de 10 000 »). */
  totalIsExact: z.boolean(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** The next page's and the previous page's cursors (null at either end). */
  nextCursor: z.string().nullable(),
  prevCursor: z.string().nullable(),
});
