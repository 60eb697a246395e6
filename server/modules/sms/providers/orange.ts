import type { Clock } from "../../../clock.ts";
import {
  excerpt,
  exchange,
  outcomeOfFailedStatus,
  outcomeWithoutAnswer,
  type ProviderLabel,
  parseJson,
} from "./http.ts";
import { invalidMessage, type SendOutcome, type SmsMessage, type SmsProvider } from "./provider.ts";

/**
 * The Orange SMS API (developer.orange.com, "SMS Africa" / Senegal): an OAuth2 client-credentials
 * token, then one POST per message to the sender's outbound requests.
 */
export interface OrangeOptions {
  /** https://api.orange.com */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The sender's number, digits with the country code: 221770000000. */
  sender: string;
  /** A sender name registered with Orange, shown instead of the number. */
  senderName?: string | undefined;
  clock: Clock;
  /** Each HTTP exchange (token or send) must end within this. */
  timeoutMs?: number;
}

/** A token is renewed this long before Orange says it expires. */
export const TOKEN_MARGIN_MS = 60_000;

const ORANGE: ProviderLabel = { subject: "Orange", to: "à Orange", of: "d'Orange" };

interface Token {
  value: string;
  /** By the injected clock, in ms. */
  renewAt: number;
}

type TokenResult = { ok: true; token: Token } | { ok: false; outcome: SendOutcome };

/** The text of an Orange error body: `SVC0004 No valid addresses provided in message part tel:+221…`. */
export function orangeErrorText(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const requestError = (body as { requestError?: unknown }).requestError;
  if (typeof requestError === "object" && requestError !== null) {
    for (const exception of Object.values(requestError)) {
      if (typeof exception !== "object" || exception === null) continue;
      const { messageId, text, variables } = exception as { messageId?: unknown; text?: unknown; variables?: unknown };
      if (typeof text !== "string" && typeof messageId !== "string") continue;
      const values = Array.isArray(variables)
        ? variables.map(String)
        : variables === undefined
          ? []
          : [String(variables)];
      const filled =
        typeof text === "string" ? text.replace(/%(\d+)/g, (whole, n: string) => values[Number(n) - 1] ?? whole) : "";
      return [typeof messageId === "string" ? messageId : "", filled].filter(Boolean).join(" ");
    }
  }
  // The gateway's own errors: {"code":42,"message":"Expired credentials","description":"…"}; OAuth: {"error","error_description"}.
  const { code, message, description, error, error_description } = body as Record<string, unknown>;
  const parts = [code, message, description, error, error_description].filter(
    (part) => typeof part === "string" || typeof part === "number",
  );
  return parts.length > 0 ? parts.join(" ") : undefined;
}

