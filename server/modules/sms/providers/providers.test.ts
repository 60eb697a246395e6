import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { HOUR_MS, ManualClock } from "../../../clock.ts";
import { ConfigError } from "../../../config.ts";
import { smsProviderFromEnv } from "./config.ts";
import { parseOrangeDeliveryReceipt, parseOrangeInbound } from "./delivery-receipt.ts";
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, type FakeOrange, startFakeOrange } from "./fake-orange.ts";
import { createHttpGatewayProvider } from "./http-gateway.ts";
import { createLogProvider } from "./log.ts";
import { createOrangeProvider, type OrangeOptions } from "./orange.ts";

const SENDER = "221770000000";
const message = (to = "+221771234567", text = "Bonjour, votre rendez-vous est confirmé.", reference = "out-1") => ({
  to,
  text,
  reference,
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeOrange(): Promise<FakeOrange> {
  const fake = await startFakeOrange();
  cleanups.push(() => fake.close());
  return fake;
}

function orange(fake: FakeOrange, clock: ManualClock, overrides: Partial<OrangeOptions> = {}) {
  return createOrangeProvider({
    baseUrl: fake.url,
    clientId: FAKE_CLIENT_ID,
    clientSecret: FAKE_CLIENT_SECRET,
    sender: SENDER,
    clock,
    ...overrides,
  });
}

const sendRequests = (fake: FakeOrange) => fake.requests.filter((r) => r.url.startsWith("/smsmessaging/"));

describe("Orange provider against the fake Orange API", () => {
  it("posts the exact body to the sender's encoded URL and returns the id from resourceURL", async () => {
    const fake = await fakeOrange();
    const provider = orange(fake, new ManualClock("2026-12-07T10:00:00Z"), { senderName: "Clinique" });
    expect(provider).toMatchObject({ name: "orange", simulated: false });

    const outcome = await provider.send(message());

    expect(fake.sent).toHaveLength(1);
    const recorded = fake.sent[0];
    expect(outcome).toEqual({ kind: "sent", providerId: recorded?.providerId });
    expect(recorded).toMatchObject({ to: "+221771234567", senderName: "Clinique" });
    const [request] = sendRequests(fake);
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/smsmessaging/v1/outbound/tel%3A%2B221770000000/requests");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers.authorization).toMatch(/^Bearer \w+$/);
    expect(JSON.parse(request?.body ?? "")).toEqual({
      outboundSMSMessageRequest: {
        address: "tel:+221771234567",
        senderAddress: "tel:+221770000000",
        senderName: "Clinique",
        outboundSMSTextMessage: { message: "Bonjour, votre rendez-vous est confirmé." },
      },
    });
    const [tokenRequest] = fake.requests;
    expect(tokenRequest?.url).toBe("/oauth/v3/token");
    expect(tokenRequest?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${FAKE_CLIENT_ID}:${FAKE_CLIENT_SECRET}`).toString("base64")}`,
    );
    expect(tokenRequest?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(tokenRequest?.body).toBe("grant_type=client_credentials");
  });

  it("leaves senderName out when none is set", async () => {
    const fake = await fakeOrange();
    await orange(fake, new ManualClock("2026-12-07T10:00:00Z")).send(message());
    const body = JSON.parse(sendRequests(fake)[0]?.body ?? "");
    expect(Object.keys(body.outboundSMSMessageRequest)).toEqual(["address", "senderAddress", "outboundSMSTextMessage"]);
    expect(fake.sent[0]?.senderName).toBeUndefined();
  });

  it("asks for one token for concurrent sends and reuses it", async () => {
    const fake = await fakeOrange();
    fake.latencyMs = 50;
    const provider = orange(fake, new ManualClock("2026-12-07T10:00:00Z"));
    const outcomes = await Promise.all([provider.send(message()), provider.send(message("+221781234567"))]);
    expect(outcomes.map((o) => o.kind)).toEqual(["sent", "sent"]);
    await provider.send(message("+221761234567"));
    expect(fake.tokensIssued).toBe(1);
    expect(fake.sent).toHaveLength(3);
  });

  it("renews the token 60 s before it expires, by the injected clock", async () => {
    const fake = await fakeOrange();
    const clock = new ManualClock("2026-12-07T10:00:00Z");
    const provider = orange(fake, clock);
    await provider.send(message());
    clock.advance(HOUR_MS - 61_000);
    await provider.send(message());
    expect(fake.tokensIssued).toBe(1);
    clock.advance(1_000);
    expect(await provider.send(message())).toMatchObject({ kind: "sent" });
    expect(fake.tokensIssued).toBe(2);
    expect(fake.sent).toHaveLength(3);
  });

  it("on a 401, takes a new token and sends the message once more", async () => {
    const fake = await fakeOrange();
    const provider = orange(fake, new ManualClock("2026-12-07T10:00:00Z"));
    await provider.send(message("+221771111111"));
    fake.expireTokens();

    const outcome = await provider.send(message("+221772222222"));

    expect(outcome).toMatchObject({ kind: "sent" });
    expect(fake.tokensIssued).toBe(2);
    expect(fake.sent.filter((s) => s.to === "+221772222222")).toHaveLength(1);
    expect(sendRequests(fake)).toHaveLength(3); // first message, refused one, resent one
  });

  it("does not loop when Orange refuses even a fresh token", async () => {
    const fake = await fakeOrange();
    const provider = orange(fake, new ManualClock("2026-12-07T10:00:00Z"));
    fake.failNext("401", 2);
    const outcome = await provider.send(message());
    expect(outcome).toMatchObject({ kind: "retry" });
    expect(sendRequests(fake)).toHaveLength(2);
    expect(fake.sent).toHaveLength(0);
  });

  it("maps a 429 to a retry after Retry-After", async () => {
    const fake = await fakeOrange();
    fake.failNext("429");
    const outcome = await orange(fake, new ManualClock("2026-12-07T10:00:00Z")).send(message());
    expect(outcome).toMatchObject({ kind: "retry", retryAfterMs: 2000, rateLimited: true });
    expect(fake.sent).toHaveLength(0);
  });

  it("answers 429 past the fake's rate limit", async () => {
    const fake = await fakeOrange();
    fake.rateLimitPerSecond = 2;
    const provider = orange(fake, new ManualClock("2026-12-07T10:00:00Z"));
    const kinds = [];
    for (let i = 0; i < 3; i++) kinds.push((await provider.send(message())).kind);
    expect(kinds).toEqual(["sent", "sent", "retry"]);
  });

  it("maps a 500 to a retry", async () => {
    const fake = await fakeOrange();
    fake.failNext("500");
    const provider = orange(fake, new ManualClock("2026-12-07T10:00:00Z"));
    const outcome = await provider.send(message());
    expect(outcome.kind).toBe("retry");
    expect(outcome).not.toHaveProperty("retryAfterMs");
    expect(await provider.send(message())).toMatchObject({ kind: "sent" });
  });

  it("maps an answer that never comes to ambiguous", async () => {
    const fake = await fakeOrange();
    const provider = orange(fake, new ManualClock("2026-12-07T10:00:00Z"), { timeoutMs: 200 });
    await provider.send(message()); // token fetched and cached
    fake.failNext("hang");
    const outcome = await provider.send(message());
    expect(outcome.kind).toBe("ambiguous");
    expect(outcome).toMatchObject({ error: expect.stringContaining("peut-être parti") });
  });

  it("maps a 400 to a refusal carrying Orange's error", async () => {
    const fake = await fakeOrange();
    fake.failNext("400");
    const outcome = await orange(fake, new ManualClock("2026-12-07T10:00:00Z")).send(message());
    expect(outcome.kind).toBe("rejected");
    expect(outcome).toMatchObject({
      error: expect.stringMatching(/^Orange a refusé le message : SVC0004 No valid addresses.*HTTP 400/),
    });
  });

  it("refuses a number that is not E.164 without calling Orange", async () => {
    const fake = await fakeOrange();
    const outcome = await orange(fake, new ManualClock("2026-12-07T10:00:00Z")).send(message("771234567"));
    expect(outcome.kind).toBe("rejected");
    expect(fake.requests).toHaveLength(0);
  });

  it("rejects when the credentials are wrong", async () => {
    const fake = await fakeOrange();
    const outcome = await orange(fake, new ManualClock("2026-12-07T10:00:00Z"), { clientSecret: "wrong" }).send(
      message(),
    );
    expect(outcome.kind).toBe("rejected");
    expect(outcome).toMatchObject({ error: expect.stringContaining("Identifiants Orange refusés") });
    expect(sendRequests(fake)).toHaveLength(0);
  });

  it("retries when the token endpoint fails, and asks again on the next send", async () => {
    const fake = await fakeOrange();
    fake.failNext("500", 1, "token");
    const provider = orange(fake, new ManualClock("2026-12-07T10:00:00Z"));
    expect((await provider.send(message())).kind).toBe("retry");
    expect(await provider.send(message())).toMatchObject({ kind: "sent" });
  });

  it("retries when the connection is refused, before or after the token", async () => {
    const fake = await startFakeOrange();
    const clock = new ManualClock("2026-12-07T10:00:00Z");
    const cached = orange(fake, clock);
    expect((await cached.send(message())).kind).toBe("sent");
    await fake.close();

    const withToken = await cached.send(message());
    expect(withToken.kind).toBe("retry");
    expect(withToken).toMatchObject({ error: expect.stringContaining("ECONNREFUSED") });
    expect((await orange(fake, clock).send(message())).kind).toBe("retry");
  });
});

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
}

/** A local HTTP server answering each request with `answer`, recording what it got. */
async function localServer(answer: (request: Received, response: ServerResponse) => void) {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const request = { headers: incoming.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(request);
      answer(request, response);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`, received };
}

function reply(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { "Content-Type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

describe("HTTP gateway provider", () => {
  const clock = new ManualClock("2026-12-07T10:00:00Z");

  it("substitutes {to} and {text} as JSON strings and sends the header", async () => {
    const gateway = await localServer((_, response) => reply(response, 200, { messageId: 4711 }));
    const provider = createHttpGatewayProvider({
      url: gateway.url,
      headerName: "X-Api-Key",
      headerValue: "clé-secrète",
      bodyTemplate: '{"recipient":"{to}","content":{"body":"Relais: {text}"},"tags":["{to}",1,true,null]}',
      clock,
    });
    const text = 'Il a dit "oui"\nÀ demain, Sébastien \\ ok {to}';

    const outcome = await provider.send(message("+221771234567", text));

    expect(outcome).toEqual({ kind: "sent", providerId: "4711" });
    const [request] = gateway.received;
    expect(request?.headers["x-api-key"]).toBe("clé-secrète");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request?.body ?? "")).toEqual({
      recipient: "+221771234567",
      content: { body: `Relais: ${text}` },
      tags: ["+221771234567", 1, true, null],
    });
  });

  it("uses the default template and takes `id` as the provider id", async () => {
    const gateway = await localServer((_, response) => reply(response, 201, { id: "abc" }));
    const { provider } = smsProviderFromEnv(
      { SMS_PROVIDER: "http", SMS_HTTP_URL: gateway.url, SMS_HTTP_HEADER: "Authorization: Bearer t0k3n" },
      clock,
    );
    expect(await provider.send(message("+221771234567", "Salut"))).toEqual({ kind: "sent", providerId: "abc" });
    expect(JSON.parse(gateway.received[0]?.body ?? "")).toEqual({ to: "+221771234567", text: "Salut" });
    expect(gateway.received[0]?.headers.authorization).toBe("Bearer t0k3n");
  });

  it("maps 4xx to rejected, 503 to retry (Retry-After as a date, by the clock), a hang to ambiguous", async () => {
    const statuses = [400, 503, 0];
    const gateway = await localServer((_, response) => {
      const status = statuses.shift();
      if (status === 400) reply(response, 400, { error: "numéro inconnu" });
      else if (status === 503) reply(response, 503, {}, { "Retry-After": "Mon, 07 Dec 2026 10:00:30 GMT" });
      // otherwise never answered
    });
    const provider = createHttpGatewayProvider({
      url: gateway.url,
      bodyTemplate: '{"to":"{to}","text":"{text}"}',
      timeoutMs: 200,
      clock,
    });
    expect(await provider.send(message())).toEqual({
      kind: "rejected",
      error: "La passerelle SMS a refusé le message : numéro inconnu (HTTP 400)",
    });
    expect(await provider.send(message())).toMatchObject({ kind: "retry", retryAfterMs: 30_000 });
    expect((await provider.send(message())).kind).toBe("ambiguous");
  });

  it("maps a connection cut once the request was written to ambiguous", async () => {
    const gateway = await localServer((_, response) => response.socket?.destroy());
    const provider = createHttpGatewayProvider({
      url: gateway.url,
      bodyTemplate: '{"to":"{to}","text":"{text}"}',
      clock,
    });
    const outcome = await provider.send(message());
    expect(outcome.kind).toBe("ambiguous");
    expect(gateway.received).toHaveLength(1);
  });

  it("refuses a template without {text} or that is not JSON", () => {
    expect(() => createHttpGatewayProvider({ url: "http://x", bodyTemplate: '{"to":"{to}"}', clock })).toThrow(
      /\{text\}/,
    );
    expect(() => createHttpGatewayProvider({ url: "http://x", bodyTemplate: "{to}", clock })).toThrow(/JSON invalide/);
  });
});

describe("log provider", () => {
  it("is simulated and answers sent with a simulated id", async () => {
    const provider = createLogProvider();
    expect(provider).toMatchObject({ name: "log", simulated: true });
    expect(await provider.send(message("+221771234567", "x", "abc-123"))).toEqual({
      kind: "sent",
      providerId: "simule-abc-123",
    });
  });
});

describe("Orange callbacks", () => {
  it("reads delivery receipts", () => {
    const body = (deliveryStatus: string) => ({
      deliveryInfoNotification: {
        callbackData: "out-42",
        resourceURL: "https://api.orange.com/smsmessaging/v1/outbound/tel%3A%2B221770000000/requests/req-9",
        deliveryInfo: { address: "tel:+221771234567", deliveryStatus },
      },
    });
    expect(parseOrangeDeliveryReceipt(body("DeliveredToTerminal"))).toEqual({
      ok: true,
      value: {
        providerId: "req-9",
        callbackData: "out-42",
        address: "+221771234567",
        status: "delivered",
        providerStatus: "DeliveredToTerminal",
      },
    });
    const statusOf = (s: string) => {
      const parsed = parseOrangeDeliveryReceipt(JSON.stringify(body(s)));
      return parsed.ok ? parsed.value.status : parsed.error;
    };
    expect(statusOf("DeliveryImpossible")).toBe("failed");
    expect(statusOf("DeliveredToNetwork")).toBe("pending");
    expect(statusOf("MessageWaiting")).toBe("pending");
    expect(statusOf("DeliveryUncertain")).toBe("pending");
    expect(statusOf("Whatever")).toMatch(/statut inconnu/);
  });

  it("reads a receipt without resourceURL nor callbackData", () => {
    const parsed = parseOrangeDeliveryReceipt({
      deliveryInfoNotification: {
        deliveryInfo: { address: "tel:+221771234567", deliveryStatus: "DeliveryImpossible" },
      },
    });
    expect(parsed).toEqual({
      ok: true,
      value: { address: "+221771234567", status: "failed", providerStatus: "DeliveryImpossible" },
    });
  });

  it("answers malformed receipts with a French error, never a throw", () => {
    for (const body of [
      "not json",
      null,
      42,
      [],
      {},
      { deliveryInfoNotification: {} },
      { deliveryInfoNotification: { deliveryInfo: { deliveryStatus: "DeliveredToTerminal" } } },
      { deliveryInfoNotification: { deliveryInfo: { address: "tel:+221771234567" } } },
    ]) {
      const parsed = parseOrangeDeliveryReceipt(body);
      expect(parsed.ok).toBe(false);
      expect(parsed).toMatchObject({ error: expect.stringMatching(/^Accusé de réception/) });
    }
  });

  it("reads inbound messages", () => {
    expect(
      parseOrangeInbound({
        inboundSMSMessageNotification: {
          inboundSMSMessage: {
            dateTime: "2026-12-07T10:00:00Z",
            destinationAddress: "tel:+221770000000",
            messageId: "m-1",
            message: "STOP",
            senderAddress: "tel:+221771234567",
          },
        },
      }),
    ).toEqual({ ok: true, value: { from: "+221771234567", text: "STOP", to: "+221770000000", messageId: "m-1" } });
    expect(parseOrangeInbound("{").ok).toBe(false);
    expect(parseOrangeInbound({ inboundSMSMessageNotification: {} })).toMatchObject({ ok: false });
    expect(
      parseOrangeInbound({
        inboundSMSMessageNotification: { inboundSMSMessage: { senderAddress: "tel:+221771234567" } },
      }),
    ).toEqual({
      ok: false,
      error: "Message reçu sans texte (message)",
      field: "inboundSMSMessageNotification.inboundSMSMessage.message",
    });
  });
});

describe("smsProviderFromEnv", () => {
  const clock = new ManualClock("2026-12-07T10:00:00Z");
  const orangeEnv = {
    SMS_PROVIDER: "orange",
    SMS_ORANGE_CLIENT_ID: "id",
    SMS_ORANGE_CLIENT_SECRET: "secret",
    SMS_ORANGE_SENDER: SENDER,
  };
  const errorOf = (env: Record<string, string | undefined>) => {
    try {
      smsProviderFromEnv(env, clock);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error("no error");
  };

  it("defaults to the log provider", () => {
    expect(smsProviderFromEnv({}, clock)).toMatchObject({ provider: { name: "log" }, deliverySecret: undefined });
    expect(smsProviderFromEnv({ SMS_PROVIDER: "" }, clock).provider.name).toBe("log");
  });

  it("builds the Orange provider, talking to SMS_ORANGE_API_URL", async () => {
    const fake = await fakeOrange();
    const { provider, deliverySecret } = smsProviderFromEnv(
      {
        ...orangeEnv,
        SMS_ORANGE_CLIENT_ID: FAKE_CLIENT_ID,
        SMS_ORANGE_CLIENT_SECRET: FAKE_CLIENT_SECRET,
        SMS_ORANGE_SENDER_NAME: "Clinique",
        SMS_ORANGE_API_URL: fake.url,
        SMS_DELIVERY_SECRET: "0123456789abcdef0123",
      },
      clock,
    );
    expect(provider.name).toBe("orange");
    expect(deliverySecret).toBe("0123456789abcdef0123");
    expect(await provider.send(message())).toMatchObject({ kind: "sent" });
    expect(fake.sent[0]?.senderName).toBe("Clinique");
  });

  it("names each missing or invalid variable, in French", () => {
    expect(errorOf({ SMS_PROVIDER: "orange" })).toBe(
      [
        "SMS_ORANGE_CLIENT_ID manquant : requis quand SMS_PROVIDER=orange",
        "SMS_ORANGE_CLIENT_SECRET manquant : requis quand SMS_PROVIDER=orange",
        "SMS_ORANGE_SENDER manquant : requis quand SMS_PROVIDER=orange",
      ].join("\n"),
    );
    expect(errorOf({ ...orangeEnv, SMS_ORANGE_CLIENT_SECRET: "  " })).toBe(
      "SMS_ORANGE_CLIENT_SECRET manquant : requis quand SMS_PROVIDER=orange",
    );
    expect(errorOf({ ...orangeEnv, SMS_ORANGE_SENDER: "+221770000000" })).toMatch(
      /^SMS_ORANGE_SENDER invalide : chiffres seuls/,
    );
    expect(errorOf({ ...orangeEnv, SMS_ORANGE_API_URL: "api.orange.com" })).toMatch(/^SMS_ORANGE_API_URL invalide/);
    expect(errorOf({ SMS_PROVIDER: "twilio" })).toMatch(/^SMS_PROVIDER invalide : orange, http ou log/);
    expect(errorOf({ SMS_PROVIDER: "http" })).toBe("SMS_HTTP_URL manquant : requis quand SMS_PROVIDER=http");
    expect(errorOf({ SMS_PROVIDER: "http", SMS_HTTP_URL: "http://gw", SMS_HTTP_HEADER: "no colon" })).toMatch(
      /^SMS_HTTP_HEADER invalide : la forme « Nom: valeur »/,
    );
    expect(errorOf({ SMS_PROVIDER: "http", SMS_HTTP_URL: "http://gw", SMS_HTTP_BODY: '{"to":"{to}"' })).toBe(
      "SMS_HTTP_BODY invalide : modèle JSON invalide : JSON invalide",
    );
    expect(errorOf({ SMS_DELIVERY_SECRET: "short" })).toMatch(/^SMS_DELIVERY_SECRET invalide : 16 caractères/);
  });
});
