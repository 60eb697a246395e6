import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../test/app.ts";

// Monday 2 March 2026, 09:00 in Dakar (UTC+0 all year).
const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });

const count = async (table: "calls" | "people" | "phone_messages" | "idempotency_keys") => {
  const rows = await t.current.services.database.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return rows[0]?.n ?? 0;
};

describe("writes with an Idempotency-Key", () => {
  it("answers a retry after a lost answer with the first answer, and writes nothing twice", async () => {
    const reception = await t.current.signIn("reception");
    const key = randomUUID();
    const body = { channel: "phone", phone: "77 123 45 67", callerName: "Mme Ndiaye", request: "Tarifs" };
    const before = await count("calls");

    const first = await reception.request("POST", "/api/calls", body, { "idempotency-key": key });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();

    // The answer was lost on the way (the network dropped): the desk sends the same request again, later.
    t.current.clock.advance(10 * 60_000);
    const retry = await reception.request("POST", "/api/calls", body, { "idempotency-key": key });
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(retry.json()).toEqual(first.json());
    expect(await count("calls")).toBe(before + 1);

    const audit = await (await t.current.signIn("admin")).request("GET", `/api/audit?entityId=${first.json().id}`);
    expect(audit.json().events.map((e: { action: string }) => e.action)).toEqual(["call.create"]);
  });

  it("forgets a key after its week, after a later write has committed", async () => {
    let reception = await t.current.signIn("reception");
    const old = randomUUID();
    expect(
      (await reception.request("POST", "/api/calls", { channel: "visit" }, { "idempotency-key": old })).statusCode,
    ).toBe(201);
    const kept = async (key: string) =>
      (await t.current.services.database.query(`select 1 from idempotency_keys where key = $1`, [key])).length === 1;

    // Sessions expire when idle: each later write is a new morning's sign-in.
    t.current.clock.advance(6 * 24 * 3_600_000);
    reception = await t.current.signIn("reception");
    const recent = randomUUID();
    expect(
      (await reception.request("POST", "/api/calls", { channel: "visit" }, { "idempotency-key": recent })).statusCode,
    ).toBe(201);
    expect(await kept(old)).toBe(true);

    // Eight days on: the next write purges what is past its week, and keeps the rest.
    t.current.clock.advance(2 * 24 * 3_600_000);
    reception = await t.current.signIn("reception");
    const next = randomUUID();
    expect(
      (await reception.request("POST", "/api/calls", { channel: "visit" }, { "idempotency-key": next })).statusCode,
    ).toBe(201);
    expect([await kept(old), await kept(recent), await kept(next)]).toEqual([false, true, true]);
  });

  it("refuses the same key with another request (422), and keys are each sender's own", async () => {
    const reception = await t.current.signIn("reception");
    const key = randomUUID();
    const created = await reception.request("POST", "/api/calls", { channel: "visit" }, { "idempotency-key": key });
    expect(created.statusCode).toBe(201);

    const other = await reception.request("POST", "/api/calls", { channel: "phone" }, { "idempotency-key": key });
    expect(other.statusCode).toBe(422);
    expect(other.json().error).toMatchObject({
      code: "idempotency_key_reused",
      message: expect.stringContaining("clé d'idempotence"),
      details: { issues: [{ field: "Idempotency-Key", location: "headers" }] },
    });
    // Same body, another route: another request too.
    const elsewhere = await reception.request(
      "POST",
      "/api/messages",
      { forServiceId: randomUUID(), body: "Rappeler" },
      { "idempotency-key": key },
    );
    expect(elsewhere.statusCode).toBe(422);

    // Another desk that happens to send the same key writes its own line.
    const colleague = await t.current.signIn("reception", { email: "fatou@nest.sn" });
    const theirs = await colleague.request("POST", "/api/calls", { channel: "visit" }, { "idempotency-key": key });
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().id).not.toBe(created.json().id);
  });

  it("refuses a key that is not a UUID, naming the header", async () => {
    const reception = await t.current.signIn("reception");
    const response = await reception.request("POST", "/api/calls", { channel: "visit" }, { "idempotency-key": "abc" });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0]).toMatchObject({ field: "idempotency-key", location: "headers" });
    expect(response.json().error.message).toContain("UUID");
  });

  it("writes once when two requests with one key arrive together", async () => {
    const reception = await t.current.signIn("reception");
    const key = randomUUID();
    const before = await count("phone_messages");
    const services = (await reception.request("GET", "/api/services")).json().services as { id: string }[];
    const body = { forServiceId: services[0]?.id, callerName: "M. Fall", body: "Rappeler pour le devis" };
    const answers = await Promise.all(
      [1, 2, 3].map(() => reception.request("POST", "/api/messages", body, { "idempotency-key": key })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(answers.filter((a) => a.headers["idempotent-replayed"] === "true")).toHaveLength(2);
    expect(await count("phone_messages")).toBe(before + 1);
  });

  it("keeps nothing of a refused write: the duplicate prospect, once decided, is sent again with its key", async () => {
    const reception = await t.current.signIn("reception");
    const existing = await reception.request("POST", "/api/prospects", {
      lastName: "Sarr",
      firstName: "Aminata",
      phones: ["77 555 11 22"],
      origin: "phone",
      temperature: "hot",
    });
    expect(existing.statusCode, existing.body).toBe(201);

    const key = randomUUID();
    const offline = {
      lastName: "Sarr",
      firstName: "Aminata",
      phones: ["775551122"],
      origin: "phone",
      temperature: "warm",
    };
    const conflict = await reception.request("POST", "/api/prospects", offline, { "idempotency-key": key });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe("possible_duplicate");
    const keys = await count("idempotency_keys");

    // « Créer quand même »: the same key, the decision added.
    const confirmed = await reception.request(
      "POST",
      "/api/prospects",
      { ...offline, confirmDuplicate: true },
      { "idempotency-key": key },
    );
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    expect(await count("idempotency_keys")).toBe(keys + 1);
    const again = await reception.request(
      "POST",
      "/api/prospects",
      { ...offline, confirmDuplicate: true },
      { "idempotency-key": key },
    );
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json().person.id).toBe(confirmed.json().person.id);
  });

  it("forgets keys after 7 days", async () => {
    const reception = await t.current.signIn("reception");
    const old = randomUUID();
    expect(
      (await reception.request("POST", "/api/calls", { channel: "visit" }, { "idempotency-key": old })).statusCode,
    ).toBe(201);
    t.current.clock.advance(7 * 24 * 3600_000 + 60_000);
    const reception2 = await t.current.signIn("reception", { email: "khady@nest.sn" });
    await reception2.request("POST", "/api/calls", { channel: "visit" }, { "idempotency-key": randomUUID() });
    const left = await t.current.services.database.query<{ n: number }>(
      "select count(*)::int as n from idempotency_keys where key = $1",
      [old],
    );
    expect(left[0]?.n).toBe(0);
  });
});

describe("the answers kept for a retry", () => {
  it("go with the person when her record is anonymised", async () => {
    const reception = await t.current.signIn("reception");
    const key = randomUUID();
    const created = await reception.request(
      "POST",
      "/api/prospects",
      { lastName: "Thiam", firstName: "Ndeye", phones: ["77 888 12 34"], origin: "phone", temperature: "cold" },
      { "idempotency-key": key },
    );
    expect(created.statusCode, created.body).toBe(201);
    const manager = await t.current.signIn("prospects_manager");
    const anonymized = await manager.request("POST", `/api/people/${created.json().person.id}/anonymize`, {
      reason: "request",
      confirmName: "Ndeye Thiam",
    });
    expect(anonymized.statusCode, anonymized.body).toBe(200);
    const kept = await t.current.services.database.query<{ n: number }>(
      "select count(*)::int as n from idempotency_keys where key = $1",
      [key],
    );
    expect(kept[0]?.n).toBe(0);
  });
});
