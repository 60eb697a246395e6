import { ctxOf } from "../../http/access.ts";
import { AppError, fieldError } from "../../http/errors.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import {
  DOCUMENT_MAX_BYTES,
  documentIdParams,
  documentList,
  documentListQuery,
  documentView,
  updateDocumentInput,
} from "./document.schema.ts";
import { getDocumentFile, listDocuments, type UploadedFile, updateDocument, uploadDocument } from "./documents.ts";

const errorCode = (error: unknown) => (error as { code?: unknown } | null)?.code;

/** `filename="…"` for old clients (ASCII) and `filename*=` (RFC 5987) for the accented names. */
function contentDisposition(fileName: string): string {
  const ascii =
    fileName
      .normalize("NFD")
      .replace(/[^\x20-\x7e]/g, "")
      .replace(/["\\]/g, "_") || "document";
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The documentation library (catalogue.read to list and download, catalogue.write to change it). */
export const documentRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);

  r.get(
    "/api/documents",
    {
      config: { access: "catalogue.read" },
      schema: { tags: ["documents"], querystring: documentListQuery, response: { 200: documentList } },
    },
    (request) => listDocuments(ctxOf(services, request), request.query),
  );

  /** multipart/form-data: `name` (optional: the file's name) and `file` (PDF, image or Word, ≤ 10 MB). */
  r.post(
    "/api/documents",
    {
      config: { access: "catalogue.write" },
      schema: { tags: ["documents"], consumes: ["multipart/form-data"], response: { 201: documentView } },
    },
    async (request, reply) => {
      const ctx = ctxOf(services, request);
      if (!request.isMultipart()) throw fieldError("document_no_file", "file", 400);
      let name: string | undefined;
      let file: UploadedFile | undefined;
      try {
        const parts = request.parts({ limits: { fileSize: DOCUMENT_MAX_BYTES, files: 1, fields: 5, parts: 6 } });
        for await (const part of parts) {
          if (part.type === "file") {
            if (part.fieldname !== "file" || file) {
              await part.toBuffer();
              continue;
            }
            file = { fileName: part.filename, content: await part.toBuffer() };
          } else if (part.fieldname === "name" && typeof part.value === "string") {
            name = part.value;
          }
        }
      } catch (error) {
        if (errorCode(error) === "FST_REQ_FILE_TOO_LARGE") throw fieldError("document_too_large", "file", 413);
        if (error instanceof AppError) throw error;
        throw fieldError("document_no_file", "file", 400);
      }
      return reply.status(201).send(await uploadDocument(ctx, { name, file }));
    },
  );

  r.get(
    "/api/documents/:id/file",
    {
      config: { access: "catalogue.read" },
      schema: { tags: ["documents"], summary: "The document's file, to download", params: documentIdParams },
    },
    async (request, reply) => {
      const file = await getDocumentFile(ctxOf(services, request), request.params.id);
      return reply
        .type(file.contentType)
        .header("content-disposition", contentDisposition(file.fileName))
        .header("cache-control", "private, no-store")
        .send(file.content);
    },
  );

  r.patch(
    "/api/documents/:id",
    {
      config: { access: "catalogue.write" },
      schema: {
        tags: ["documents"],
        params: documentIdParams,
        body: updateDocumentInput,
        response: { 200: documentView },
      },
    },
    (request) => updateDocument(ctxOf(services, request), request.params.id, request.body),
  );
};
