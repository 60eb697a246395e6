import { asc, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { auditEvents, digestMarks, interactions } from "../../db/schema/index.ts";
import { type Client, setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { mergeProspects } from "../people/merge-prospects.ts";
import { readSettings, updateSettings } from "../settings/settings.ts";
import type { Digest, DigestLine } from "./digest.schema.ts";

// Tuesday 3 March 2026, 08:00 in Dakar (UTC+0 all year): « la veille » is Monday 2 March.
const t = setupTestApp({ now: "2026-03-03T08:00:00Z" });

type Kind = "prospect" | "patient";

/** Records an interaction through the API, as a secretary does, and returns its id. */
async function interact(client: Client, kind: Kind, personId: string, body: Record<string, unknown>): Promise<string> {
  const response = await client.request("POST", `/api/${kind}s/${personId}/interactions`, {
    channel: "phone_in",
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

async function digest(client: Client, query = ""): Promise<Digest> {
  const response = await client.request("GET", `/api/digest${query ? `?${query}` : ""}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const ids = (d: Digest) => d.lines.map((line) => line.id);

async function mark(client: Client, path: "processed" | "unprocessed", interactionIds: string[]) {
  return client.request("POST", `/api/digest/${path}`, { interactionIds });
}

/** The audit events of an action, oldest first (a select without an order has none). */
async function auditOf(action: string) {
  return t.current.system.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, action))
    .orderBy(asc(auditEvents.id));
}

async function setTimeZone(timeZone: string) {
  const { db } = t.current.system.database;
  const { version, settings } = await readSettings(db);
  await updateSettings(t.current.system, { version, settings: { ...settings, timeZone } });
}

async function workbookOf(payload: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error("no sheet");
  return sheet;
}

describe("the daily digest", () => {
  it("lists yesterday's interactions with prospects and patients, oldest first, with what the manager needs", async () => {
    const { system, clock } = t.current;
    clock.set("2026-03-03T08:00:00Z");
    const secretary = await t.current.signIn("crm_secretary");
    const manager = await t.current.signIn("prospects_manager");
    const prospect = await buildProspect(system, {
      lastName: "Ndiaye",
      firstName: "Fatou",
      phones: ["77 500 00 01", "76 500 00 02"],
      temperature: "warm",
    });
    const patient = await buildPatient(system, { lastName: "Sarr", firstName: "Awa", phones: ["78 600 00 01"] });

    const onProspect = await interact(secretary, "prospect", prospect.id, {
      occurredAt: "2026-03-02T10:15:00Z",
      motive: "phone_information",
      requestTypes: ["delivery_quote", "prices"],
      comment: "Demande le prix de l'accouchement",
      documentsSent: ["Plaquette de présentation"],
      outcome: "Rappeler jeudi",
    });
    const onPatient = await interact(secretary, "patient", patient.id, {
      channel: "visit",
      occurredAt: "2026-03-02T08:30:00Z",
    });
    // The day before and today: not in yesterday's list.
    const dayBefore = await interact(secretary, "prospect", prospect.id, { occurredAt: "2026-03-01T23:59:59Z" });
    await interact(secretary, "prospect", prospect.id, { occurredAt: "2026-03-03T07:00:00Z" });
    // Entered on paper yesterday, recorded this morning: it belongs to the day it happened.
    clock.advance(30 * 60_000);
    const late = await interact(secretary, "patient", patient.id, { occurredAt: "2026-03-02T17:45:00Z" });
    await system.database.db
      .update(interactions)
      .set({ documentsRequested: true })
      .where(eq(interactions.id, onPatient));

    const list = await digest(manager);
    expect(list.day).toBe("2026-03-02");
    expect(list.processed).toBe("false");
    expect(ids(list)).toEqual([onPatient, onProspect, late]);
    expect(list.counts).toEqual({ total: 3, processed: 0, unprocessed: 3 });

    const [first, second, third] = list.lines as [DigestLine, DigestLine, DigestLine];
    expect(second).toEqual({
      id: onProspect,
      occurredAt: "2026-03-02T10:15:00.000Z",
      recordedAt: "2026-03-03T08:00:00.000Z",
      channel: "phone_in",
      motive: { code: "phone_information", label: "Appel téléphonique – demande d'informations/tarifs" },
      requestTypes: [
        { code: "delivery_quote", label: "DEVIS ACCOUCHEMENT" },
        { code: "prices", label: "TARIFS" },
      ],
      comment: "Demande le prix de l'accouchement",
      documentsSent: ["Plaquette de présentation"],
      documentsRequested: false,
      outcome: "Rappeler jeudi",
      author: { id: secretary.userId, name: expect.stringMatching(/^Awa Diop/) },
      person: {
        id: prospect.id,
        kind: "prospect",
        lastName: "Ndiaye",
        firstName: "Fatou",
        phone: "+221775000001",
        temperature: "warm",
      },
      processed: null,
    });
    expect(first).toMatchObject({
      channel: "visit",
      motive: null,
      requestTypes: [],
      documentsRequested: true,
      person: { id: patient.id, kind: "patient", phone: "+221786000001", temperature: null },
    });
    expect(third.recordedAt).toBe("2026-03-03T08:30:00.000Z");

    // The day before was left unprocessed: the manager is told, with the day to open.
    expect(list.earlier).toEqual({ since: "2026-01-31", unprocessed: 1, oldestDay: "2026-03-01" });
    const before = await digest(manager, "day=2026-03-01");
    expect(ids(before)).toEqual([dayBefore]);
  });

  it("cuts the days at midnight in Africa/Dakar: 23:59 belongs to the day, 00:00 to the next", async () => {
    const { system, clock } = t.current;
    clock.set("2026-03-12T09:00:00Z");
    const secretary = await t.current.signIn("crm_secretary");
    const manager = await t.current.signIn("prospects_manager");
    const prospect = await buildProspect(system);
    const lastMinute = await interact(secretary, "prospect", prospect.id, { occurredAt: "2026-03-10T23:59:00Z" });
    const midnight = await interact(secretary, "prospect", prospect.id, { occurredAt: "2026-03-11T00:00:00Z" });
    const firstOfDay = await interact(secretary, "prospect", prospect.id, { occurredAt: "2026-03-10T00:00:00Z" });

    expect(ids(await digest(manager, "day=2026-03-10"))).toEqual([firstOfDay, lastMinute]);
    expect(ids(await digest(manager, "day=2026-03-11"))).toEqual([midnight]);
    // No day: the clinic's yesterday, 11 March.
    expect(ids(await digest(manager))).toEqual([midnight]);
  });

  it("cuts the days in the time zone of the settings", async () => {
    const { system, clock } = t.current;
    // Paris is UTC+2 in April: 23:59 on 14 April there is 21:59 UTC, midnight is 22:00 UTC.
    clock.set("2026-04-15T22:30:00Z");
    const secretary = await t.current.signIn("crm_secretary");
    const manager = await t.current.signIn("prospects_manager");
    const prospect = await buildProspect(system);
    const lastMinute = await interact(secretary, "prospect", prospect.id, { occurredAt: "2026-04-14T21:59:00Z" });
    const midnight = await interact(secretary, "prospect", prospect.id, { occurredAt: "2026-04-14T22:00:00Z" });
    // In Dakar both are on 14 April.
    expect(ids(await digest(manager, "day=2026-04-14"))).toEqual([lastMinute, midnight]);

    await setTimeZone("Europe/Paris");
    try {
      expect(ids(await digest(manager, "day=2026-04-14"))).toEqual([lastMinute]);
      expect(ids(await digest(manager, "day=2026-04-15"))).toEqual([midnight]);
      // 00:30 on 16 April in Paris: yesterday is the 15th (it would still be the 14th in Dakar).
      expect((await digest(manager)).day).toBe("2026-04-15");

      const exported = await manager.request("GET", "/api/digest/export.xlsx?day=2026-04-14");
      expect(exported.statusCode, exported.body).toBe(200);
      const sheet = await workbookOf(exported.rawPayload);
      const time = sheet.getRow(2).getCell(1).value as Date;
      expect([time.getUTCHours(), time.getUTCMinutes()]).toEqual([23, 59]);
      expect(sheet.rowCount).toBe(2);
    } finally {
      await setTimeZone("Africa/Dakar");
    }
  });

  it("takes a processed line out of the list, keeps it under « processed », and undoes a mistaken mark", async () => {
    const { system, clock } = t.current;
    clock.set("2026-05-06T08:00:00Z");
    const secretary = await t.current.signIn("crm_secretary");
    const manager = await t.current.signIn("prospects_manager");
    const prospect = await buildProspect(system);
    const patient = await buildPatient(system);
    const a = await interact(secretary, "prospect", prospect.id, { occurredAt: "2026-05-05T09:00:00Z" });
    const b = await interact(secretary, "patient", patient.id, { occurredAt: "2026-05-05T11:00:00Z" });
    const c = await interact(secretary, "prospect", prospect.id, { occurredAt: "2026-05-05T15:00:00Z" });
    const auditsBefore = (await auditOf("digest.process")).length;

    const marked = await mark(manager, "processed", [a, b, a]);
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toEqual({ marked: 2, alreadyProcessed: 0 });

    const open = await digest(manager);
    expect(ids(open)).toEqual([c]);
    expect(open.counts).toEqual({ total: 3, processed: 2, unprocessed: 1 });
    const done = await digest(manager, "processed=true");
    expect(ids(done)).toEqual([a, b]);
    expect(done.lines[0]?.processed).toEqual({
      at: "2026-05-06T08:00:00.000Z",
      by: { id: manager.userId, name: expect.stringMatching(/^Awa Diop/) },
    });
    expect(ids(await digest(manager, "processed=all"))).toEqual([a, b, c]);

    const audits = await auditOf("digest.process");
    expect(audits).toHaveLength(auditsBefore + 1);
    expect(audits.at(-1)).toMatchObject({
      entityType: "interaction",
      actorId: manager.userId,
      after: { interactionIds: expect.arrayContaining([a, b]) },
    });

    // Marked again later, by someone else: nothing changes, the first mark stays.
    clock.advance(60 * 60_000);
    const admin = await t.current.signIn("admin");
    const again = await mark(admin, "processed", [a, c]);
    expect(again.json()).toEqual({ marked: 1, alreadyProcessed: 1 });
    const all = await digest(admin, "processed=all");
    expect(all.lines.find((line) => line.id === a)?.processed).toMatchObject({
      at: "2026-05-06T08:00:00.000Z",
      by: { id: manager.userId },
    });
    expect(all.lines.find((line) => line.id === c)?.processed).toMatchObject({
      at: "2026-05-06T09:00:00.000Z",
      by: { id: admin.userId },
    });
    expect((await mark(admin, "processed", [a, c])).json()).toEqual({ marked: 0, alreadyProcessed: 2 });
    expect(await auditOf("digest.process")).toHaveLength(auditsBefore + 2);
    expect((await digest(manager)).lines).toEqual([]);

    // Undo b: it comes back; the interaction itself is as it was.
    const undone = await mark(manager, "unprocessed", [b]);
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json()).toEqual({ unmarked: 1, notProcessed: 0 });
    expect(ids(await digest(manager))).toEqual([b]);
    expect((await mark(manager, "unprocessed", [b])).json()).toEqual({ unmarked: 0, notProcessed: 1 });
    const [unprocess] = await auditOf("digest.unprocess");
    expect(unprocess).toMatchObject({
      entityType: "interaction",
      after: { interactionIds: [b] },
      before: { marks: [{ interactionId: b, processedAt: "2026-05-06T08:00:00.000Z", processedBy: manager.userId }] },
    });
    const timeline = await manager.request("GET", `/api/patients/${patient.id}/interactions`);
    expect(timeline.json()).toEqual([expect.objectContaining({ id: b, occurredAt: "2026-05-05T11:00:00.000Z" })]);
  });

  it("refuses unknown ids (422, naming the field and listing them) and writes nothing", async () => {
    const { system, clock } = t.current;
    clock.set("2026-05-20T08:00:00Z");
    const secretary = await t.current.signIn("crm_secretary");
    const manager = await t.current.signIn("prospects_manager");
    const prospect = await buildProspect(system);
    const known = await interact(secretary, "prospect", prospect.id, { occurredAt: "2026-05-19T09:00:00Z" });
    const unknown = ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"];
    const [processBefore, unprocessBefore] = [
      (await auditOf("digest.process")).length,
      (await auditOf("digest.unprocess")).length,
    ];

    const refused = await mark(manager, "processed", [known, ...unknown]);
    expect(refused.statusCode).toBe(422);
    const { error } = refused.json();
    expect(error.code).toBe("unknown_interactions");
    expect(error.message).toContain("interactionIds");
    for (const id of unknown) expect(error.message).toContain(id);
    expect(error.details.issues[0].field).toBe("interactionIds");
    expect(error.details.unknownIds).toEqual(unknown);
    const marks = await system.database.db.select().from(digestMarks).where(eq(digestMarks.interactionId, known));
    expect(marks).toEqual([]);
    expect(ids(await digest(manager))).toEqual([known]);

    expect((await mark(manager, "processed", [known])).json()).toEqual({ marked: 1, alreadyProcessed: 0 });
    const refusedUndo = await mark(manager, "unprocessed", [known, unknown[0] as string]);
    expect(refusedUndo.statusCode).toBe(422);
    expect(refusedUndo.json().error.details.unknownIds).toEqual([unknown[0]]);
    expect(ids(await digest(manager, "processed=true"))).toEqual([known]);
    expect(await auditOf("digest.process")).toHaveLength(processBefore + 1);
    expect(await auditOf("digest.unprocess")).toHaveLength(unprocessBefore);

    // Shape errors: 400 naming the field.
    for (const body of [
      { interactionIds: [] },
      { interactionIds: ["not-a-uuid"] },
      { interactionIds: Array.from({ length: 501 }, () => known) },
      {},
    ]) {
      const response = await manager.request("POST", "/api/digest/processed", body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(response.json().error.details.issues[0].field).toMatch(/^interactionIds/);
    }
    expect((await manager.request("GET", "/api/digest?day=2026-02-30")).statusCode).toBe(400);
    expect((await manager.request("GET", "/api/digest?processed=maybe")).statusCode).toBe(400);
  });

  it("counts the unprocessed interactions left behind in the 30 days before the day", async () => {
    const { system, clock } = t.current;
    clock.set("2026-07-15T08:00:00Z");
    const secretary = await t.current.signIn("crm_secretary");
    const manager = await t.current.signIn("prospects_manager");
    const prospect = await buildProspect(system);
    // Older than the 30 days before 14 July: not counted.
    await interact(secretary, "prospect", prospect.id, { occurredAt: "2026-06-13T23:59:00Z" });
    const oldest = await interact(secretary, "prospect", prospect.id, { occurredAt: "2026-06-14T00:00:00Z" });
    const processed = await interact(secretary, "prospect", prospect.id, { occurredAt: "2026-07-10T09:00:00Z" });
    const leftBehind = await interact(secretary, "prospect", prospect.id, { occurredAt: "2026-07-13T23:59:00Z" });
    await interact(secretary, "prospect", prospect.id, { occurredAt: "2026-07-14T09:00:00Z" });
    await mark(manager, "processed", [processed]);

    expect((await digest(manager)).earlier).toEqual({ since: "2026-06-14", unprocessed: 2, oldestDay: "2026-06-14" });
    await mark(manager, "processed", [oldest]);
    expect((await digest(manager)).earlier).toEqual({ since: "2026-06-14", unprocessed: 1, oldestDay: "2026-07-13" });
    await mark(manager, "processed", [leftBehind]);
    expect((await digest(manager)).earlier).toEqual({ since: "2026-06-14", unprocessed: 0, oldestDay: null });
  });

  it("lists the interactions of a merged record under the record kept", async () => {
    const { system, clock } = t.current;
    clock.set("2026-08-04T08:00:00Z");
    const secretary = await t.current.signIn("crm_secretary");
    const manager = await t.current.signIn("prospects_manager");
    const keep = await buildProspect(system, { lastName: "Faye", firstName: "Aïssatou" });
    const duplicate = await buildProspect(system, { lastName: "Faye", firstName: "Aissatou" });
    const onDuplicate = await interact(secretary, "prospect", duplicate.id, { occurredAt: "2026-08-03T10:00:00Z" });
    await mergeProspects(system, {
      keepId: keep.id,
      keepVersion: keep.version,
      mergeId: duplicate.id,
      mergeVersion: duplicate.version,
    });
    const [line] = (await digest(manager)).lines;
    expect(line).toMatchObject({ id: onDuplicate, person: { id: keep.id, firstName: "Aïssatou" } });
  });

  it("exports the lines of the filter as XLSX, French headers, clinic wall-clock times", async () => {
    const { system, clock } = t.current;
    clock.set("2026-06-03T12:00:00Z");
    const secretary = await t.current.signIn("crm_secretary");
    const manager = await t.current.signIn("prospects_manager");
    const prospect = await buildProspect(system, {
      lastName: "Sow",
      firstName: "Mariama",
      phones: ["771234567"],
      temperature: "hot",
    });
    const patient = await buildPatient(system, { lastName: "Ba", firstName: "Khady" });
    await interact(secretary, "prospect", prospect.id, {
      occurredAt: "2026-06-02T08:15:00Z",
      motive: "phone_information",
      requestTypes: ["programme_info", "prices"],
      comment: "Intéressée par le Programme NEST",
      documentsSent: ["Flyer Programme NEST", "Grille tarifaire"],
      outcome: "Documentation envoyée",
    });
    const second = await interact(secretary, "patient", patient.id, {
      channel: "email",
      occurredAt: "2026-06-02T16:40:00Z",
    });
    await mark(manager, "processed", [second]);

    const response = await manager.request("GET", "/api/digest/export.xlsx?day=2026-06-02");
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toContain("spreadsheetml");
    expect(response.headers["content-disposition"]).toBe('attachment; filename="suivi-quotidien-2026-06-02.xlsx"');
    const sheet = await workbookOf(response.rawPayload);
    expect(sheet.rowCount).toBe(2);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      "Heure",
      "Fiche",
      "Type",
      "Téléphone",
      "Température",
      "Canal",
      "Motif",
      "Types de demande",
      "Commentaire",
      "Documents envoyés",
      "Documentation demandée",
      "Suite donnée",
      "Saisi par",
      "Saisi le",
      "Traité le",
      "Traité par",
    ]);
    const row = sheet.getRow(2);
    expect((row.getCell(1).value as Date).toISOString()).toBe("2026-06-02T08:15:00.000Z");
    expect((row.values as unknown[]).slice(2, 14)).toEqual([
      "Sow Mariama",
      "Prospect",
      "+221 77 123 45 67",
      "Chaud",
      "Appel entrant",
      "Appel téléphonique – demande d'informations/tarifs",
      "INFOS PROGRAMME, TARIFS",
      "Intéressée par le Programme NEST",
      "Flyer Programme NEST, Grille tarifaire",
      "Non",
      "Documentation envoyée",
      expect.stringMatching(/^Awa Diop/),
    ]);
    expect((row.getCell(14).value as Date).toISOString()).toBe("2026-06-03T12:00:00.000Z");
    expect(row.getCell(15).value).toBeNull();

    const all = await manager.request("GET", "/api/digest/export.xlsx?day=2026-06-02&processed=all");
    expect(all.headers["content-disposition"]).toBe('attachment; filename="suivi-quotidien-2026-06-02-toutes.xlsx"');
    const allSheet = await workbookOf(all.rawPayload);
    expect(allSheet.rowCount).toBe(3);
    const processedRow = allSheet.getRow(3);
    expect(processedRow.getCell(3).value).toBe("Patient");
    expect(processedRow.getCell(6).value).toBe("E-mail");
    expect((processedRow.getCell(15).value as Date).toISOString()).toBe("2026-06-03T12:00:00.000Z");
    expect(processedRow.getCell(16).value).toMatch(/^Awa Diop/);

    const [exportEvent] = (await auditOf("digest.export")).slice(-1);
    expect(exportEvent).toMatchObject({
      actorId: manager.userId,
      after: { day: "2026-06-02", processed: "all", rows: 2 },
    });
  });

  it("is for the prospects manager and the admin only", async () => {
    const { system, clock } = t.current;
    clock.set("2026-09-02T08:00:00Z");
    const secretary = await t.current.signIn("crm_secretary");
    const prospect = await buildProspect(system);
    const id = await interact(secretary, "prospect", prospect.id, { occurredAt: "2026-09-01T09:00:00Z" });
    for (const role of ["reception", "crm_secretary", "medical_secretary", "viewer"] as const) {
      const client = await t.current.signIn(role);
      expect((await client.request("GET", "/api/digest")).statusCode, role).toBe(403);
      expect((await client.request("GET", "/api/digest/export.xlsx")).statusCode, role).toBe(403);
      expect((await mark(client, "processed", [id])).statusCode, role).toBe(403);
      expect((await mark(client, "unprocessed", [id])).statusCode, role).toBe(403);
    }
    for (const role of ["prospects_manager", "admin"] as const) {
      const client = await t.current.signIn(role);
      expect(ids(await digest(client)), role).toEqual([id]);
    }
  });
});
