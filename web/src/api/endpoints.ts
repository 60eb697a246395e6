import type { Role } from "../../../shared/roles.ts";
import { i18n } from "../i18n/index.ts";
import { ApiError, api, apiResponse, buildUrl } from "./client.ts";
import { readNdjson } from "./ndjson.ts";
import type {
  ApiKey,
  AuditPage,
  CreatedApiKey,
  CreateInteractionInput,
  CreatePatientInput,
  CreateProspectInput,
  DuplicateMatch,
  ImportProgress,
  ImportReport,
  Interaction,
  LookupResult,
  Person,
  PersonDetail,
  PersonKind,
  PersonPage,
  PersonSummary,
  ReconciliationSuggestion,
  Session,
  Settings,
  SettingsView,
  Temperature,
  UpdatePatientInput,
  UpdateProspectInput,
  User,
} from "./types.ts";

/** Query keys, in one place so that mutations invalidate the right caches. */
export const queryKeys = {
  session: ["auth", "me"] as const,
  settings: ["settings"] as const,
  users: ["users"] as const,
  apiKeys: ["api-keys"] as const,
  audit: (filters: AuditFilters) => ["audit", filters] as const,
  auditAll: ["audit"] as const,
  /** Every cached answer about people: invalidated after any write on a record. */
  people: ["people"] as const,
  lookup: (q: string) => ["people", "lookup", q] as const,
  duplicates: (probe: DuplicateProbe) => ["people", "duplicates", probe] as const,
  personList: (kind: PersonKind, query: PersonListQuery) => ["people", kind, "list", query] as const,
  person: (kind: PersonKind, id: string) => ["people", kind, id] as const,
  interactions: (kind: PersonKind, id: string) => ["people", kind, id, "interactions"] as const,
  suggestions: ["people", "reconciliation"] as const,
};

// --- auth
export const login = (input: { email: string; password: string }) =>
  api<Session>("POST", "/api/auth/login", { body: input });
export const fetchSession = () => api<Session>("GET", "/api/auth/me");
export const logout = () => api<void>("POST", "/api/auth/logout");
export const changePassword = (input: { currentPassword: string; newPassword: string }) =>
  api<void>("POST", "/api/auth/password", { body: input });

// --- users
export interface CreateUserInput {
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  password: string;
}
export interface UpdateUserInput {
  version: number;
  email?: string;
  firstName?: string;
  lastName?: string;
  role?: Role;
  active?: boolean;
}
export const listUsers = () => api<User[]>("GET", "/api/users");
export const createUser = (input: CreateUserInput) => api<User>("POST", "/api/users", { body: input });
export const updateUser = (id: string, input: UpdateUserInput) =>
  api<User>("PATCH", `/api/users/${encodeURIComponent(id)}`, { body: input });
export const resetUserPassword = (id: string, password: string) =>
  api<void>("POST", `/api/users/${encodeURIComponent(id)}/reset-password`, { body: { password } });

// --- API keys
export const listApiKeys = () => api<ApiKey[]>("GET", "/api/api-keys");
export const createApiKey = (input: { name: string; role: Role }) =>
  api<CreatedApiKey>("POST", "/api/api-keys", { body: input });
export const revokeApiKey = (id: string) => api<ApiKey>("POST", `/api/api-keys/${encodeURIComponent(id)}/revoke`);

// --- settings
export const fetchSettings = () => api<SettingsView>("GET", "/api/settings");
export const saveSettings = (input: { version: number; settings: Settings }) =>
  api<SettingsView>("PUT", "/api/settings", { body: input });

// --- audit
export interface AuditFilters {
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  /** ISO date-times with offset. */
  from?: string;
  to?: string;
}
export const AUDIT_PAGE_SIZE = 50;
export const listAuditEvents = (filters: AuditFilters, before?: number, signal?: AbortSignal) =>
  api<AuditPage>("GET", "/api/audit", { query: { ...filters, before, limit: AUDIT_PAGE_SIZE }, signal });

// --- people
/** "/api/prospects" or "/api/patients". */
export const peopleBase = (kind: PersonKind) => (kind === "prospect" ? "/api/prospects" : "/api/patients");
const personPath = (kind: PersonKind, id: string) => `${peopleBase(kind)}/${encodeURIComponent(id)}`;

/** People seen online are kept for the offline lookup (IndexedDB, loaded apart). */
const rememberSeen = <T>(answer: T, people: (answer: T) => PersonSummary[]): T => {
  void import("../offline/store.ts").then((m) => m.rememberPeople(people(answer))).catch(() => undefined);
  return answer;
};

export const lookupPeople = (q: string, signal?: AbortSignal, limit?: number) =>
  api<{ results: LookupResult[] }>("GET", "/api/lookup", { query: limit ? { q, limit } : { q }, signal }).then(
    (answer) => rememberSeen(answer, (a) => a.results),
  );

export interface DuplicateProbe {
  phone?: string[];
  lastName?: string;
  firstName?: string;
  birthDate?: string;
}
export const checkDuplicates = (probe: DuplicateProbe, signal?: AbortSignal) =>
  api<{ matches: DuplicateMatch[] }>("GET", "/api/duplicates", { query: { ...probe }, signal });

export type PersonSort =
  | "createdAt"
  | "lastName"
  | "firstContactDate"
  | "lastInteractionAt"
  | "temperature"
  | "birthDate";

