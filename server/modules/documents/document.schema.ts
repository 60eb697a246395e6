import { z } from "zod";
import { isoDateTime } from "../../../shared/schemas.ts";

/** A document of the library may weigh up to 10 MB (an email with a few of them stays deliverable). */
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
export const DOCUMENT_NAME_MAX = 200;

/** File kinds the library accepts, by extension: PDF, images and Word. */
export const DOCUMENT_TYPES = {
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
} as const;

/** What the file input of the upload form accepts. */
export const DOCUMENT_ACCEPT = Object.keys(DOCUMENT_TYPES)
  .map((ext) => `.${ext}`)
  .join(",");

export const documentView = z.object({
  id: z.uuid(),
  name: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  active: z.boolean(),
  uploadedAt: isoDateTime,
  uploadedBy: z.string().nullable(),
  version: z.number().int(),
});
export type DocumentView = z.infer<typeof documentView>;

export const documentListQuery = z.strictObject({
  /** true: the active ones only (what can be sent); false: the deactivated; absent: all. */
  active: z.enum(["true", "false"]).optional(),
});

export const documentList = z.object({ items: z.array(documentView) });

export const documentIdParams = z.strictObject({ id: z.uuid() });

export const updateDocumentInput = z.strictObject({
  version: z.number().int().nonnegative(),
  name: z.string().trim().min(1).max(DOCUMENT_NAME_MAX).optional(),
  active: z.boolean().optional(),
});
export type UpdateDocumentInput = z.infer<typeof updateDocumentInput>;
