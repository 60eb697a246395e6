import { ERROR_MESSAGES, type ErrorCode } from "../i18n/messages.ts";

export interface FieldIssue {
  /** Dotted path of the field ("email", "sites.0.code"). */
  field: string;
  /** Where it was read: body, querystring, params, headers. */
  location?: string;
  message: string;
}

/**
 * An error the client can act on: a stable code, an HTTP status, a French
 * message and, for bad input, the fields at fault. Use cases throw it; the
 * error handler renders it as `{ error: { code, message, details } }`.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: ErrorCode,
    options: { message?: string; details?: unknown; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(options.message ?? ERROR_MESSAGES[code], "cause" in options ? { cause: options.cause } : undefined);
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

export const notFound = (entity: string) => new AppError(404, "not_found", { details: { entity } });

export const forbidden = () => new AppError(403, "forbidden");

export const versionConflict = (currentVersion: number) =>
  new AppError(409, "version_conflict", { details: { currentVersion } });

/** A business-rule refusal on one field (422), e.g. a duplicate e-mail. */
export const fieldError = (code: ErrorCode, field: string, status = 422) =>
  new AppError(status, code, {
    details: { issues: [{ field, location: "body", message: ERROR_MESSAGES[code] }] satisfies FieldIssue[] },
  });
