import { createHash } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { toIso } from "../../../shared/schemas.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { documents, users } from "../../db/schema/index.ts";
import { AppError, fieldError, notFound, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import {
  DOCUMENT_MAX_BYTES,
  DOCUMENT_NAME_MAX,
  DOCUMENT_TYPES,
  type DocumentView,
  type UpdateDocumentInput,
} from "./document.schema.ts";

type DocumentRow = Omit<typeof documents.$inferSelect, "content">;

/** Every column but the bytes: lists never read them. */
const summaryColumns = {
  id: documents.id,
  name: documents.name,
  fileName: documents.fileName,
  contentType: documents.contentType,
  sizeBytes: documents.sizeBytes,
  sha256: documents.sha256,
  active: documents.active,
  uploadedAt: documents.uploadedAt,
  uploadedBy: documents.uploadedBy,
  version: documents.version,
};

const uploaderName = sql<
  string | null
>`case when ${users.id} is null then null else ${users.firstName} || ' ' || ${users.lastName} end`;

function present(row: DocumentRow, uploader: string | null): DocumentView {
  return {
    id: row.id,
    name: row.name,
    fileName: row.fileName,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    active: row.active,
    uploadedAt: toIso(row.uploadedAt),
    uploadedBy: uploader,
    version: row.version,
  };
}

/** The first bytes each kind of file starts with: a renamed executable is not a PDF. */
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  pdf: (b) => b.subarray(0, 5).toString("latin1") === "%PDF-",
  png: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  jpg: (b) => b.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])),
  gif: (b) => /^GIF8[79]a$/.test(b.subarray(0, 6).toString("latin1")),
  webp: (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP",
  doc: (b) => b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])),
  docx: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
};

/** The file's name as stored and sent: no folders, no control characters, at most 200 characters. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim();
  if (cleaned.length <= DOCUMENT_NAME_MAX) return cleaned;
  const dot = cleaned.lastIndexOf(".");
  const ext = dot > 0 ? cleaned.slice(dot) : "";
  return cleaned.slice(0, DOCUMENT_NAME_MAX - ext.length) + ext;
}

/** The content type of an accepted file, from its extension checked against its first bytes; else 400 on "file". */
export function documentType(fileName: string, content: Buffer): string {
  const ext = fileName.includes(".") ? (fileName.split(".").pop() ?? "").toLowerCase() : "";
  const type = DOCUMENT_TYPES[ext as keyof typeof DOCUMENT_TYPES];
  const signature = SIGNATURES[ext === "jpeg" ? "jpg" : ext];
  if (!type || !signature?.(content)) throw fieldError("document_type_refused", "file", 400);
  return type;
}

export interface UploadedFile {
  fileName: string;
  content: Buffer;
}

/** An admin adds a document to the library (brochure, Programme NEST flyer…). */
export async function uploadDocument(ctx: Ctx, input: { name?: string | undefined; file: UploadedFile | undefined }) {
  authorize(ctx.actor, "catalogue.write");
  if (!input.file || input.file.content.length === 0) throw fieldError("document_no_file", "file", 400);
  if (input.file.content.length > DOCUMENT_MAX_BYTES) throw fieldError("document_too_large", "file", 413);
  const fileName = cleanFileName(input.file.fileName);
  const contentType = documentType(fileName, input.file.content);
  // Without a name, the file's name without its extension.
  const name = (input.name?.trim() || fileName.replace(/\.[^.]*$/, "")).slice(0, DOCUMENT_NAME_MAX).trim();
  if (!name) throw fieldError("document_name_required", "name", 400);
  const sha256 = createHash("sha256").update(input.file.content).digest("hex");
  const uploadedBy = ctx.actor.type === "user" ? ctx.actor.id : null;
  return ctx.database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(documents)
      .values({
        name,
        fileName,
        contentType,
        sizeBytes: input.file?.content.length ?? 0,
        sha256,
        content: input.file?.content ?? Buffer.alloc(0),
        active: true,
        uploadedAt: ctx.clock.now(),
        uploadedBy,
      })
      .returning(summaryColumns);
    if (!row) throw new Error("insert returned no row");
    const [view] = await loadDocuments(tx, and(eq(documents.id, row.id)));
    if (!view) throw new Error("inserted document not found");
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "document.upload",
      entityType: "document",
      entityId: row.id,
      after: view,
    });
    return view;
  });
}

async function loadDocuments(executor: Executor, where: ReturnType<typeof and>) {
  const rows = await executor
    .select({ ...summaryColumns, uploader: uploaderName })
    .from(documents)
    .leftJoin(users, eq(users.id, documents.uploadedBy))
    .where(where)
    .orderBy(sql`lower(${documents.name})`, asc(documents.uploadedAt));
  return rows.map(({ uploader, ...row }) => present(row, uploader));
}

/** The library, by name, without the files' bytes. */
export async function listDocuments(ctx: Ctx, query: { active?: "true" | "false" | undefined }) {
  authorize(ctx.actor, "catalogue.read");
  const where = query.active === undefined ? undefined : eq(documents.active, query.active === "true");
  return { items: await loadDocuments(ctx.database.db, and(where)) };
}

/** These documents, active, in the order asked; one missing or deactivated is a 422 naming "documentIds". */
export async function activeDocuments(executor: Executor, ids: string[]): Promise<DocumentView[]> {
  const found = await loadDocuments(executor, and(inArray(documents.id, ids), eq(documents.active, true)));
  const byId = new Map(found.map((d) => [d.id, d]));
  const ordered = [...new Set(ids)].map((id) => byId.get(id));
  if (ordered.some((d) => d === undefined)) throw fieldError("document_inactive", "documentIds");
  return ordered as DocumentView[];
}

/** A document's file, to download. */
export async function getDocumentFile(ctx: Ctx, id: string) {
  authorize(ctx.actor, "catalogue.read");
  const [row] = await ctx.database.db
    .select({ fileName: documents.fileName, contentType: documents.contentType, content: documents.content })
    .from(documents)
    .where(eq(documents.id, id));
  if (!row) throw notFound("document");
  return row;
}

/** Renames or (de)activates a document; a deactivated one is kept (sent emails name it) but no longer offered. */
export async function updateDocument(ctx: Ctx, id: string, input: UpdateDocumentInput) {
  authorize(ctx.actor, "catalogue.write");
  return ctx.database.db.transaction(async (tx) => {
    const [before] = await tx.select(summaryColumns).from(documents).where(eq(documents.id, id)).for("update");
    if (!before) throw notFound("document");
    if (before.version !== input.version) throw versionConflict(before.version);
    const [row] = await tx
      .update(documents)
      .set({
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.active === undefined ? {} : { active: input.active }),
        version: before.version + 1,
      })
      .where(eq(documents.id, id))
      .returning(summaryColumns);
    if (!row) throw new AppError(404, "not_found");
    const [view] = await loadDocuments(tx, and(eq(documents.id, id)));
    if (!view) throw notFound("document");
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "document.update",
      entityType: "document",
      entityId: id,
      before: { name: before.name, active: before.active, version: before.version },
      after: { name: row.name, active: row.active, version: row.version },
    });
    return view;
  });
}
