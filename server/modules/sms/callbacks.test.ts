import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../clock.ts";
import { people, smsMessages } from "../../db/schema/index.ts";
import { createTestApp, type TestApp } from "../../test/app.ts";
import { buildPatient } from "../../test/factories.ts";
import { createHttpGatewayProvider } from "./providers/http-gateway.ts";
import { runSms } from "./sms.ts";

// The generic gateway (SMS_PROVIDER=http): a local server answering each send with {"id": "gw-<n>"}.
// Dakar is UTC+0 all year: 10:00Z is 10:00 at the clinic.
const SECRET = "secret-des-accuses-0123456789";
let gatewaySent = 0;
const gateway = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    gatewaySent += 1;
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(JSON.stringify({ id: `gw-${gatewaySent}` }));
  });
});
let t: TestApp;

beforeAll(async () => {
  await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
  const provider = createHttpGatewayProvider({
    url: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`,
    bodyTemplate: '{"to":"{to}","text":"{text}"}',
    timeoutMs: 2000,
    clock: new ManualClock("2026-12-07T08:00:00Z"),
  });
  t = await createTestApp({
    now: "2026-12-07T08:00:00Z",
    config: { sms: { provider, deliverySecret: SECRET }, smsRatePerSecond: 1000 },
  });
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => gateway.close(resolve));
});

const post = (kind: "delivery" | "inbound", payload: unknown, secret = SECRET) =>
  t.app.inject({
    method: "POST",
    url: `/api/sms/callbacks/${secret}/${kind}`,
    ...(typeof payload === "string"
      ? { body: payload, headers: { "content-type": "application/json" } }
      : { payload: payload as object }),
  });

/** The status code and the field a 400 names. */
const refusal = async (kind: "delivery" | "inbound", payload: unknown) => {
  const response = await post(kind, payload);
  const error = response.json().error;
  return [response.statusCode, error?.code, error?.details?.issues?.[0]?.field];
};

let phoneCounter = 0;
/** A reminder sent through the gateway for an appointment tomorrow; its row. */
async function sentReminder(startsAt: string) {
  const person = await buildPatient(t.system, { phones: [`77 700 ${String(10 + ++phoneCounter)} 00`] });
  const reception = await t.signIn("reception");
  const booked = await reception.request("POST", "/api/appointments", {
    site: "PLATEAU",
    personId: person.id,
    startsAt,
    durationMinutes: 30,
  });
  expect(booked.statusCode, booked.body).toBe(201);
  const appointmentId = (booked.json() as { id: string }).id;
  await runSms(t.services);
  const [reminder] = await t.services.database.db
    .select()
    .from(smsMessages)
    .where(eq(smsMessages.appointmentId, appointmentId));
  expect(reminder).toMatchObject({ status: "sent", provider: "http", providerId: expect.stringMatching(/^gw-/) });
  return { reminder: reminder as typeof smsMessages.$inferSelect, appointmentId, personId: person.id, reception };
}

const statusOf = async (id: string) =>
  (await t.services.database.db.select().from(smsMessages).where(eq(smsMessages.id, id)))[0];

describe("the generic gateway's delivery receipts", () => {
  it("mark the SMS of that id delivered, or failed with the gateway's error", async () => {
    t.clock.set("2026-12-07T10:00:00Z");
    const delivered = await sentReminder("2026-12-08T15:00:00Z");
    const failed = await sentReminder("2026-12-08T15:30:00Z");
    expect(
      (await post("delivery", { id: delivered.reminder.providerId, status: "delivered" }, "mauvais")).statusCode,
    ).toBe(404);
    const ok = await post("delivery", { id: delivered.reminder.providerId, status: "delivered" });
    expect([ok.statusCode, ok.json()]).toEqual([200, { ok: true }]);
    expect(await statusOf(delivered.reminder.id)).toMatchObject({
      status: "delivered",
      deliveredAt: new Date("2026-12-07T10:00:00Z"),
    });
    // A JSON text body, a status in capitals, an error.
    const notDelivered = await post(
      "delivery",
      JSON.stringify({ id: failed.reminder.providerId, status: "FAILED", error: "Numéro hors service" }),
    );
    expect(notDelivered.json()).toEqual({ ok: true });
    expect(await statusOf(failed.reminder.id)).toMatchObject({
      status: "failed",
      reason: "Non remis par l'opérateur (FAILED : Numéro hors service)",
    });
    // An id Relais never sent: accepted, nothing matched.
    expect((await post("delivery", { id: "gw-inconnu", status: "delivered" })).json()).toEqual({ ok: false });
  });

  it("refuse a bad body with a 400 naming the field, never a 500", async () => {
    expect(await refusal("delivery", {})).toEqual([400, "sms_callback_invalid", "id"]);
    expect(await refusal("delivery", { status: "delivered" })).toEqual([400, "sms_callback_invalid", "id"]);
    expect(await refusal("delivery", { id: "gw-1" })).toEqual([400, "sms_callback_invalid", "status"]);
    expect(await refusal("delivery", { id: "gw-1", status: 3 })).toEqual([400, "sms_callback_invalid", "status"]);
    expect(await refusal("delivery", { id: "gw-1", status: "lu" })).toEqual([400, "sms_callback_invalid", "status"]);
    expect(await refusal("delivery", { id: "gw-1", status: "failed", error: { code: 1 } })).toEqual([
      400,
      "sms_callback_invalid",
      "error",
    ]);
    expect(await refusal("delivery", [1, 2])).toEqual([400, "sms_callback_invalid", "body"]);
    expect(await refusal("delivery", "null")).toEqual([400, "sms_callback_invalid", "body"]);
    expect((await post("delivery", "{ pas du json")).statusCode).toBe(400);
    const message = (await post("delivery", { id: "gw-1", status: "lu" })).json().error.details.issues[0].message;
    expect(message).toBe("Accusé de réception : statut inconnu « lu » (delivered, failed, pending… attendu)");
  });
});

describe("the generic gateway's inbound messages", () => {
  it("confirm with « 1 » from the number written without « + », and STOP from the national number", async () => {
    t.clock.set("2026-12-08T10:00:00Z");
    const { reminder, appointmentId, personId, reception } = await sentReminder("2026-12-09T15:00:00Z");
    const to = reminder.toPhone as string;
    const reply = await post("inbound", { from: to.slice(1), text: "1", id: 42, to: "+221770000000" });
    expect([reply.statusCode, reply.json()]).toEqual([200, { ok: true }]);
    expect((await reception.request("GET", `/api/appointments/${appointmentId}`)).json()).toMatchObject({
      confirmation: "confirmed",
    });
    // « 77 700 11 00 » as a Senegalese phone shows it.
    const national = to.slice(4).replace(/(\d{2})(\d{3})(\d{2})(\d{2})/, "$1 $2 $3 $4");
    expect((await post("inbound", { from: national, text: "Stop" })).statusCode).toBe(200);
    const [person] = await t.services.database.db.select().from(people).where(eq(people.id, personId));
    expect(person).toMatchObject({ smsOptOutSource: "stop", smsOptOutAt: new Date("2026-12-08T10:00:00Z") });
  });

  it("still reads Orange's format, recognised by its shape", async () => {
    t.clock.set("2026-12-09T10:00:00Z");
    const { reminder, appointmentId, reception } = await sentReminder("2026-12-10T15:00:00Z");
    const reply = await post("inbound", {
      inboundSMSMessageNotification: { inboundSMSMessage: { senderAddress: `tel:${reminder.toPhone}`, message: "2" } },
    });
    expect(reply.statusCode, reply.body).toBe(200);
    expect((await reception.request("GET", `/api/appointments/${appointmentId}`)).json()).toMatchObject({
      confirmation: "cancel_requested",
    });
  });

  it("refuse a bad body with a 400 naming the field, never a 500", async () => {
    expect(await refusal("inbound", {})).toEqual([400, "sms_callback_invalid", "from"]);
    expect(await refusal("inbound", { text: "STOP" })).toEqual([400, "sms_callback_invalid", "from"]);
    expect(await refusal("inbound", { from: "pas un numéro", text: "STOP" })).toEqual([
      400,
      "sms_callback_invalid",
      "from",
    ]);
    expect(await refusal("inbound", { from: 221771234567, text: "STOP" })).toEqual([
      400,
      "sms_callback_invalid",
      "from",
    ]);
    expect(await refusal("inbound", { from: "+221771234567" })).toEqual([400, "sms_callback_invalid", "text"]);
    expect(await refusal("inbound", { from: "+221771234567", text: "1", to: "x" })).toEqual([
      400,
      "sms_callback_invalid",
      "to",
    ]);
    expect(await refusal("inbound", "42")).toEqual([400, "sms_callback_invalid", "body"]);
    expect(
      await refusal("inbound", { inboundSMSMessageNotification: { inboundSMSMessage: { message: "1" } } }),
    ).toEqual([400, "sms_callback_invalid", "inboundSMSMessageNotification.inboundSMSMessage.senderAddress"]);
  });
});
