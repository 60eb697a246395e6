import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { isDatabaseUnavailable, sqlState } from "../db/errors.ts";
import { ERROR_MESSAGES, type ErrorCode } from "../i18n/messages.ts";
import { AppError, type FieldIssue } from "./errors.ts";

/** Fastify's own error codes for bad requests, mapped to ours. */
const FASTIFY_CODES: Record<string, { status: number; code: ErrorCode }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: "invalid_json" },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: "invalid_json" },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: "payload_too_large" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: "unsupported_media_type" },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: "content_length_invalid" },
  FST_ERR_CTP_INVALID_TYPE: { status: 415, code: "unsupported_media_type" },
  FST_ERR_BAD_URL: { status: 400, code: "url_invalid" },
  FST_ERR_INVALID_URL: { status: 400, code: "url_invalid" },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: "url_too_long" },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: "bad_request" },
  FST_ERR_VALIDATION: { status: 400, code: "validation_failed" },
  FST_PARTS_LIMIT: { status: 400, code: "bad_request" },
  FST_FIELDS_LIMIT: { status: 400, code: "bad_request" },
  FST_PROTO_VIOLATION: { status: 400, code: "bad_request" },
  FST_NO_FORM_DATA: { status: 415, code: "unsupported_media_type" },
  FST_INVALID_JSON_FIELD_ERROR: { status: 400, code: "invalid_json" },
  FST_MP_PREMATURE_CLOSE: { status: 400, code: "bad_request" },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: "import_too_large" },
  FST_FILES_LIMIT: { status: 400, code: "bad_request" },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, code: "unsupported_media_type" },
};

/** Whether an error or one of its causes carries a query, its parameters or a database detail. */
function carriesQuery(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { name?: unknown }).name === "DrizzleQueryError") return true;
    if (["query", "params", "detail", "where", "internalQuery"].some((key) => key in e)) return true;
  }
  return false;
}

/**
 * What the log keeps of an unexpected error: its type, codes and stack frames.
 * Not its message: a failed query's message carries the query's parameters
 * (names, phones, password hashes).
 */
export function describeError(error: unknown) {
  const e = error as { name?: string; code?: string; stack?: string; message?: string };
  const state = sqlState(error);
  return {
    type: e?.name ?? typeof error,
    code: typeof e?.code === "string" ? e.code : undefined,
    sqlState: state,
    message: state || carriesQuery(error) ? undefined : e?.message,
    stack: e?.stack
      ?.split("\n")
      .filter((line) => line.trimStart().startsWith("at "))
      .join("\n"),
  };
}

function errorBody(code: ErrorCode, message: string = ERROR_MESSAGES[code], details: unknown = undefined) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

function fieldLabel(issue: FieldIssue) {
  return issue.field === "" ? "Requête" : `Champ « ${issue.field} »`;
}

/** What the database says of a value it refuses (SQLSTATE class 22), by the kind of value. */
const DATA_EXCEPTIONS: Record<string, ErrorCode> = {
  "22001": "value_too_long",
  "22003": "number_out_of_range",
  "22007": "date_invalid",
  "22008": "date_invalid",
  "22P02": "value_malformed",
  "22021": "text_invalid_character",
  "22P05": "text_invalid_character",
};

/**
 * A refusal of the database's (SQLSTATE class 22, a data exception) as the
 * error the user reads: what kind of value was refused, and the column when
 * the database names it (it rarely does for these); null for any other error.
 */
export function databaseRefusal(error: unknown): { code: ErrorCode; details?: { issues: FieldIssue[] } } | null {
  const state = sqlState(error);
  if (!state?.startsWith("22")) return null;
  const code = DATA_EXCEPTIONS[state] ?? "bad_request";
  let column: string | undefined;
  for (let e: unknown = error; e && typeof e === "object" && !column; e = (e as { cause?: unknown }).cause) {
    const named = (e as { column?: unknown }).column;
    if (typeof named === "string" && named) column = named;
  }
  return column ? { code, details: { issues: [{ field: column, message: ERROR_MESSAGES[code] }] } } : { code };
}

/** Renders every error as `{ error: { code, message, details } }`; a 500 only for our own faults. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((thrown: FastifyError, request, reply) => {
    // Ours, or ours inside the query layer's wrapper (the report replica's pool refusing a connection).
    const error = thrown.cause instanceof AppError ? (thrown.cause as unknown as FastifyError) : thrown;
    if (error instanceof AppError) {
      reply.headers(error.headers);
      return reply.status(error.status).send(errorBody(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues: FieldIssue[] = error.validation.flatMap((v) => {
        const path = v.instancePath.replace(/^\//, "").replaceAll("/", ".");
        const location = error.validationContext;
        // An unknown key is the field at fault, one issue per key.
        const keys = v.keyword === "unrecognized_keys" ? (v.params as { keys?: string[] }).keys : undefined;
        if (keys?.length) {
          return keys.map((key) => ({ field: path ? `${path}.${key}` : key, location, message: "champ inconnu" }));
        }
        return [{ field: path, location, message: v.message ?? "valeur invalide" }];
      });
      const first = issues[0];
      const message = first ? `${fieldLabel(first)} : ${first.message}` : ERROR_MESSAGES.validation_failed;
      return reply.status(400).send(errorBody("validation_failed", message, { issues }));
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) return reply.status(mapped.status).send(errorBody(mapped.code));
    if (error.statusCode === 429) return reply.status(429).send(errorBody("too_many_attempts"));
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(errorBody("bad_request"));
    }
    // A value the database refuses (out-of-range date, bad encoding…) is bad input the schemas let through.
    const refusal = databaseRefusal(error);
    if (refusal) return reply.status(400).send(errorBody(refusal.code, undefined, refusal.details));
    // PostgreSQL restarting or out of reach: a 503 the proxy and the caller understand (try again), not a fault of ours.
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: describeError(error) }, "database unavailable");
      return reply.status(503).header("retry-after", "5").send(errorBody("database_unavailable"));
    }
    request.log.error({ err: describeError(error) }, "unhandled error");
    return reply.status(500).send(errorBody("internal_error"));
  });
}

/**
 * Fastify's router refusals (a badly encoded address, a path parameter over
 * its length, a failed constraint) answer before any route and bypass the
 * error handler: `frameworkErrors` sends them here, in French too.
 */
export function replyFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (mapped) return reply.status(mapped.status).send(errorBody(mapped.code));
  return reply.status(400).send(errorBody("bad_request"));
}

/** The 404 of an address no route serves. */
export function replyRouteNotFound(request: FastifyRequest, reply: FastifyReply) {
  return reply
    .status(404)
    .send(errorBody("route_not_found", undefined, { method: request.method, url: request.url.split("?")[0] }));
}