/** Filters of the lists and of their exports (dates "YYYY-MM-DD"; booleans as "true" / "false"). */
export interface PersonListFilters {
  q?: string;
  temperature?: string;
  status?: string;
  origin?: string;
  createdFrom?: string;
  createdTo?: string;
  converted?: string;
  possibleDuplicate?: string;
  incomplete?: string;
  pathway?: string;
}
export interface PersonListQuery extends PersonListFilters {
  page: number;
  /** The position of the page by key (a page's nextCursor or prevCursor); `page` is then ignored. */
  cursor?: string;
  pageSize: number;
  sort: PersonSort;
  order: "asc" | "desc";
}
export const listPeople = (kind: PersonKind, query: PersonListQuery, signal?: AbortSignal) =>
  api<PersonPage>("GET", peopleBase(kind), { query: { ...query }, signal });

/** The address of an export of the current view, for a plain download link. */
export const peopleExportUrl = (
  kind: PersonKind,
  format: "xlsx" | "csv",
  columns: readonly string[],
  view: PersonListFilters & { sort: PersonSort; order: "asc" | "desc" },
) => buildUrl(`${peopleBase(kind)}/export`, { format, columns: columns.join(","), ...view });

export interface Created {
  person: Person;
  duplicates: DuplicateMatch[];
}
export const createProspect = (input: CreateProspectInput) => api<Created>("POST", "/api/prospects", { body: input });
export const createPatient = (input: CreatePatientInput) => api<Created>("POST", "/api/patients", { body: input });

export const fetchPerson = (kind: PersonKind, id: string) =>
  api<PersonDetail>("GET", personPath(kind, id)).then((person) => rememberSeen(person, (p) => [p]));
export const updatePerson = (kind: PersonKind, id: string, input: UpdateProspectInput | UpdatePatientInput) =>
  api<Person>("PATCH", personPath(kind, id), { body: input });
export const changeTemperature = (id: string, input: { version: number; temperature: Temperature; reason: string }) =>
  api<Person>("POST", `${personPath("prospect", id)}/temperature`, { body: input });

export const listInteractions = (kind: PersonKind, id: string) =>
  api<Interaction[]>("GET", `${personPath(kind, id)}/interactions`);
export const createInteraction = (kind: PersonKind, id: string, input: CreateInteractionInput) =>
  api<Interaction>("POST", `${personPath(kind, id)}/interactions`, { body: input });

// --- merge and reconciliation
export const mergeProspects = (id: string, input: { version: number; mergeId: string; mergeVersion: number }) =>
  api<Person>("POST", `${personPath("prospect", id)}/merge`, { body: input });
export const convertProspect = (id: string, input: { version: number; patientId: string }) =>
  api<Person>("POST", `${personPath("prospect", id)}/convert`, { body: input });
export const SUGGESTIONS_LIMIT = 100;
export const listSuggestions = (signal?: AbortSignal) =>
  api<{ suggestions: ReconciliationSuggestion[] }>("GET", "/api/reconciliation/suggestions", {
    query: { limit: SUGGESTIONS_LIMIT },
    signal,
  });

// --- import
export interface ImportOptions {
  dryRun: boolean;
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
}

type ImportLine =
  | ({ type: "progress" } & ImportProgress)
  | { type: "report"; report: ImportReport }
  | { type: "error"; error: { code: string; message: string; details?: unknown } };

/**
 * Sends a prospect table or an EHR patient export (multipart field `file`) and follows the import as
 * NDJSON lines: progress, then the report. A refusal of the request (413, 400…) or an error line is an ApiError.
 */
export async function importFile(kind: PersonKind, file: File, options: ImportOptions): Promise<ImportReport> {
  const body = new FormData();
  body.append("file", file, file.name);
  const response = await apiResponse("POST", `/api/import/${kind}s`, {
    body,
    accept: "application/x-ndjson",
    query: { dryRun: options.dryRun ? "true" : undefined },
    signal: options.signal,
  });
  const outcome: { report?: ImportReport; failure?: ApiError } = {};
  try {
    await readNdjson(response, (value) => {
      const line = value as ImportLine;
      if (line.type === "progress") options.onProgress?.({ phase: line.phase, done: line.done, total: line.total });
      else if (line.type === "report") outcome.report = line.report;
      else if (line.type === "error") {
        outcome.failure = new ApiError(response.status, line.error.code, line.error.message, line.error.details);
      }
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    // The connection dropped (or a line was cut): the server's transaction decides whether anything was written.
    throw new ApiError(0, "import_interrupted", i18n.t("errors.importInterrupted"));
  }
  if (outcome.failure) throw outcome.failure;
  if (!outcome.report) throw new ApiError(0, "import_interrupted", i18n.t("errors.importInterrupted"));
  return outcome.report;
}

/** Every refused row of the file as CSV (the report lists the first ones only): the file is sent again, nothing written. */
export async function importErrorsCsv(kind: PersonKind, file: File): Promise<Blob> {
  const body = new FormData();
  body.append("file", file, file.name);
  const response = await apiResponse("POST", `/api/import/${kind}s`, {
    body,
    accept: "text/csv",
    query: { dryRun: "true", errors: "csv" },
  });
  return response.blob();
}
