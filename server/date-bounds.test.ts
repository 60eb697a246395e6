import { describe, expect, it } from "vitest";
import { typedDayOutOfBounds } from "../shared/schemas.ts";
import { parseRow } from "./modules/people/import/parse-row.ts";
import { formatDay, formatDayTime } from "./modules/quotes/format.ts";
import { readSettings } from "./modules/settings/settings.ts";
import { setupTestApp } from "./test/app.ts";
import { buildProspect, prospectRequest } from "./test/factories.ts";

// Late evening in Dakar (UTC+0): the clinic's today is 2 March 2026.
const t = setupTestApp({ now: "2026-03-02T23:30:00Z" });

const newProspect = (overrides: Record<string, unknown> = {}) =>
  prospectRequest({ confirmDuplicate: true, ...overrides });

const refusal = (response: { statusCode: number; json: () => { error: { code: string; details: unknown } } }) => {
  const { error } = response.json();
  const issues = (error.details as { issues?: { field: string }[] } | undefined)?.issues ?? [];
  return [response.statusCode, issues[0]?.field];
};

describe("the days a person types are bounded the same way everywhere", () => {
  it("refuses a prospect's first contact before 1990 or more than 7 days ahead, and a birth date before 1900 or after today", async () => {
    const reception = await t.current.signIn("reception");
    for (const [field, day] of [
      ["firstContactDate", "0001-01-01"],
      ["firstContactDate", "1000-01-01"],
      ["firstContactDate", "1989-12-31"],
      ["firstContactDate", "2026-03-10"],
      ["birthDate", "1899-12-31"],
      ["birthDate", "2026-03-03"],
      ["birthDate", "3000-01-01"],
      ["birthDate", "9999-12-31"],
    ] as const) {
      const response = await reception.request("POST", "/api/prospects", newProspect({ [field]: day }));
      expect([day, ...refusal(response)]).toEqual([day, 400, field]);
    }
    const weekAhead = await reception.request(
      "POST",
      "/api/prospects",
      newProspect({ firstContactDate: "2026-03-09" }),
    );
    expect(weekAhead.statusCode).toBe(201);
    const oldest = await reception.request(
      "POST",
      "/api/prospects",
      newProspect({ firstContactDate: "1990-01-01", birthDate: "1900-01-01" }),
    );
    expect(oldest.statusCode).toBe(201);
    const born = await reception.request("POST", "/api/prospects", newProspect({ birthDate: "2026-03-02" }));
    expect(born.statusCode).toBe(201);
    const message = (await reception.request("POST", "/api/prospects", newProspect({ birthDate: "2026-03-05" }))).json()
      .error.message;
    expect(message).toBe("La date de naissance doit être comprise entre le 01/01/1900 et aujourd'hui.");
  });

  it("refuses the same on changes, on patients, on interactions and in the holidays", async () => {
    const { signIn, system } = t.current;
    const reception = await signIn("reception");
    const prospect = await buildProspect(system);
    const change = await reception.request("PATCH", `/api/prospects/${prospect.id}`, {
      version: prospect.version,
      firstContactDate: "2026-03-10",
    });
    expect(refusal(change)).toEqual([400, "firstContactDate"]);
    const patient = await reception.request("POST", "/api/patients", {
      lastName: "Sarr",
      firstName: "Awa",
      ehrCreatedOn: "0001-01-01",
    });
    expect(refusal(patient)).toEqual([400, "ehrCreatedOn"]);
    const interaction = await reception.request("POST", `/api/prospects/${prospect.id}/interactions`, {
      channel: "phone_in",
      occurredAt: "0001-01-01T10:00:00Z",
    });
    expect(refusal(interaction)).toEqual([400, "occurredAt"]);

    const admin = await signIn("admin");
    const { version, settings } = (await admin.request("GET", "/api/settings")).json();
    const holidays = [{ date: "0001-01-01", label: "Jour de l'an" }];
    const saved = await admin.request("PUT", "/api/settings", { version, settings: { ...settings, holidays } });
    expect(refusal(saved)).toEqual([400, "settings.holidays.0.date"]);
  });

  it("refuses the same in an import, the row's error naming the column", async () => {
    const { settings } = await readSettings(t.current.services.database.db);
    const fieldsRefused = (cells: Record<string, string>) => {
      const result = parseRow(7, (column) => cells[column] ?? null, "prospect", settings, "2026-03-02");
      return result.errors.filter((e) => e.field.startsWith("date_")).map((e) => [e.line, e.field, e.reason]);
    };
    expect(fieldsRefused({ date_naissance: "01/01/3000", date_creation: "01/01/0001" })).toEqual([
      [7, "date_naissance", "date hors limites (« 01/01/3000 »)"],
      [7, "date_creation", "date hors limites (« 01/01/0001 »)"],
    ]);
    expect(fieldsRefused({ date_naissance: "2026-03-03", date_creation: "1989-12-31" })).toEqual([
      [7, "date_naissance", "date de naissance hors limites (1900 à aujourd'hui)"],
      [7, "date_creation", "date hors limites (1990 à aujourd'hui + 7 jours)"],
    ]);
    expect(fieldsRefused({ date_naissance: "1900-01-01", date_creation: "03/03/2026" })).toEqual([]);
  });

  it("has one definition shared by the API and the importer", () => {
    expect(typedDayOutOfBounds("2026-03-09", "contact", "2026-03-02")).toBeNull();
    expect(typedDayOutOfBounds("2026-03-10", "contact", "2026-03-02")).toMatch(/hors limites/);
    expect(typedDayOutOfBounds("2026-03-03", "birth", "2026-03-02")).toMatch(/naissance/);
    expect(typedDayOutOfBounds("1900-01-01", "birth", "2026-03-02")).toBeNull();
  });

  it("prints a year-1 day as 01/01/0001 in every export (one day format)", async () => {
    const { signIn, system, services } = t.current;
    const prospect = await buildProspect(system, { lastName: "Anneeun" });
    await services.database.query("update people set birth_date = '0001-01-01' where id = $1", [prospect.id]);
    const manager = await signIn("prospects_manager");
    const response = await manager.request(
      "GET",
      "/api/prospects/export?format=csv&q=Anneeun&columns=lastName,birthDate",
    );
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("01/01/0001");
    expect(formatDay("0001-01-01")).toBe("01/01/0001");
    expect(formatDayTime(new Date("0001-01-01T10:05:00Z"), "UTC")).toBe("01/01/0001 10:05");
    expect(formatDayTime(new Date("2026-03-02T23:30:00Z"), "Europe/Paris")).toBe("03/03/2026 00:30");
  });
});
