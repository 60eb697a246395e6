import type { Clock } from "../../../clock.ts";
import {
  excerpt,
  exchange,
  outcomeOfFailedStatus,
  outcomeWithoutAnswer,
  type ProviderLabel,
  parseJson,
} from "./http.ts";
import { invalidMessage, type SmsProvider } from "./provider.ts";

/**
 * Any SMS gateway taking one JSON POST per message (a local operator's API, an
 * Android phone running an SMS gateway app…), its body written by the admin.
 */
export interface HttpGatewayOptions {
  url: string;
  /** One header carrying the credentials, e.g. Authorization / Bearer …; both or neither. */
  headerName?: string | undefined;
  headerValue?: string | undefined;
  /** JSON text whose string values may hold {to} and {text}: {"to":"{to}","text":"{text}"}. */
  bodyTemplate: string;
  timeoutMs?: number;
  clock: Clock;
}

export const DEFAULT_BODY_TEMPLATE = '{"to":"{to}","text":"{text}"}';

const GATEWAY: ProviderLabel = { subject: "La passerelle SMS", to: "à la passerelle SMS", of: "de la passerelle SMS" };

/** Checks a body template; the French reason it cannot be used, or undefined. */
export function bodyTemplateProblem(template: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(template);
  } catch {
    return "JSON invalide";
  }
  if (typeof parsed !== "object" || parsed === null) return "un objet ou un tableau JSON est attendu";
  if (!template.includes("{to}")) return "le champ {to} (numéro du destinataire) manque";
  if (!template.includes("{text}")) return "le champ {text} (texte du message) manque";
  return undefined;
}

/** The template with {to} and {text} replaced in its string values (keys left alone), so any text stays valid JSON. */
export function fillTemplate(template: unknown, values: { to: string; text: string }): unknown {
  if (typeof template === "string") {
    return template.replace(/\{(to|text)\}/g, (_, key: "to" | "text") => values[key]);
  }
  if (Array.isArray(template)) return template.map((item) => fillTemplate(item, values));
  if (typeof template === "object" && template !== null) {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, fillTemplate(value, values)]));
  }
  return template;
}

function gatewayId(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  for (const key of ["id", "messageId", "message_id"]) {
    const value = (body as Record<string, unknown>)[key];
    if (typeof value === "string" && value !== "") return value;
    if (typeof value === "number") return String(value);
  }
  return undefined;
}

function gatewayErrorText(text: string | undefined): string {
  const body = parseJson(text);
  if (typeof body === "object" && body !== null) {
    for (const key of ["error", "message", "detail", "description"]) {
      const value = (body as Record<string, unknown>)[key];
      if (typeof value === "string" && value !== "") return excerpt(value);
      const nested = (value as { message?: unknown } | undefined)?.message;
      if (typeof nested === "string" && nested !== "") return excerpt(nested);
    }
  }
  return excerpt(text);
}

export function createHttpGatewayProvider(options: HttpGatewayOptions): SmsProvider {
  const problem = bodyTemplateProblem(options.bodyTemplate);
  if (problem) throw new Error(`Modèle de requête de la passerelle SMS invalide : ${problem}`);
  const template: unknown = JSON.parse(options.bodyTemplate);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/json" };
  if (options.headerName && options.headerValue !== undefined) headers[options.headerName] = options.headerValue;

  return {
    name: "http",
    simulated: false,
    async send(message) {
      const invalid = invalidMessage(message);
      if (invalid) return invalid;
      const body = JSON.stringify(fillTemplate(template, { to: message.to, text: message.text }));
      const result = await exchange(options.url, { method: "POST", headers, body }, timeoutMs);
      if (result.kind !== "response") return outcomeWithoutAnswer(result, GATEWAY, timeoutMs);
      const { status, text } = result;
      if (status >= 200 && status < 300) return { kind: "sent", providerId: gatewayId(parseJson(text)) };
      if (status === 401 || status === 403) {
        return {
          kind: "rejected",
          error: `La passerelle SMS refuse l'authentification (HTTP ${status}) : vérifiez SMS_HTTP_HEADER`,
        };
      }
      const detail = gatewayErrorText(text);
      return outcomeOfFailedStatus(
        status,
        result.headers,
        options.clock,
        GATEWAY,
        `La passerelle SMS a refusé le message : ${detail || "sans détail"} (HTTP ${status})`,
      );
    },
  };
}
