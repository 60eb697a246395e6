import { i18n } from "../i18n/index.ts";
import { reportReachable } from "../offline/reachability.ts";
import { newUuid } from "./uuid.ts";

/** One problem with one input field, as the API reports it in `details.issues`. */
export interface FieldIssue {
  field: string;
  location?: string;
  message: string;
}

/** An API failure: the HTTP status (0 when the server could not be reached), the stable code and a message to show. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The field issues of a validation or business-rule error, if any. */
  get issues(): FieldIssue[] {
    const issues = (this.details as { issues?: unknown } | undefined)?.issues;
    return Array.isArray(issues) ? (issues as FieldIssue[]) : [];
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

/** Codes meaning the session cookie is gone: the user must sign in again. */
const SESSION_LOST = new Set(["session_expired", "unauthenticated"]);

export const isSessionLost = (error: unknown): boolean => isApiError(error) && SESSION_LOST.has(error.code);

let csrfToken: string | null = null;
let onSessionLost: (() => void) | null = null;
let refreshCsrf: (() => Promise<string | null>) | null = null;
let onAnswered: (() => void) | null = null;

/** The CSRF token of the session, sent in `X-CSRF-Token` on every write. Kept in memory only. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a call other than login/me answers 401: the session expired or was closed. */
export function setSessionLostHandler(handler: (() => void) | null): void {
  onSessionLost = handler;
}

/** Called after each successful answer of the server (the session kept for offline slides its expiry). */
export function setAnsweredHandler(handler: (() => void) | null): void {
  onAnswered = handler;
}

/** Re-reads the session (GET /api/auth/me) for a fresh CSRF token, e.g. after a sign-in in another tab. */
export function setCsrfRefresher(refresher: (() => Promise<string | null>) | null): void {
  refreshCsrf = refresher;
}

/** A proxy's answers when Relais behind it is down: the server is unreachable, as when the network is. */
const UNREACHABLE_STATUSES = new Set([502, 503, 504]);

/**
 * 503s Relais itself answers while it runs (the report replica is down): a page fails, the app is not offline.
 */
const SERVER_UNAVAILABLE_CODES = new Set(["report_replica_unavailable"]);

/** The server could not be reached (no network, or a proxy saying Relais is down): the offline queue keeps the write. */
export const isUnreachableError = (error: unknown): boolean =>
  isApiError(error) &&
  (error.status === 0 || (UNREACHABLE_STATUSES.has(error.status) && !SERVER_UNAVAILABLE_CODES.has(error.code)));

/** Whether an answer came from Relais: a proxy's 502/503/504 did not, a 503 naming one of Relais's codes did. */
async function answeredByRelais(response: Response): Promise<boolean> {
  if (!UNREACHABLE_STATUSES.has(response.status)) return true;
  if (!response.headers.get("content-type")?.includes("application/json")) return false;
  try {
    const payload = (await response.clone().json()) as { error?: { code?: unknown } } | null;
    const code = payload?.error?.code;
    return typeof code === "string" && SERVER_UNAVAILABLE_CODES.has(code);
  } catch {
    return false;
  }
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Calls whose 401 is an answer (wrong password, not signed in yet), not a lost session. */
const AUTH_PATHS = ["/api/auth/login", "/api/auth/me"];

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type QueryValue = string | number | boolean | null | undefined;
type Query = Record<string, QueryValue | readonly QueryValue[]>;

export interface RequestOptions {
  /** JSON-encoded, except a FormData (multipart: the browser sets the content type and its boundary). */
  body?: unknown;
  /** The Accept header; JSON by default. */
  accept?: string;
  /** Query-string parameters; empty, null and undefined values are left out; arrays repeat the key. */
  query?: Query;
  signal?: AbortSignal;
  /** Extra request headers (the offline queue's Idempotency-Key, its session's X-CSRF-Token). */
  headers?: Record<string, string>;
  /**
   * On a 403 `csrf_invalid`, fetch the current session's token and send again (default). The offline
   * queue says no: its token binds the write to its author's session, never to one signed in meanwhile.
   */
  csrfRetry?: boolean;
}

/** The path with its query string (also used for download links, which the browser follows itself). */
export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null || item === "") continue;
      params.append(key, String(item));
    }
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** `reportUnreachable: false`: a failure is not reported yet (the write will be sent again). */
async function send(
  method: Method,
  path: string,
  options: RequestOptions,
  reportUnreachable = true,
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers, Accept: options.accept ?? "application/json" };
  const multipart = options.body instanceof FormData;
  if (options.body !== undefined && !multipart) headers["Content-Type"] = "application/json";
  if (WRITE_METHODS.has(method) && csrfToken && !headers["X-CSRF-Token"]) headers["X-CSRF-Token"] = csrfToken;
  try {
    const response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: "same-origin",
      body:
        options.body === undefined ? undefined : multipart ? (options.body as FormData) : JSON.stringify(options.body),
      signal: options.signal,
    });
    const reachable = await answeredByRelais(response);
    if (reachable || reportUnreachable) reportReachable(reachable);
    return response;
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    if (reportUnreachable) reportReachable(false);
    throw new ApiError(0, "network_error", i18n.t("errors.network"));
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    // Not JSON: a proxy's error page, for instance.
  }
  const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && typeof error.code === "string") {
    const message = typeof error.message === "string" ? error.message : i18n.t("errors.unexpected");
    return new ApiError(response.status, error.code, message, error.details);
  }
  if (UNREACHABLE_STATUSES.has(response.status)) {
    return new ApiError(response.status, "unavailable", i18n.t("errors.network"));
  }
  return new ApiError(response.status, "http_error", i18n.t("errors.unexpectedStatus", { status: response.status }));
}

