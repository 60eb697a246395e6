import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Client } from "../../test/app.ts";
import { setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { createInteraction } from "../interactions/interactions.ts";

const NOW = "2026-03-31T10:00:00Z";
const t = setupTestApp({ now: NOW });
const DAY = 86_400_000;
let viewer: Client;
/** Bulk exports are management's (`people.export`). */
let manager: Client;
const byDays: Record<number, string> = {};

beforeAll(async () => {
  const { system, clock } = t.current;
  viewer = await t.current.signIn("viewer");
  manager = await t.current.signIn("prospects_manager");
  // Hot prospects whose last call was 14, 15, 30 and 31 days ago: the boundaries of DESIGN §2.
  for (const days of [14, 15, 30, 31]) {
    const person = await buildProspect(system, {
      lastName: `Gueye${days}`,
      firstName: "Astou",
      origin: days % 2 ? "facebook" : "website",
      firstContactDate: "2026-01-10",
    });
    await createInteraction(system, "prospect", person.id, {
      channel: "phone_out",
      occurredAt: new Date(clock.now().getTime() - days * DAY).toISOString(),
      requestTypes: [],
      documentsSent: [],
    });
    byDays[days] = person.id;
  }
  await buildProspect(system, { lastName: "Cissé", firstName: "Rokhaya", temperature: "cold", origin: "referral" });
  await buildPatient(system, {
    lastName: "Faye",
    firstName: "Bineta",
    ehrNumber: "NEST-9001",
    ehrCreatedOn: "2026-02-01",
  });
});

const list = async (query: string) => {
  const response = await viewer.request("GET", `/api/prospects?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { items: { id: string; lastName: string; status: string }[]; total: number };
};

describe("GET /api/prospects", () => {
  it("filters by computed status, exactly at the boundaries", async () => {
    expect((await list("status=normal&temperature=hot")).items.map((p) => p.id)).toEqual([byDays[14]]);
    expect((await list("status=dormant&sort=lastName&order=asc")).items.map((p) => p.id)).toEqual([
      byDays[15],
      byDays[30],
    ]);
    expect((await list("status=lost")).items.map((p) => p.id)).toEqual([byDays[31]]);
    // The counts of a status read ranges of last contacts (statusConditionSql): the same boundaries.
    expect((await list("status=normal&temperature=hot")).total).toBe(1);
    expect((await list("status=dormant")).total).toBe(2);
    expect((await list("status=lost")).total).toBe(1);
    // Each listed status is the one the record page shows.
    for (const item of (await list("temperature=hot")).items) {
      const page = (await viewer.request("GET", `/api/prospects/${item.id}`)).json();
      expect(item.status, item.lastName).toBe(page.status);
    }
  });

  it("computes status as of another instant", async () => {
    const tenDaysAgo = new Date(Date.parse(NOW) - 10 * DAY).toISOString();
    // Ten days ago the 15-day one was 5 days old and the 31-day one 21 days old.
    const then = await list(`status=normal&temperature=hot&asOf=${encodeURIComponent(tenDaysAgo)}`);
    expect(then.items.map((p) => p.id).sort()).toEqual([byDays[14], byDays[15]].sort());
    expect(then.total).toBe(2);
    // Twenty days ago, the 14- and 15-day calls had not happened: their last contact was the first
    // contact of 10 January (lost, for a hot prospect), counted although their last call is after then.
    const before = encodeURIComponent(new Date(Date.parse(NOW) - 20 * DAY).toISOString());
    const lost = await list(`status=lost&temperature=hot&asOf=${before}`);
    expect(lost.items.map((p) => p.id).sort()).toEqual([byDays[14], byDays[15]].sort());
    expect(lost.total).toBe(2);
  });

  it("lists and counts a prospect converted by then as converted, not by its last contact", async () => {
    const { system, clock } = t.current;
    const person = await buildProspect(system, { lastName: "Mbaye", firstName: "Coumba", origin: "website" });
    await createInteraction(system, "prospect", person.id, {
      channel: "phone_out",
      occurredAt: new Date(clock.now().getTime() - 40 * DAY).toISOString(),
      requestTypes: [],
      documentsSent: [],
    });
    const lostNow = await list("status=lost&temperature=hot");
    expect(lostNow.items.map((p) => p.id).sort()).toEqual([byDays[31], person.id].sort());
    expect(lostNow.total).toBe(2);
    const convertedAt = new Date(clock.now().getTime() - 5 * DAY);
    await system.database.query("update people set converted_at = $1 where id = $2", [convertedAt, person.id]);
    const after = await list("status=lost&temperature=hot");
    expect([after.items.map((p) => p.id), after.total]).toEqual([[byDays[31]], 1]);
    expect((await list("status=converted")).items.map((p) => p.id)).toEqual([person.id]);
    // The day before its conversion it was lost (the 31-day one was then dormant).
    const before = await list(
      `status=lost&temperature=hot&asOf=${encodeURIComponent(new Date(convertedAt.getTime() - DAY).toISOString())}`,
    );
    expect([before.items.map((p) => p.id), before.total]).toEqual([[person.id], 1]);
    await system.database.query("delete from people where id = $1", [person.id]);
  });

  it("pages, sorts and filters by origin, temperature, name and creation date", async () => {
    const page1 = await list("pageSize=2&page=1&sort=lastName&order=asc");
    const page2 = await list("pageSize=2&page=2&sort=lastName&order=asc");
    expect(page1.total).toBe(5);
    expect([...page1.items, ...page2.items].map((p) => p.lastName)).toEqual(["Cissé", "Gueye14", "Gueye15", "Gueye30"]);
    expect((await list("origin=facebook")).items.map((p) => p.id).sort()).toEqual([byDays[15], byDays[31]].sort());
    expect((await list("temperature=cold")).items.map((p) => p.lastName)).toEqual(["Cissé"]);
    expect((await list("q=cisse")).items.map((p) => p.lastName)).toEqual(["Cissé"]);
    expect((await list("createdFrom=2026-03-31&createdTo=2026-03-31")).total).toBe(5);
    expect((await list("createdTo=2026-03-30")).total).toBe(0);
    const patients = (await viewer.request("GET", "/api/patients")).json();
    expect(patients.items.map((p: { lastName: string }) => p.lastName)).toEqual(["Faye"]);
  });

  it("refuses unknown filters and sort keys naming them", async () => {
    const bad = await viewer.request("GET", "/api/prospects?sort=password");
    expect([bad.statusCode, bad.json().error.details.issues[0].field]).toEqual([400, "sort"]);
    const unknown = await viewer.request("GET", "/api/prospects?colour=red");
    expect([unknown.statusCode, unknown.json().error.details.issues[0].field]).toEqual([400, "colour"]);
  });
});

describe("exports of the current view", () => {
  it("CSV: semicolons, BOM, French headers and labels, dd/mm/yyyy; audited", async () => {
    const response = await manager.request(
      "GET",
      "/api/prospects/export?format=csv&origin=facebook&sort=lastName&order=asc&columns=lastName,firstName,phones,origin,temperature,status,firstContactDate",
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/csv/);
    expect(response.headers["content-disposition"]).toBe('attachment; filename="prospects-2026-03-31.csv"');
    expect(response.body.startsWith("\ufeff")).toBe(true);
    const rows = parse(response.body.slice(1), { delimiter: ";" }) as string[][];
    expect(rows[0]).toEqual([
      "Nom",
      "Prénom",
      "Téléphones",
      "Origine",
      "Température",
      "Statut",
      "Date de premier contact",
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[3], r[4], r[5], r[6]])).toEqual([
      ["Gueye15", "Facebook", "Chaud", "En veille", "10/01/2026"],
      ["Gueye31", "Facebook", "Chaud", "Perdu", "10/01/2026"],
    ]);
    expect(rows[1]?.[2]).toMatch(/^\+2217\d{8}$/);
  });

  it("XLSX: a real workbook with date cells, read back", async () => {
    const response = await manager.request(
      "GET",
      "/api/patients/export?format=xlsx&columns=lastName,ehrNumber,ehrCreatedOn",
    );
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Patients");
    expect(sheet?.getRow(1).values).toEqual([undefined, "Nom", "Numéro de dossier", "Date de création DPI"]);
    expect(sheet?.getRow(2).getCell(2).value).toBe("NEST-9001");
    expect(sheet?.getRow(2).getCell(3).value).toEqual(new Date("2026-02-01T00:00:00Z"));
    const admin = await t.current.signIn("admin");
    const audit = (await admin.request("GET", "/api/audit?action=patient.export")).json();
    expect(audit.events[0]).toMatchObject({ actorLabel: manager.email, after: { format: "xlsx", rows: 1 } });
  });

  it("is management's: reception, the medical secretary and the viewer read records one at a time, the CRM secretary exports prospects only", async () => {
    const denied = { statusCode: 403, code: "forbidden" };
    const outcome = async (role: "reception" | "medical_secretary" | "viewer" | "crm_secretary", kind: string) => {
      const client = await t.current.signIn(role);
      const response = await client.request("GET", `/api/${kind}/export?format=csv&columns=lastName`);
      return { statusCode: response.statusCode, code: response.statusCode === 200 ? null : response.json().error.code };
    };
    for (const role of ["reception", "medical_secretary", "viewer"] as const) {
      expect(await outcome(role, "prospects"), role).toEqual(denied);
      expect(await outcome(role, "patients"), role).toEqual(denied);
    }
    expect(await outcome("crm_secretary", "prospects")).toEqual({ statusCode: 200, code: null });
    expect(await outcome("crm_secretary", "patients")).toEqual(denied);
    const admin = await t.current.signIn("admin");
    const audit = (await admin.request("GET", "/api/audit?action=patient.export")).json();
    expect(audit.events.map((e: { actorLabel: string }) => e.actorLabel)).not.toContain(viewer.email);
  });

  it("refuses an unknown column", async () => {
    const response = await manager.request("GET", "/api/prospects/export?columns=lastName,salary");
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain("colonnes inconnues : salary");
  });
});

describe("the lists' filter « Filtrer par nom ou téléphone »", () => {
  // Last in the file: these records would change the counts above.
  let mbaye: string;
  let patient: string;
  beforeAll(async () => {
    const { system } = t.current;
    mbaye = (await buildProspect(system, { lastName: "Mbaye", firstName: "Ndeye", phones: ["77 555 12 34"] })).id;
    // Same last digits but one: a suffix or an exact number must not find it.
    await buildProspect(system, { lastName: "Sow", firstName: "Mariama", phones: ["77 555 12 35"] });
    patient = (await buildPatient(system, { lastName: "Diallo", firstName: "Aïssatou", phones: ["+221 78 444 32 10"] }))
      .id;
  });

  const ids = async (kind: "prospects" | "patients", q: string) => {
    const response = await viewer.request("GET", `/api/${kind}?q=${encodeURIComponent(q)}`);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: { id: string }[] }).items.map((p) => p.id);
  };

  it("finds a phone in national or international format, and by its last digits", async () => {
    expect(await ids("prospects", "77 555 12 34")).toEqual([mbaye]);
    expect(await ids("prospects", "771234")).toEqual([]);
    expect(await ids("prospects", "+221771234")).toEqual([]);
    expect(await ids("prospects", "+221 77 555 12 34")).toEqual([mbaye]);
    expect(await ids("prospects", "00221 77-555-12-34")).toEqual([mbaye]);
    expect(await ids("prospects", "5551234")).toEqual([mbaye]);
    expect(await ids("prospects", "55 12 34")).toEqual([mbaye]);
    expect(await ids("patients", "78 444 32 10")).toEqual([patient]);
    expect(await ids("patients", "+221784443210")).toEqual([patient]);
    expect(await ids("patients", "4443210")).toEqual([patient]);
  });

  it("still finds names, and a number nobody has finds nobody", async () => {
    expect(await ids("prospects", "mbaye")).toEqual([mbaye]);
    expect(await ids("patients", "diallo")).toEqual([patient]);
    expect(await ids("prospects", "77 999 99 99")).toEqual([]);
    expect(await ids("prospects", "9999999")).toEqual([]);
    // A prospect's number is not a patient's.
    expect(await ids("patients", "77 555 12 34")).toEqual([]);
  });
});
