import { type ClientRequest, request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { TLSSocket } from "node:tls";
import type { Clock } from "../../../clock.ts";
import type { SendOutcome } from "./provider.ts";

/** How a provider is named in French error texts. */
export interface ProviderLabel {
  /** « Orange », « La passerelle SMS » */
  subject: string;
  /** « à Orange », « à la passerelle SMS » */
  to: string;
  /** « d'Orange », « de la passerelle SMS » */
  of: string;
}

export type Exchange =
  /** The server answered; `text` is undefined when the body could not be read (cut, time-out). */
  | { kind: "response"; status: number; headers: Headers; text: string | undefined }
  /** No connection was made: the request never left. */
  | { kind: "unreached"; code: string }
  /** The request may have reached the server, and no answer came back. */
  | { kind: "cut"; code: string; timedOut: boolean };

/**
 * Errors raised while connecting, before a byte of the request was written: sending again is safe.
 * Anything else (a reset, "other side closed", a time-out) may come after the server read the request.
 */
const UNREACHED_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ENETDOWN",
  "UND_ERR_CONNECT_TIMEOUT",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return code;
  // Happy eyeballs: an AggregateError of one error per address tried.
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors)) return errorCode(errors[0]);
  return undefined;
}

export interface ExchangeRequest {
  method: "POST";
  headers: Record<string, string>;
  body: string;
}

/**
 * One HTTP exchange, the whole of it (connection, request, answer's body) within timeoutMs. Never
 * throws: failures come back as `unreached` (the request was not entirely handed to a connected
 * socket: sending again is safe) or `cut` (it was, and no answer came back).
 *
 * node:http rather than fetch, on a fresh connection each time (agent: false): a kept-alive socket
 * the server has just closed fails a POST after it was written, which would turn a harmless
 * reconnection into an "ambiguous" message; and fetch does not tell whether the request went out.
 */
export function exchange(url: string, init: ExchangeRequest, timeoutMs: number): Promise<Exchange> {
  return new Promise((resolve) => {
    let connected = false;
    let written = false;
    let settled = false;
    const settle = (result: Exchange) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const target = new URL(url);
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const body = Buffer.from(init.body, "utf8");
    let request: ClientRequest;
    try {
      request = send(target, {
        method: init.method,
        headers: { ...init.headers, "Content-Length": String(body.length) },
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      settle({ kind: "unreached", code: errorCode(error) ?? "URL_INVALIDE" });
      return;
    }
    const failed = (error: unknown, timedOut: boolean) => {
      const code = timedOut ? "TIMEOUT" : (errorCode(error) ?? "ERREUR_RESEAU");
      if (!connected || !written || UNREACHED_CODES.has(code)) settle({ kind: "unreached", code });
      else settle({ kind: "cut", code, timedOut });
    };
    request.on("socket", (socket) => {
      const onConnect = () => {
        connected = true;
      };
      if (socket instanceof TLSSocket) socket.once("secureConnect", onConnect);
      else socket.once("connect", onConnect);
    });
    request.on("finish", () => {
      written = true;
    });
    request.on("error", (error) => failed(error, isTimeout(error)));
    request.on("response", (response) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(response.headers)) {
        if (Array.isArray(value)) for (const item of value) headers.append(name, item);
        else if (value !== undefined) headers.set(name, value);
      }
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        settle({ kind: "response", status, headers, text: Buffer.concat(chunks).toString("utf8") }),
      );
      // The status came, the body did not (cut or timed out while reading it).
      response.on("error", () => settle({ kind: "response", status, headers, text: undefined }));
      response.on("aborted", () => settle({ kind: "response", status, headers, text: undefined }));
      response.on("close", () => settle({ kind: "response", status, headers, text: undefined }));
    });
    request.end(body);
  });
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

/** A Retry-After header (seconds, or an HTTP date read against the clock) in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, clock: Clock): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - clock.now().getTime());
}

export function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** The outcome of an exchange that got no answer. */
export function outcomeWithoutAnswer(
  result: Exclude<Exchange, { kind: "response" }>,
  label: ProviderLabel,
  timeoutMs: number,
): SendOutcome {
  if (result.kind === "unreached") {
    return { kind: "retry", error: `Connexion ${label.to} impossible (${result.code}) : le message n'est pas parti` };
  }
  if (result.timedOut) {
    return {
      kind: "ambiguous",
      error: `Pas de réponse ${label.of} après ${seconds(timeoutMs)} : le message est peut-être parti. Vérifiez avant de le renvoyer.`,
    };
  }
  return {
    kind: "ambiguous",
    error: `Connexion ${label.to} coupée avant la réponse (${result.code}) : le message est peut-être parti. Vérifiez avant de le renvoyer.`,
  };
}

/** The outcome of a non-2xx answer other than the provider's own cases: 429 and 5xx retry, other 4xx are refusals. */
export function outcomeOfFailedStatus(
  status: number,
  headers: Headers,
  clock: Clock,
  label: ProviderLabel,
  refusal: string,
): SendOutcome {
  if (status === 429 || status >= 500 || status === 408) {
    const after = retryAfterMs(headers.get("retry-after"), clock);
    const error =
      status === 429
        ? `${label.subject} limite le nombre d'envois (HTTP 429) : nouvel essai plus tard`
        : `${label.subject} est indisponible (HTTP ${status}) : nouvel essai plus tard`;
    return {
      kind: "retry",
      error,
      ...(after === undefined ? {} : { retryAfterMs: after }),
      ...(status === 429 ? { rateLimited: true } : {}),
    };
  }
  if (status >= 300 && status < 400) {
    return {
      kind: "rejected",
      error: `${label.subject} redirige la requête (HTTP ${status}) : vérifiez l'adresse configurée`,
    };
  }
  return { kind: "rejected", error: refusal };
}

/** A short extract of a body for an error text. */
export function excerpt(text: string | undefined, max = 200): string {
  const flat = (text ?? "").replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
