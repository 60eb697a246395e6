import { describe, expect, it } from "vitest";
import { type Client, setupTestApp } from "../../test/app.ts";
import { buildProspect } from "../../test/factories.ts";
import type { MessageView } from "./message.schema.ts";

const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });

async function firstService(client: Client) {
  const [service] = (await client.request("GET", "/api/services")).json().services as { id: string; name: string }[];
  if (!service) throw new Error("no service seeded");
  return service;
}

async function leave(client: Client, body: Record<string, unknown>): Promise<MessageView> {
  const response = await client.request("POST", "/api/messages", body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const inbox = async (client: Client, acknowledged = false) =>
  (await client.request("GET", `/api/messages/inbox?acknowledged=${acknowledged}`)).json().items as MessageView[];
const count = async (client: Client) =>
  (await client.request("GET", "/api/messages/inbox/count")).json().unacknowledged as number;

describe("phone messages", () => {
  it("puts a message for a person in that person's inbox only, until acknowledged once", async () => {
    const reception = await t.current.signIn("reception");
    const secretary = await t.current.signIn("medical_secretary");
    const otherSecretary = await t.current.signIn("medical_secretary");
    const prospect = await buildProspect(t.current.system);
    const call = (await reception.request("POST", "/api/calls", { channel: "phone", outcome: "message_left" })).json();

    const message = await leave(reception, {
      forUserId: secretary.userId,
      callId: call.id,
      callerName: "Mme Ba",
      callerPhone: "77 555 44 33",
      personId: prospect.id,
      body: "  Merci de rappeler Mme Ba pour ses résultats.  ",
    });
    expect(message).toMatchObject({
      forUserId: secretary.userId,
      forUser: { id: secretary.userId },
      forService: null,
      callId: call.id,
      callerPhone: "+221775554433",
      person: { id: prospect.id, kind: "prospect" },
      body: "Merci de rappeler Mme Ba pour ses résultats.",
      createdBy: { id: reception.userId },
      acknowledgedAt: null,
      version: 1,
    });

    expect((await inbox(secretary)).map((m) => m.id)).toContain(message.id);
    expect(await count(secretary)).toBeGreaterThanOrEqual(1);
    expect((await inbox(otherSecretary)).map((m) => m.id)).not.toContain(message.id);

    t.current.clock.advance(10 * 60_000);
    const ack = await secretary.request("POST", `/api/messages/${message.id}/acknowledge`, { version: 1 });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({
      acknowledgedAt: "2026-03-02T09:10:00.000Z",
      acknowledgedBy: { id: secretary.userId },
      version: 2,
    });
    expect((await inbox(secretary)).map((m) => m.id)).not.toContain(message.id);
    expect((await inbox(secretary, true)).map((m) => m.id)).toContain(message.id);

    const again = await reception.request("POST", `/api/messages/${message.id}/acknowledge`, { version: 2 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("message_already_acknowledged");
    expect(again.json().error.message).toContain(`par ${ack.json().acknowledgedBy.name} le 02/03`);

    const audit = await (await t.current.signIn("admin")).request("GET", `/api/audit?entityId=${message.id}`);
    expect(
      audit
        .json()
        .events.map((e: { action: string }) => e.action)
        .sort(),
    ).toEqual(["message.acknowledge", "message.create"]);
  });

  it("shows a message for a service in everyone's inbox, with its recipient", async () => {
    const reception = await t.current.signIn("reception");
    const someone = await t.current.signIn("crm_secretary");
    const service = await firstService(reception);
    const before = await count(someone);
    const message = await leave(reception, { forServiceId: service.id, body: "Appeler le laboratoire" });
    expect(message.forService).toEqual({ id: service.id, name: service.name });
    const items = await inbox(someone);
    expect(items.find((m) => m.id === message.id)?.forService?.name).toBe(service.name);
    expect(await count(someone)).toBe(before + 1);

    const stale = await someone.request("POST", `/api/messages/${message.id}/acknowledge`, { version: 7 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe("version_conflict");
    expect((await someone.request("POST", `/api/messages/${message.id}/acknowledge`, { version: 1 })).statusCode).toBe(
      200,
    );
    expect(await count(someone)).toBe(before);
  });

  it("lets only the recipient (or an admin) acknowledge a message for a person (403 for the others)", async () => {
    const reception = await t.current.signIn("reception");
    const secretary = await t.current.signIn("medical_secretary");
    const manager = await t.current.signIn("prospects_manager");
    const admin = await t.current.signIn("admin");
    const forSecretary = await leave(reception, { forUserId: secretary.userId, body: "Rappeler Mme Sy" });

    for (const other of [reception, manager]) {
      const refused = await other.request("POST", `/api/messages/${forSecretary.id}/acknowledge`, { version: 1 });
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().error.code).toBe("message_for_someone_else");
      expect(refused.json().error.message).toContain(`adressé à ${forSecretary.forUser?.name}`);
    }
    // Still waiting in the recipient's inbox, untouched.
    expect((await inbox(secretary)).find((m) => m.id === forSecretary.id)).toMatchObject({
      acknowledgedAt: null,
      version: 1,
    });
    const ack = await secretary.request("POST", `/api/messages/${forSecretary.id}/acknowledge`, { version: 1 });
    expect(ack.statusCode, ack.body).toBe(200);

    const forManager = await leave(reception, { forUserId: manager.userId, body: "Le fournisseur a rappelé" });
    const byAdmin = await admin.request("POST", `/api/messages/${forManager.id}/acknowledge`, { version: 1 });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect(byAdmin.json().acknowledgedBy).toMatchObject({ id: admin.userId });
  });

  it("requires a recipient and a body, and checks phone and ids", async () => {
    const reception = await t.current.signIn("reception");
    const noRecipient = await reception.request("POST", "/api/messages", { body: "Bonjour" });
    expect(noRecipient.statusCode).toBe(400);
    expect(noRecipient.json().error.details.issues[0].field).toBe("forUserId");

    const empty = await reception.request("POST", "/api/messages", { forUserId: reception.userId, body: "   " });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details.issues[0].field).toBe("body");

    const long = await reception.request("POST", "/api/messages", {
      forUserId: reception.userId,
      body: "a".repeat(2001),
    });
    expect(long.statusCode).toBe(400);

    const badPhone = await reception.request("POST", "/api/messages", {
      forUserId: reception.userId,
      callerPhone: "12",
      body: "x",
    });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.details.issues[0].field).toBe("callerPhone");

    const unknownUser = await reception.request("POST", "/api/messages", {
      forUserId: "00000000-0000-4000-8000-000000000000",
      body: "x",
    });
    expect(unknownUser.statusCode).toBe(400);
    expect(unknownUser.json().error.details.issues[0].field).toBe("forUserId");
  });

  it("lists all the messages of a day in the clinic's time zone", async () => {
    t.current.clock.set("2026-03-05T23:30:00Z");
    const reception = await t.current.signIn("reception");
    const message = await leave(reception, { forUserId: reception.userId, body: "Tard le soir" });
    const ofDay = (await reception.request("GET", "/api/messages?day=2026-03-05")).json().items as MessageView[];
    expect(ofDay.map((m) => m.id)).toEqual([message.id]);
    expect((await reception.request("GET", "/api/messages?day=2026-03-06")).json().items).toEqual([]);
    expect((await reception.request("GET", "/api/messages")).json().items.map((m: MessageView) => m.id)).toEqual([
      message.id,
    ]);
  });

  it("lets a viewer read the inbox but neither leave nor acknowledge a message (403)", async () => {
    const viewer = await t.current.signIn("viewer");
    expect((await viewer.request("GET", "/api/messages/inbox")).statusCode).toBe(200);
    expect((await viewer.request("POST", "/api/messages", { forUserId: viewer.userId, body: "x" })).statusCode).toBe(
      403,
    );
    expect(
      (
        await viewer.request("POST", "/api/messages/00000000-0000-4000-8000-000000000000/acknowledge", {
          version: 1,
        })
      ).statusCode,
    ).toBe(403);
  });

  it("refuses a message for a read-only account, which could never acknowledge it, naming the field", async () => {
    const reception = await t.current.signIn("reception");
    const viewer = await t.current.signIn("viewer");
    const refused = await reception.request("POST", "/api/messages", { forUserId: viewer.userId, body: "Rappeler" });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: "message_recipient_read_only",
      details: { issues: [{ field: "forUserId" }] },
    });
    expect(
      await t.current.services.database.query("select id from phone_messages where for_user_id = $1", [viewer.userId]),
    ).toEqual([]);
  });
});
