import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type Clock, stopwatch } from "../../../clock.ts";
import { createOrangeProvider } from "./orange.ts";

/**
 * A stand-in for the Orange SMS API on 127.0.0.1, for tests and benches: a real HTTP server with
 * the token endpoint, the send endpoint, Orange's error bodies, and failures to order.
 */
export type FakeFailure = "401" | "429" | "429-no-retry-after" | "500" | "hang" | "400";

export interface FakeOrangeOptions {
  clientId?: string;
  clientSecret?: string;
  /** Tokens expire by this clock after their lifetime; without it, only expireTokens() ends them. */
  clock?: Clock;
  tokenLifetimeSeconds?: number;
  latencyMs?: number;
  rateLimitPerSecond?: number;
}

export interface FakeSent {
  to: string;
  text: string;
  senderName: string | undefined;
  providerId: string;
}

export interface FakeRequest {
  method: string;
  /** As received, still encoded: /smsmessaging/v1/outbound/tel%3A%2B221…/requests */
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface FakeOrange {
  /** http://127.0.0.1:<port>, the provider's baseUrl. */
  url: string;
  close(): Promise<void>;
  /** Messages taken (answered 201), in order. */
  sent: FakeSent[];
  /** Every request received, token requests included. */
  requests: FakeRequest[];
  readonly tokensIssued: number;
  /** Every token issued so far is refused from now on (401). */
  expireTokens(): void;
  /** The next `count` requests to the given endpoint (the send endpoint by default) fail this way. */
  failNext(kind: FakeFailure, count?: number, endpoint?: "send" | "token"): void;
  /** Delay before each answer. */
  latencyMs: number;
  /** Sends beyond this many in the last second get a 429. */
  rateLimitPerSecond: number | undefined;
}

export const FAKE_CLIENT_ID = "relais-client";
export const FAKE_CLIENT_SECRET = "relais-secret";

/** The Orange provider, talking to this fake (sender 221770000000, « NEST »). */
export const fakeOrangeProvider = (fake: FakeOrange, clock: Clock, timeoutMs = 300) =>
  createOrangeProvider({
    baseUrl: fake.url,
    clientId: FAKE_CLIENT_ID,
    clientSecret: FAKE_CLIENT_SECRET,
    sender: "221770000000",
    senderName: "NEST",
    clock,
    timeoutMs,
  });

/** What Orange posts to the inbound callback when someone texts our number. */
export const orangeInbound = (from: string, message: string, messageId?: string) => ({
  inboundSMSMessageNotification: {
    inboundSMSMessage: {
      senderAddress: `tel:${from}`,
      message,
      destinationAddress: "tel:+221770000000",
      ...(messageId ? { messageId } : {}),
    },
  },
});

const SEND_PATH = /^\/smsmessaging\/v1\/outbound\/([^/]+)\/requests$/;

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "Content-Type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

const serviceException = (messageId: string, text: string, variables: string) => ({
  requestError: { serviceException: { messageId, text, variables } },
});

const EXPIRED = {
  code: 42,
  message: "Expired credentials",
  description: "The requested service needs credentials, and the ones provided were out-of-date.",
};
const INVALID_CREDENTIALS = {
  error: "invalid_client",
  error_description: "The requested service needs credentials, but the ones provided were invalid.",
};

export async function startFakeOrange(options: FakeOrangeOptions = {}): Promise<FakeOrange> {
  const clientId = options.clientId ?? FAKE_CLIENT_ID;
  const clientSecret = options.clientSecret ?? FAKE_CLIENT_SECRET;
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
  const tokens = new Map<string, number | undefined>(); // token → expiry (clock ms), undefined: no clock
  const failures = { send: [] as FakeFailure[], token: [] as FakeFailure[] };
  const sockets = new Set<Socket>();
  const elapsed = stopwatch();
  const recentSends: number[] = [];
  let issued = 0;

  const fake: FakeOrange = {
    url: "",
    sent: [],
    requests: [],
    get tokensIssued() {
      return issued;
    },
    expireTokens() {
      tokens.clear();
    },
    failNext(kind, count = 1, endpoint = "send") {
      for (let i = 0; i < count; i++) failures[endpoint].push(kind);
    },
    latencyMs: options.latencyMs ?? 0,
    rateLimitPerSecond: options.rateLimitPerSecond,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  /** Answers a forced failure; true when there was one. */
  function forcedFailure(kind: FakeFailure | undefined, response: ServerResponse): boolean {
    switch (kind) {
      case undefined:
        return false;
      case "hang":
        return true; // never answered; close() cuts the socket
      case "401":
        json(response, 401, EXPIRED, { "WWW-Authenticate": 'Bearer realm="api.orange.com"' });
        return true;
      case "429":
        json(
          response,
          429,
          { code: 53, message: "Too many requests", description: "Rate limit exceeded" },
          {
            "Retry-After": "2",
          },
        );
        return true;
      case "429-no-retry-after":
        json(response, 429, { code: 53, message: "Too many requests", description: "Rate limit exceeded" });
        return true;
      case "500":
        json(response, 500, { code: 1, message: "Internal error", description: "Try again later" });
        return true;
      case "400":
        json(
          response,
          400,
          serviceException(
            "SVC0004",
            "No valid addresses provided in message part %1",
            "outboundSMSMessageRequest.address",
          ),
        );
        return true;
    }
  }

  function token(request: FakeRequest, response: ServerResponse) {
    if (forcedFailure(failures.token.shift(), response)) return;
    const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
    if (request.headers.authorization !== expected) return json(response, 401, INVALID_CREDENTIALS);
    if (!request.headers["content-type"]?.startsWith("application/x-www-form-urlencoded")) {
      return json(response, 400, { error: "invalid_request", error_description: "Form content expected" });
    }
    if (new URLSearchParams(request.body).get("grant_type") !== "client_credentials") {
      return json(response, 400, { error: "unsupported_grant_type", error_description: "client_credentials expected" });
    }
    const value = randomUUID().replaceAll("-", "");
    tokens.set(value, options.clock ? options.clock.now().getTime() + lifetimeSeconds * 1000 : undefined);
    issued++;
    json(response, 200, { token_type: "Bearer", access_token: value, expires_in: lifetimeSeconds });
  }

  function send(request: FakeRequest, senderInPath: string, response: ServerResponse) {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    const expiry = bearer === undefined ? undefined : tokens.get(bearer);
    const known = bearer !== undefined && tokens.has(bearer);
    if (!known || (expiry !== undefined && options.clock && options.clock.now().getTime() >= expiry)) {
      return json(response, 401, EXPIRED, { "WWW-Authenticate": 'Bearer realm="api.orange.com"' });
    }
    if (forcedFailure(failures.send.shift(), response)) return;
    if (fake.rateLimitPerSecond !== undefined) {
      const now = elapsed();
      while (recentSends.length > 0 && (recentSends[0] as number) <= now - 1000) recentSends.shift();
      if (recentSends.length >= fake.rateLimitPerSecond) {
        return json(response, 429, { code: 53, message: "Too many requests" }, { "Retry-After": "1" });
      }
      recentSends.push(now);
    }
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return json(response, 400, serviceException("SVC0001", "A service error occurred. Error code is %1", "JSON"));
    }
    const outbound = (body as { outboundSMSMessageRequest?: Record<string, unknown> } | null)
      ?.outboundSMSMessageRequest;
    const address = outbound?.address;
    if (typeof address !== "string" || !/^tel:\+\d{8,15}$/.test(address)) {
      return json(
        response,
        400,
        serviceException("SVC0004", "No valid addresses provided in message part %1", String(address)),
      );
    }
    if (outbound?.senderAddress !== senderInPath) {
      return json(
        response,
        400,
        serviceException("SVC0002", "Invalid input value for message part %1", "senderAddress"),
      );
    }
    const message = (outbound?.outboundSMSTextMessage as { message?: unknown } | undefined)?.message;
    if (typeof message !== "string" || message === "") {
      return json(response, 400, serviceException("SVC0002", "Invalid input value for message part %1", "message"));
    }
    const senderName = typeof outbound?.senderName === "string" ? outbound.senderName : undefined;
    const providerId = randomUUID();
    fake.sent.push({ to: address.slice("tel:".length), text: message, senderName, providerId });
    const resourceURL = `${fake.url}/smsmessaging/v1/outbound/${encodeURIComponent(senderInPath)}/requests/${providerId}`;
    json(response, 201, { outboundSMSMessageRequest: { ...outbound, resourceURL } }, { Location: resourceURL });
  }

  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const request: FakeRequest = {
        method: incoming.method ?? "",
        url: incoming.url ?? "",
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      fake.requests.push(request);
      const answer = () => {
        if (request.method === "POST" && request.url === "/oauth/v3/token") return token(request, response);
        const match = request.method === "POST" ? SEND_PATH.exec(request.url) : null;
        if (match) {
          let sender: string;
          try {
            sender = decodeURIComponent(match[1] as string);
          } catch {
            sender = "";
          }
          if (!/^tel:\+\d{8,15}$/.test(sender)) {
            return json(
              response,
              400,
              serviceException("SVC0002", "Invalid input value for message part %1", "sender"),
            );
          }
          return send(request, sender, response);
        }
        json(response, 404, { code: 60, message: "Resource not found", description: request.url });
      };
      if (fake.latencyMs > 0) setTimeout(answer, fake.latencyMs);
      else answer();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