/** The writes the server runs at most once per Idempotency-Key (server/http/idempotency.ts). */
const IDEMPOTENT_WRITES = new Set(["/api/calls", "/api/messages", "/api/prospects", "/api/patients"]);
/** When such a write is sent again after no answer: at once, then after 1.5 s and 4 s. */
const RESEND_DELAYS_MS = [0, 1_500, 4_000];

/** No answer from Relais, or « en cours »: the write may or may not have been made; its key makes resending safe. */
function worthResending(outcome: Response | ApiError): boolean {
  if (outcome instanceof ApiError) return outcome.code === "network_error";
  return UNREACHABLE_STATUSES.has(outcome.status) || outcome.status === 409;
}

/**
 * Sends a write that carries an Idempotency-Key, and sends it again with the same key while no answer
 * comes back (a cut connection, a proxy's 502, an instance stopping, the database restarting): the first
 * answer that comes is the write's, made once. A key « still in progress » (409) waits too. Only when the
 * last attempt fails is the server reported unreachable (the call screen then offers the offline form).
 */
async function sendIdempotent(method: Method, path: string, keyed: RequestOptions): Promise<Response> {
  let outcome: Response | ApiError = new ApiError(0, "network_error", i18n.t("errors.network"));
  for (const [attempt, delay] of RESEND_DELAYS_MS.entries()) {
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      // The screen stays as it is while the write is sent again; only the last failure says « hors ligne ».
      outcome = await send(method, path, keyed, attempt === RESEND_DELAYS_MS.length - 1);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      outcome = error;
    }
    if (!worthResending(outcome)) break;
    if (outcome instanceof Response && outcome.status === 409) {
      const error = await toApiError(outcome.clone());
      if (error.code !== "idempotency_key_in_progress") break;
    }
  }
  if (outcome instanceof ApiError) throw outcome;
  return outcome;
}

/**
 * Calls the API and returns the successful response unread (for a streamed body), or throws an ApiError
 * (after one retry with a fresh CSRF token when the session's token changed). A write the server runs
 * once per key is sent with one, and again while no answer comes (sendIdempotent).
 */
export async function apiResponse(method: Method, path: string, options: RequestOptions = {}): Promise<Response> {
  const idempotent = method === "POST" && IDEMPOTENT_WRITES.has(path) && !options.headers?.["Idempotency-Key"];
  // One key for the write, whatever is sent again (and after a CSRF token refresh).
  const keyed = idempotent ? { ...options, headers: { "Idempotency-Key": newUuid(), ...options.headers } } : options;
  const sendOnce = () => (idempotent ? sendIdempotent(method, path, keyed) : send(method, path, options));
  let response = await sendOnce();
  if (response.status === 403 && WRITE_METHODS.has(method) && refreshCsrf && options.csrfRetry !== false) {
    const error = await toApiError(response.clone());
    if (error.code === "csrf_invalid") {
      // The session may have been replaced (sign-in in another tab): fetch its token once and retry.
      const token = await refreshCsrf();
      if (token) {
        csrfToken = token;
        response = await sendOnce();
      }
    }
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && SESSION_LOST.has(error.code) && !AUTH_PATHS.includes(path)) {
      onSessionLost?.();
    }
    throw error;
  }
  onAnswered?.();
  return response;
}

/** Calls the API and returns the parsed JSON body (undefined for 204), or throws an ApiError. */
export async function api<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await apiResponse(method, path, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
