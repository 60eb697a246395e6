import type {
  AnonymizeInput,
  AnonymizeResult,
  Eligibility,
  ProcessingRegister,
  RetentionPreview,
  RetentionRun,
} from "../../../server/modules/data-rights/data-rights.schema.ts";
import { api } from "./client.ts";

/** Each person's rights (loi 2008-12): exports, anonymisation, retention, the processing register. */
export type { AnonymizeInput, Eligibility, ProcessingRegister, RetentionPreview };

export const dataRightsKeys = {
  eligibility: (personId: string) => ["data-rights", "eligibility", personId] as const,
  register: ["data-rights", "register"] as const,
  retention: ["data-rights", "retention"] as const,
};

const personUrl = (id: string) => `/api/people/${encodeURIComponent(id)}`;

/** Download addresses (the browser follows them with the session cookie; the answer is an attachment). */
export const exportUrl = (personId: string, format: "pdf" | "json") => `${personUrl(personId)}/export.${format}`;
export const REGISTER_PDF_URL = "/api/data-rights/register.pdf";

export const getEligibility = (personId: string, signal?: AbortSignal) =>
  api<Eligibility>("GET", `${personUrl(personId)}/data-rights`, { signal });
export const anonymizePerson = (personId: string, body: AnonymizeInput) =>
  api<AnonymizeResult>("POST", `${personUrl(personId)}/anonymize`, { body });
export const getProcessingRegister = (signal?: AbortSignal) =>
  api<ProcessingRegister>("GET", "/api/data-rights/register", { signal });
export const previewRetention = (signal?: AbortSignal) =>
  api<RetentionPreview>("GET", "/api/data-rights/retention", { signal });
export const runRetention = () => api<RetentionRun>("POST", "/api/data-rights/retention/run", { body: {} });
