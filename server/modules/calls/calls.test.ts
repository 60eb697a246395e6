import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { type Client, setupTestApp } from "../../test/app.ts";
import { buildProspect, buildUser } from "../../test/factories.ts";
import { createInteraction } from "../interactions/interactions.ts";
import { readSettings, updateSettings } from "../settings/settings.ts";
import type { CallView, EndOfDay } from "./call.schema.ts";

// Monday 2 March 2026, 09:00 in Dakar (UTC+0 all year).
const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });

async function services(client: Client) {
  const response = await client.request("GET", "/api/services");
  expect(response.statusCode).toBe(200);
  return response.json().services as { id: string; name: string }[];
}

async function newCall(client: Client, body: Record<string, unknown>): Promise<CallView> {
  const response = await client.request("POST", "/api/calls", body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const list = async (client: Client, query: string) => {
  const response = await client.request("GET", `/api/calls?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { items: CallView[]; total: number };
};

describe("the call register", () => {
  it("logs a call half-done, then completes it later (the paper-notebook case)", async () => {
    const reception = await t.current.signIn("reception");
    const prospect = await buildProspect(t.current.system);
    const call = await newCall(reception, {
      channel: "phone",
      phone: "77 123 45 67",
      callerName: "Mme Ndiaye",
      receivedAt: "2026-03-02T08:40:00Z",
    });
    expect(call).toMatchObject({
      channel: "phone",
      phone: "+221771234567",
      callerName: "Mme Ndiaye",
      receivedAt: "2026-03-02T08:40:00.000Z",
      outcome: null,
      closedAt: null,
      personId: null,
      person: null,
      holdSeconds: 0,
      version: 1,
    });
    expect(call.answeredBy?.id).toBe(reception.userId);
    expect(call.answeredBy?.name).toMatch(/^Awa Diop/);

    t.current.clock.advance(30 * 60_000);
    const completed = await reception.request("PATCH", `/api/calls/${call.id}`, {
      version: 1,
      request: "Tarifs de l'accouchement",
      cameBefore: false,
      personId: prospect.id,
      outcome: "answered",
      holdSeconds: 45,
    });
    expect(completed.statusCode, completed.body).toBe(200);
    expect(completed.json()).toMatchObject({
      request: "Tarifs de l'accouchement",
      cameBefore: false,
      outcome: "answered",
      closedAt: "2026-03-02T09:30:00.000Z",
      holdSeconds: 45,
      personId: prospect.id,
      person: { id: prospect.id, kind: "prospect", lastName: prospect.lastName, firstName: prospect.firstName },
      version: 2,
    });

    const read = await reception.request("GET", `/api/calls/${call.id}`);
    expect(read.json().version).toBe(2);

    const audit = await (await t.current.signIn("admin")).request("GET", `/api/audit?entityId=${call.id}`);
    expect(
      audit
        .json()
        .events.map((e: { action: string }) => e.action)
        .sort(),
    ).toEqual(["call.create", "call.update"]);
  });

  it("records a visit without a number, and refuses an invalid phone naming the field", async () => {
    const reception = await t.current.signIn("reception");
    const visit = await newCall(reception, { channel: "visit", callerName: "M. Fall" });
    expect(visit).toMatchObject({ channel: "visit", phone: null, receivedAt: t.current.clock.now().toISOString() });

    const bad = await reception.request("POST", "/api/calls", { channel: "phone", phone: "12ab" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].field).toBe("phone");
    expect(bad.json().error.message).toContain("phone");

    const badPatch = await reception.request("PATCH", `/api/calls/${visit.id}`, { version: 1, phone: "123" });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json().error.details.issues[0].field).toBe("phone");

    const future = await reception.request("POST", "/api/calls", {
      channel: "phone",
      receivedAt: "2026-03-03T09:00:00Z",
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.details.issues[0].field).toBe("receivedAt");
  });

  it("requires a target for a transferred call, and checks the ids it is given", async () => {
    const reception = await t.current.signIn("reception");
    const [service] = await services(reception);
    const call = await newCall(reception, { channel: "phone", phone: "+221 76 000 00 01" });

    const noTarget = await reception.request("PATCH", `/api/calls/${call.id}`, { version: 1, outcome: "transferred" });
    expect(noTarget.statusCode).toBe(400);
    expect(noTarget.json().error.details.issues[0].field).toBe("transferServiceId");

    const unknownService = await reception.request("PATCH", `/api/calls/${call.id}`, {
      version: 1,
      outcome: "transferred",
      transferServiceId: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknownService.statusCode).toBe(400);
    expect(unknownService.json().error.details.issues[0].field).toBe("transferServiceId");

    const unknownPerson = await reception.request("PATCH", `/api/calls/${call.id}`, {
      version: 1,
      personId: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknownPerson.statusCode).toBe(400);
    expect(unknownPerson.json().error.details.issues[0].field).toBe("personId");

    const colleague = await buildUser(t.current.system, { role: "medical_secretary" });
    const toPerson = await reception.request("PATCH", `/api/calls/${call.id}`, {
      version: 1,
      outcome: "transferred",
      transferUserId: colleague.id,
    });
    expect(toPerson.statusCode, toPerson.body).toBe(200);
    expect(toPerson.json()).toMatchObject({ outcome: "transferred", transferUserId: colleague.id });

    const toService = await reception.request("PATCH", `/api/calls/${call.id}`, {
      version: 2,
      transferUserId: null,
      transferServiceId: service?.id,
    });
    expect(toService.json()).toMatchObject({ transferServiceId: service?.id, transferUserId: null });
  });

  it("links an interaction only of the linked record", async () => {
    const reception = await t.current.signIn("reception");
    const [a, b] = [await buildProspect(t.current.system), await buildProspect(t.current.system)];
    const interaction = await createInteraction(t.current.system, "prospect", a.id, {
      channel: "phone_in",
      requestTypes: [],
      documentsSent: [],
    });
    const call = await newCall(reception, { channel: "phone", personId: b.id });

    const wrong = await reception.request("PATCH", `/api/calls/${call.id}`, {
      version: 1,
      interactionId: interaction.id,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.issues[0].field).toBe("interactionId");

    const right = await reception.request("PATCH", `/api/calls/${call.id}`, {
      version: 1,
      personId: a.id,
      interactionId: interaction.id,
    });
    expect(right.statusCode, right.body).toBe(200);
    expect(right.json()).toMatchObject({ personId: a.id, interactionId: interaction.id });

    // Given alone on an unlinked line, the interaction links its record.
    const other = await newCall(reception, { channel: "phone", interactionId: interaction.id });
    expect(other).toMatchObject({ personId: a.id, interactionId: interaction.id });
  });

  it("refuses a stale version (409)", async () => {
    const reception = await t.current.signIn("reception");
    const call = await newCall(reception, { channel: "phone" });
    expect((await reception.request("PATCH", `/api/calls/${call.id}`, { version: 1, notes: "a" })).statusCode).toBe(
      200,
    );
    const stale = await reception.request("PATCH", `/api/calls/${call.id}`, { version: 1, notes: "b" });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe("version_conflict");
    const staleResume = await reception.request("POST", `/api/calls/${call.id}/resume`, {
      version: 1,
      outcome: "answered",
    });
    expect(staleResume.statusCode).toBe(409);
  });

  it("lets a viewer read the register but not write in it (403)", async () => {
    const viewer = await t.current.signIn("viewer");
    expect((await viewer.request("POST", "/api/calls", { channel: "phone" })).statusCode).toBe(403);
    expect((await viewer.request("GET", "/api/calls?day=2026-03-02")).statusCode).toBe(200);
    expect((await viewer.request("GET", "/api/staff")).statusCode).toBe(200);
  });

  it("lists active staff and services for transfers and messages", async () => {
    const reception = await t.current.signIn("reception");
    const viewer = await t.current.signIn("viewer");
    const staff = (await reception.request("GET", "/api/staff")).json().users as { id: string; role: string }[];
    expect(staff.some((u) => u.id === reception.userId)).toBe(true);
    // A viewer cannot acknowledge a message (no calls.write): never offered as a recipient.
    expect(staff.some((u) => u.id === viewer.userId)).toBe(false);
    expect(staff.filter((u) => u.role === "viewer")).toEqual([]);
    const list = await services(reception);
    expect(list.length).toBeGreaterThan(0);
    expect(list[0]).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      greetingName: expect.anything(),
      active: true,
    });
  });
});

describe("resuming a line", () => {
  it("resumes a line to resume once, keeps who and when, and adds the note", async () => {
    const reception = await t.current.signIn("reception");
    const call = await newCall(reception, { channel: "phone", outcome: "to_resume", notes: "Rappeler la patiente" });
    expect(call.closedAt).not.toBeNull();

    const resumed = await reception.request("POST", `/api/calls/${call.id}/resume`, {
      version: 1,
      outcome: "answered",
      notes: "Rappelée, rendez-vous donné",
    });
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json()).toMatchObject({
      outcome: "answered",
      resumedAt: t.current.clock.now().toISOString(),
      resumedBy: { id: reception.userId },
      notes: "Rappeler la patiente\nReprise : Rappelée, rendez-vous donné",
      version: 2,
    });

    const again = await reception.request("POST", `/api/calls/${call.id}/resume`, { version: 2, outcome: "answered" });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("call_already_resumed");
    expect(again.json().error.message).toContain("déjà été reprise par Awa");
  });

  it("resumes a line as transferred only with the service or person it went to", async () => {
    const reception = await t.current.signIn("reception");
    const [service] = await services(reception);
    const call = await newCall(reception, { channel: "phone", outcome: "call_back_later" });
    const noTarget = await reception.request("POST", `/api/calls/${call.id}/resume`, {
      version: 1,
      outcome: "transferred",
    });
    expect(noTarget.statusCode).toBe(400);
    expect(noTarget.json().error.details.issues[0].field).toBe("transferServiceId");
    const resumed = await reception.request("POST", `/api/calls/${call.id}/resume`, {
      version: 1,
      outcome: "transferred",
      transferServiceId: service?.id,
    });
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json()).toMatchObject({ outcome: "transferred", transferServiceId: service?.id, version: 2 });
  });

  it("resumes a line without outcome, refuses a line already answered", async () => {
    const reception = await t.current.signIn("reception");
    const open = await newCall(reception, { channel: "phone" });
    const resumed = await reception.request("POST", `/api/calls/${open.id}/resume`, {
      version: 1,
      outcome: "message_left",
    });
    expect(resumed.json()).toMatchObject({ outcome: "message_left", resumedBy: { id: reception.userId } });

    const answered = await newCall(reception, { channel: "phone", outcome: "answered" });
    const refused = await reception.request("POST", `/api/calls/${answered.id}/resume`, {
      version: 1,
      outcome: "answered",
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe("call_not_resumable");
    expect(refused.json().error.message).toMatch(/pas à reprendre/);

    const missing = await reception.request("POST", "/api/calls/00000000-0000-4000-8000-000000000000/resume", {
      version: 1,
      outcome: "answered",
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe("days, filters and the end of the day", () => {
  it("files calls by the clinic's day, filters open lines and outcomes, and lists the end-of-day work", async () => {
    const { app, clock } = t.current;
    clock.set("2026-04-02T10:00:00Z");
    const reception = await t.current.signIn("reception");
    const other = await t.current.signIn("reception");
    const prospect = await buildProspect(t.current.system);
    const late = await newCall(reception, {
      channel: "phone",
      receivedAt: "2026-04-01T23:30:00Z",
      outcome: "to_resume",
    });
    const answered = await newCall(reception, {
      channel: "phone",
      receivedAt: "2026-04-02T08:00:00Z",
      outcome: "answered",
      personId: prospect.id,
    });
    const callBack = await newCall(other, {
      channel: "phone",
      receivedAt: "2026-04-02T09:00:00Z",
      outcome: "call_back_later",
    });
    const inProgress = await newCall(other, { channel: "visit", receivedAt: "2026-04-02T09:30:00Z" });
    const resumed = await newCall(reception, {
      channel: "phone",
      receivedAt: "2026-04-02T09:45:00Z",
      outcome: "to_resume",
    });
    await reception.request("POST", `/api/calls/${resumed.id}/resume`, { version: 1, outcome: "answered" });

    // 23:30 UTC on the 1st is the 1st in Dakar (UTC+0).
    expect((await list(reception, "day=2026-04-01")).items.map((c) => c.id)).toEqual([late.id]);
    const day = await list(reception, "day=2026-04-02");
    expect(day.total).toBe(4);
    // Newest first.
    expect(day.items.map((c) => c.id)).toEqual([resumed.id, inProgress.id, callBack.id, answered.id]);

    const open = await list(reception, "day=2026-04-02&open=true");
    expect(open.items.map((c) => c.id).sort()).toEqual([inProgress.id, callBack.id].sort());
    const closed = await list(reception, "day=2026-04-02&open=false");
    expect(closed.items.map((c) => c.id).sort()).toEqual([answered.id, resumed.id].sort());
    expect((await list(reception, "day=2026-04-02&outcome=none")).items.map((c) => c.id)).toEqual([inProgress.id]);
    expect((await list(reception, "day=2026-04-02&outcome=answered")).total).toBe(2);
    expect((await list(reception, `day=2026-04-02&answeredBy=${other.userId}`)).total).toBe(2);
    const paged = await list(reception, "day=2026-04-02&page=2&pageSize=3");
    expect([paged.total, paged.items.map((c) => c.id)]).toEqual([4, [answered.id]]);

    const eod = await reception.request("GET", "/api/calls/end-of-day?day=2026-04-02");
    expect(eod.statusCode, eod.body).toBe(200);
    const body: EndOfDay = eod.json();
    expect(body.day).toBe("2026-04-02");
    expect(body.toResume.map((c) => c.id)).toEqual([callBack.id, inProgress.id]);
    expect(body.unlinked.map((c) => c.id)).toEqual([callBack.id, inProgress.id, resumed.id]);
    // Without a day: today in the clinic's time zone.
    expect((await reception.request("GET", "/api/calls/end-of-day")).json().day).toBe("2026-04-02");
    expect(
      (await app.inject({ method: "GET", url: "/api/calls?day=2026-02-30", headers: { cookie: reception.cookie } }))
        .statusCode,
    ).toBe(400);
  });

  it("uses the clinic's time zone from the settings", async () => {
    const { system, clock } = t.current;
    clock.set("2026-05-02T10:00:00Z");
    const reception = await t.current.signIn("reception");
    // 23:30 UTC on 1 May is 2 May, 01:30 in Paris (UTC+2 in summer).
    const call = await newCall(reception, { channel: "phone", receivedAt: "2026-05-01T23:30:00Z" });
    expect((await list(reception, "day=2026-05-01")).items.map((c) => c.id)).toContain(call.id);
    const { version, settings } = await readSettings(system.database.db);
    await updateSettings(system, { version, settings: { ...settings, timeZone: "Europe/Paris" } });
    try {
      expect((await list(reception, "day=2026-05-01")).items.map((c) => c.id)).not.toContain(call.id);
      expect((await list(reception, "day=2026-05-02")).items.map((c) => c.id)).toContain(call.id);

      const exported = await reception.request("GET", "/api/calls/export?day=2026-05-02");
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
      const time = workbook.worksheets[0]?.getRow(2).getCell(1).value as Date;
      expect([time.getUTCHours(), time.getUTCMinutes()]).toEqual([1, 30]);
    } finally {
      const current = await readSettings(system.database.db);
      await updateSettings(system, {
        version: current.version,
        settings: { ...current.settings, timeZone: "Africa/Dakar" },
      });
    }
  });

  it("exports the day's register as XLSX with French headers", async () => {
    const { clock } = t.current;
    clock.set("2026-06-03T12:00:00Z");
    const reception = await t.current.signIn("reception");
    const [service] = await services(reception);
    await newCall(reception, {
      channel: "phone",
      receivedAt: "2026-06-03T08:15:00Z",
      phone: "771234567",
      callerName: "Mme Sow",
      request: "Suivi de grossesse",
      outcome: "transferred",
      transferServiceId: service?.id,
    });
    await newCall(reception, { channel: "visit", receivedAt: "2026-06-03T10:05:00Z", outcome: "to_resume" });
    await newCall(reception, { channel: "visit", receivedAt: "2026-06-02T23:55:00Z" });

    const response = await reception.request("GET", "/api/calls/export?day=2026-06-03");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("spreadsheetml");
    expect(response.headers["content-disposition"]).toBe('attachment; filename="registre-appels-2026-06-03.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error("no sheet");
    expect(sheet.rowCount).toBe(3);
    const header = sheet.getRow(1).values as unknown[];
    expect(header.slice(1, 6)).toEqual(["Heure", "Canal", "Numéro", "Appelant", "Fiche liée"]);
    const first = sheet.getRow(2);
    expect((first.getCell(1).value as Date).toISOString()).toBe("2026-06-03T08:15:00.000Z");
    expect(first.getCell(2).value).toBe("Téléphone");
    expect(first.getCell(3).value).toBe("+221 77 123 45 67");
    expect(first.getCell(4).value).toBe("Mme Sow");
    expect(first.getCell(10).value).toBe("Transféré");
    expect(first.getCell(11).value).toBe(service?.name);
    expect(sheet.getRow(3).getCell(10).value).toBe("À reprendre");
  });
});