/** The id Orange gives a request: the last segment of its resourceURL. */
export function providerIdOf(body: unknown): string | undefined {
  const request = (body as { outboundSMSMessageRequest?: { resourceURL?: unknown } } | undefined)
    ?.outboundSMSMessageRequest;
  const url = request?.resourceURL;
  if (typeof url !== "string") return undefined;
  const segment = url.split(/[?#]/)[0]?.replace(/\/+$/, "").split("/").pop();
  if (!segment) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function createOrangeProvider(options: OrangeOptions): SmsProvider {
  const { clientId, clientSecret, sender, senderName, clock } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const base = options.baseUrl.replace(/\/+$/, "");
  const tokenUrl = `${base}/oauth/v3/token`;
  const sendUrl = `${base}/smsmessaging/v1/outbound/${encodeURIComponent(`tel:+${sender}`)}/requests`;
  const basic = Buffer.from(`${clientId}:${clientSecret}`).toString("base64");

  let cached: Token | undefined;
  let pending: Promise<TokenResult> | undefined;

  async function requestToken(): Promise<TokenResult> {
    const result = await exchange(
      tokenUrl,
      {
        method: "POST",
        headers: {
          Authorization: `Basic ${basic}`,
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/json",
        },
        body: "grant_type=client_credentials",
      },
      timeoutMs,
    );
    // Asking for a token sends no message: whatever happens on the way, trying again later is safe.
    if (result.kind !== "response") {
      const reason =
        result.kind === "unreached" ? `connexion impossible (${result.code})` : `pas de réponse (${result.code})`;
      return { ok: false, outcome: { kind: "retry", error: `Jeton Orange indisponible : ${reason}` } };
    }
    const { status, headers, text } = result;
    if (status === 400 || status === 401 || status === 403) {
      const detail = orangeErrorText(parseJson(text)) ?? excerpt(text);
      return {
        ok: false,
        outcome: {
          kind: "rejected",
          error: `Identifiants Orange refusés (HTTP ${status}${detail ? ` : ${detail}` : ""}) : vérifiez SMS_ORANGE_CLIENT_ID et SMS_ORANGE_CLIENT_SECRET`,
        },
      };
    }
    if (status < 200 || status >= 300) {
      const outcome = outcomeOfFailedStatus(
        status,
        headers,
        clock,
        ORANGE,
        `Jeton Orange refusé (HTTP ${status}) : ${excerpt(text)}`,
      );
      return {
        ok: false,
        outcome: outcome.kind === "retry" ? { ...outcome, error: `Jeton : ${outcome.error}` } : outcome,
      };
    }
    const body = parseJson(text) as { access_token?: unknown; expires_in?: unknown } | undefined;
    const value = body?.access_token;
    if (typeof value !== "string" || value === "") {
      return { ok: false, outcome: { kind: "retry", error: "Réponse d'Orange sans jeton d'accès (access_token)" } };
    }
    const expiresIn = Number(body?.expires_in);
    const lifetimeMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 0;
    return { ok: true, token: { value, renewAt: clock.now().getTime() + lifetimeMs - TOKEN_MARGIN_MS } };
  }

  /** The cached token while it is fresh; otherwise one request, shared by every send waiting for it. */
  function token(): Promise<TokenResult> {
    if (cached && clock.now().getTime() < cached.renewAt) return Promise.resolve({ ok: true, token: cached });
    if (!pending) {
      pending = requestToken()
        .then((result) => {
          if (result.ok) cached = result.token;
          return result;
        })
        .finally(() => {
          pending = undefined;
        });
    }
    return pending;
  }

  function post(message: SmsMessage, bearer: string) {
    const request: Record<string, unknown> = {
      address: `tel:${message.to}`,
      senderAddress: `tel:+${sender}`,
    };
    if (senderName) request.senderName = senderName;
    request.outboundSMSTextMessage = { message: message.text };
    return exchange(
      sendUrl,
      {
        method: "POST",
        headers: { Authorization: `Bearer ${bearer}`, "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ outboundSMSMessageRequest: request }),
      },
      timeoutMs,
    );
  }

  return {
    name: "orange",
    simulated: false,
    async send(message) {
      const invalid = invalidMessage(message);
      if (invalid) return invalid;
      let current = await token();
      if (!current.ok) return current.outcome;
      let result = await post(message, current.token.value);
      if (result.kind === "response" && result.status === 401) {
        // Revoked or expired early: a new token, and the message once more (a 401 means it did not leave).
        if (cached === current.token) cached = undefined;
        current = await token();
        if (!current.ok) return current.outcome;
        result = await post(message, current.token.value);
        if (result.kind === "response" && result.status === 401) {
          const detail = orangeErrorText(parseJson(result.text)) ?? excerpt(result.text);
          return {
            kind: "retry",
            error: `Orange refuse le jeton d'accès, même renouvelé (HTTP 401${detail ? ` : ${detail}` : ""})`,
          };
        }
      }
      if (result.kind !== "response") return outcomeWithoutAnswer(result, ORANGE, timeoutMs);
      const { status, headers, text } = result;
      if (status >= 200 && status < 300) return { kind: "sent", providerId: providerIdOf(parseJson(text)) };
      const detail = orangeErrorText(parseJson(text)) ?? excerpt(text);
      return outcomeOfFailedStatus(
        status,
        headers,
        clock,
        ORANGE,
        `Orange a refusé le message : ${detail || "sans détail"} (HTTP ${status})`,
      );
    },
  };
}
