import type { z } from "zod";
import type { DocumentView, updateDocumentInput } from "../../../server/modules/documents/document.schema.ts";
import type {
  OutboxEmailView,
  outboxPage,
  outboxRunView,
  sendDocumentationInput,
  sendDocumentationResult,
} from "../../../server/modules/mail/mail.schema.ts";
import { i18n } from "../i18n/index.ts";
import { ApiError, api } from "./client.ts";

/** The documentation library, the email outbox and sending documentation (procedure 1, case 3). */
export type LibraryDocument = DocumentView;
export type UpdateDocumentInput = z.input<typeof updateDocumentInput>;
export type OutboxEmail = OutboxEmailView;
export type OutboxStatus = OutboxEmail["status"];
export type OutboxPage = z.infer<typeof outboxPage>;
export type OutboxRun = z.infer<typeof outboxRunView>;
export type SendDocumentationInput = z.input<typeof sendDocumentationInput>;
export type SendDocumentationResult = z.infer<typeof sendDocumentationResult>;

export const OUTBOX_STATUS_VALUES = ["pending", "sending", "sent", "failed"] as const satisfies readonly OutboxStatus[];

export const mailKeys = {
  /** Every cached answer about the library. */
  documents: ["documents"] as const,
  documentList: (active: "true" | "false" | undefined) => ["documents", "list", active ?? "all"] as const,
  /** Every cached answer about the outbox. */
  outbox: ["outbox"] as const,
  outboxPage: (query: OutboxQuery) => ["outbox", "page", query] as const,
  outboxEmail: (id: string) => ["outbox", "email", id] as const,
};

const documentPath = (id: string) => `/api/documents/${encodeURIComponent(id)}`;

export const listDocuments = (active?: "true" | "false") =>
  api<{ items: LibraryDocument[] }>("GET", "/api/documents", { query: { active } });
export const updateDocument = (id: string, input: UpdateDocumentInput) =>
  api<LibraryDocument>("PATCH", documentPath(id), { body: input });
/** The download link (the browser follows it with the session cookie). */
export const documentFileUrl = (id: string) => `${documentPath(id)}/file`;

/**
 * Uploads a document (multipart: name + file) with its progress (0 to 1):
 * XMLHttpRequest, since fetch does not report an upload's progress.
 */
export function uploadDocument(
  input: { name: string; file: File; csrfToken: string | null },
  onProgress: (fraction: number) => void,
): Promise<LibraryDocument> {
  const form = new FormData();
  form.append("name", input.name);
  form.append("file", input.file);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/documents");
    xhr.setRequestHeader("Accept", "application/json");
    if (input.csrfToken) xhr.setRequestHeader("X-CSRF-Token", input.csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, "network_error", i18n.t("errors.network")));
    xhr.onload = () => {
      let payload: unknown = null;
      try {
        payload = JSON.parse(xhr.responseText);
      } catch {
        // not JSON (a proxy's page)
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(payload as LibraryDocument);
        return;
      }
      const error = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
      reject(
        new ApiError(
          xhr.status,
          error?.code ?? "http_error",
          error?.message ?? i18n.t("errors.unexpectedStatus", { status: xhr.status }),
          error?.details,
        ),
      );
    };
    xhr.send(form);
  });
}

export interface OutboxQuery {
  status?: OutboxStatus;
  personId?: string;
  page?: number;
  pageSize?: number;
}

export const listOutbox = (query: OutboxQuery, signal?: AbortSignal) =>
  api<OutboxPage>("GET", "/api/outbox", { query: { ...query }, signal });
export const fetchOutboxEmail = (id: string) => api<OutboxEmail>("GET", `/api/outbox/${encodeURIComponent(id)}`);
export const retryOutboxEmail = (id: string) => api<OutboxEmail>("POST", `/api/outbox/${encodeURIComponent(id)}/retry`);
export const processOutbox = () => api<OutboxRun>("POST", "/api/outbox/process");

export const sendDocumentation = (input: SendDocumentationInput) =>
  api<SendDocumentationResult>("POST", "/api/documentation", { body: input });
