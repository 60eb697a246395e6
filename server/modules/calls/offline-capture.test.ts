import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../test/app.ts";
import type { CallView } from "./call.schema.ts";

// Tuesday 3 March 2026, 08:10 in Dakar (UTC+0 all year): the morning after the network dropped.
const t = setupTestApp({ now: "2026-03-03T08:10:00Z" });

describe("a call captured offline and sent later", () => {
  it("keeps its capture time: a call taken at 17:50 and synced next morning counts as linked that day", async () => {
    const reception = await t.current.signIn("reception");
    // The prospect typed offline reaches the server first, then the call that points at it.
    const prospect = await reception.request(
      "POST",
      "/api/prospects",
      { lastName: "Diallo", firstName: "Mariama", phones: ["77 321 00 11"], origin: "phone", temperature: "hot" },
      { "idempotency-key": randomUUID() },
    );
    expect(prospect.statusCode, prospect.body).toBe(201);
    const personId = prospect.json().person.id as string;

    const sent = await reception.request(
      "POST",
      "/api/calls",
      {
        channel: "phone",
        capturedAt: "2026-03-02T17:50:00Z",
        phone: "77 321 00 11",
        callerName: "Mariama Diallo",
        request: "Suivi de grossesse",
        personId,
        outcome: "answered",
      },
      { "idempotency-key": randomUUID() },
    );
    expect(sent.statusCode, sent.body).toBe(201);
    const call: CallView = sent.json();
    expect(call).toMatchObject({
      receivedAt: "2026-03-02T17:50:00.000Z",
      capturedAt: "2026-03-02T17:50:00.000Z",
      closedAt: "2026-03-02T17:50:00.000Z",
      createdAt: "2026-03-03T08:10:00.000Z",
    });

    // The register of the 2nd has the line at 17:50; the one of the 3rd does not.
    const day2 = (await reception.request("GET", "/api/calls?day=2026-03-02")).json();
    expect(day2.items.map((c: CallView) => c.id)).toContain(call.id);
    const day3 = (await reception.request("GET", "/api/calls?day=2026-03-03")).json();
    expect(day3.items.map((c: CallView) => c.id)).not.toContain(call.id);

    // « Appels du registre rattachés à une fiche le jour même »: met, on the 2nd.
    const manager = await t.current.signIn("prospects_manager");
    const records = await manager.request(
      "GET",
      "/api/reports/compliance/records?indicator=calls-linked&part=all&from=2026-03-02&to=2026-03-02",
    );
    expect(records.statusCode, records.body).toBe(200);
    expect(records.json().records).toEqual([
      expect.objectContaining({
        id: call.id,
        at: "2026-03-02T17:50:00.000Z",
        met: true,
        // The auditor sees that it was typed offline and when it reached the server (clinic time, UTC in Dakar).
        detail: "Mariama Diallo — saisi hors ligne, reçu par le serveur le 03/03/2026 à 08:10",
      }),
    ]);
  });

  it("refuses a capture time ahead of the server or over 7 days old, naming capturedAt", async () => {
    const reception = await t.current.signIn("reception");
    const ahead = await reception.request("POST", "/api/calls", {
      channel: "phone",
      capturedAt: "2026-03-03T08:20:00Z",
    });
    expect(ahead.statusCode).toBe(400);
    expect(ahead.json().error).toMatchObject({
      code: "captured_in_future",
      details: { issues: [{ field: "capturedAt" }] },
    });
    // A few minutes of clock drift are accepted.
    const drift = await reception.request("POST", "/api/calls", {
      channel: "phone",
      capturedAt: "2026-03-03T08:13:00Z",
    });
    expect(drift.statusCode, drift.body).toBe(201);

    const old = await reception.request("POST", "/api/calls", { channel: "phone", capturedAt: "2026-02-24T08:00:00Z" });
    expect(old.statusCode).toBe(400);
    expect(old.json().error).toMatchObject({
      code: "captured_too_old",
      message: expect.stringContaining("7 jours"),
      details: { issues: [{ field: "capturedAt" }] },
    });
  });

  it("leaves capturedAt empty for a line saved online", async () => {
    const reception = await t.current.signIn("reception");
    const online = await reception.request("POST", "/api/calls", { channel: "visit" });
    expect(online.json()).toMatchObject({ capturedAt: null, receivedAt: "2026-03-03T08:10:00.000Z" });
  });

  it("keeps a message's capture time beside the moment the server got it, within the same bounds", async () => {
    const reception = await t.current.signIn("reception");
    const services = (await reception.request("GET", "/api/services")).json().services as { id: string }[];
    const message = await reception.request(
      "POST",
      "/api/messages",
      {
        forServiceId: services[0]?.id,
        callerName: "M. Fall",
        body: "Rappeler demain",
        capturedAt: "2026-03-02T17:52:00Z",
      },
      { "idempotency-key": randomUUID() },
    );
    expect(message.statusCode, message.body).toBe(201);
    expect(message.json()).toMatchObject({
      capturedAt: "2026-03-02T17:52:00.000Z",
      createdAt: "2026-03-03T08:10:00.000Z",
    });
    const ahead = await reception.request("POST", "/api/messages", {
      forServiceId: services[0]?.id,
      body: "Rappeler",
      capturedAt: "2026-03-03T09:00:00Z",
    });
    expect(ahead.statusCode).toBe(400);
    expect(ahead.json().error.details.issues[0].field).toBe("capturedAt");
  });
});
