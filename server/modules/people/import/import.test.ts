import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../../../shared/limits.ts";
import { people } from "../../../db/schema/index.ts";
import { type Client, setupTestApp } from "../../../test/app.ts";
import { importPeople } from "./import-people.ts";
import { openTable, TooManyRows } from "./read-table.ts";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", name));
const HEADER = "nom;prenom;telephone;date_naissance;date_creation;origine;temperature;email";

// After the sample's latest creation day (11 December 2026): the importer refuses days after tomorrow.
const t = setupTestApp({ now: "2026-12-12T09:00:00Z" });

/** Posts a file as the web app does (multipart field "file"). */
async function upload(client: Client, kind: "prospects" | "patients", bytes: Buffer, query = "") {
  const boundary = "----relais-test-boundary";
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="import.csv"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return client.request("POST", `/api/import/${kind}${query}`, body, {
    "content-type": `multipart/form-data; boundary=${boundary}`,
  });
}

const countPeople = async () => (await t.current.services.database.db.select({ id: people.id }).from(people)).length;

describe("importing the legacy prospect table and the EHR export (samples)", () => {
  it("loads the CSV: 252 created, 12 legacy duplicates flagged, 4 rows refused with line, field and reason", async () => {
    const manager = await t.current.signIn("prospects_manager");
    const dry = await upload(manager, "prospects", fixture("tableau-suivi-prospects.csv"), "?dryRun=true");
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, rows: 256, created: 252, rejected: 4 });
    expect(await countPeople()).toBe(0);

    const response = await upload(manager, "prospects", fixture("tableau-suivi-prospects.csv"));
    expect(response.json()).toMatchObject({
      format: "csv",
      rows: 256,
      created: 252,
      updated: 0,
      unchanged: 0,
      rejected: 4,
      flaggedDuplicates: 12,
    });
    expect(response.json().errors).toEqual([
      { line: 254, field: "telephone", reason: "numéro trop court (« 77 12 34 »)" },
      { line: 255, field: "date_naissance", reason: "date inexistante (« 31/02/1991 »)" },
      { line: 256, field: "nom", reason: "valeur obligatoire manquante" },
      { line: 257, field: "email", reason: "adresse e-mail invalide (« adja.sow@ »)" },
      { line: 257, field: "temperature", reason: "température inconnue (« Brûlant ») : chaud, tiède ou froid" },
    ]);
    expect(await countPeople()).toBe(252);
    // A legacy duplicate is its own record, flagged, with its own creation date.
    const flagged = (await manager.request("GET", "/api/prospects?possibleDuplicate=true&pageSize=50")).json();
    expect(flagged.total).toBe(12);
  });

  it("changes nothing when the same table is imported again, as CSV or as XLSX with date cells", async () => {
    const manager = await t.current.signIn("prospects_manager");
    const again = await upload(manager, "prospects", fixture("tableau-suivi-prospects.csv"));
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 252, rejected: 4 });
    const xlsx = await upload(manager, "prospects", fixture("tableau-suivi-prospects.xlsx"));
    expect(xlsx.json()).toMatchObject({ format: "xlsx", created: 0, updated: 0, unchanged: 252, rejected: 4 });
    expect(await countPeople()).toBe(252);
  });

  it("still recognises a legacy duplicate after it was merged: re-importing creates nothing", async () => {
    const manager = await t.current.signIn("prospects_manager");
    const flagged = (await manager.request("GET", "/api/prospects?possibleDuplicate=true&pageSize=1")).json().items[0];
    const [original] = (
      await manager.request("GET", `/api/duplicates?phone=${encodeURIComponent(flagged.phones[0])}`)
    ).json().matches;
    const merged = await manager.request("POST", `/api/prospects/${original.id}/merge`, {
      version: (await manager.request("GET", `/api/prospects/${original.id}`)).json().version,
      mergeId: flagged.id,
      mergeVersion: flagged.version,
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().possibleDuplicate).toBe(false);
    const again = await upload(manager, "prospects", fixture("tableau-suivi-prospects.csv"), "?dryRun=true");
    expect(again.json()).toMatchObject({ created: 0, unchanged: 252 });
  });

  it("loads the EHR patient export, keyed by file number, and updates a changed row", async () => {
    const secretary = await t.current.signIn("crm_secretary");
    const first = await upload(secretary, "patients", fixture("export-patients-dpi.csv"));
    expect(first.json()).toMatchObject({ rows: 150, created: 150, rejected: 0 });
    const changed = fixture("export-patients-dpi.csv")
      .toString("utf8")
      .replace("NEST-000001,Diop,Coumba,+221769047113", "NEST-000001,Diop,Coumba,+221769047114");
    const second = await upload(secretary, "patients", Buffer.from(changed));
    expect(second.json()).toMatchObject({ created: 0, updated: 1, unchanged: 149 });
    const found = (await secretary.request("GET", "/api/lookup?q=769047114")).json().results;
    expect(found).toEqual([expect.objectContaining({ kind: "patient", ehrNumber: "NEST-000001" })]);
  });

  it("streams progress then the report to a client that asks for NDJSON (the web app's progress bar)", async () => {
    const admin = await t.current.signIn("admin");
    const response = await admin.request(
      "POST",
      "/api/import/prospects?dryRun=true",
      fixture("tableau-suivi-prospects.csv"),
      {
        "content-type": "text/csv",
        accept: "application/x-ndjson",
      },
    );
    expect(response.headers["content-type"]).toMatch(/^application\/x-ndjson/);
    const lines = response.body
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ type: "progress", phase: "read", done: 256, total: 256 });
    expect(lines.at(-1)).toMatchObject({ type: "report", report: { dryRun: true, unchanged: 252, rejected: 4 } });
    const failed = await admin.request("POST", "/api/import/prospects", Buffer.from("a;b\r\n1;2"), {
      "content-type": "text/csv",
      accept: "application/x-ndjson",
    });
    expect(JSON.parse(failed.body.trim().split("\n").at(-1) ?? "{}")).toMatchObject({
      type: "error",
      error: { code: "import_missing_columns" },
    });
  });

  it("takes the raw file as the body too (text/csv), for integrations", async () => {
    const admin = await t.current.signIn("admin");
    const response = await admin.request(
      "POST",
      "/api/import/patients?dryRun=true",
      fixture("export-patients-dpi.csv"),
      {
        "content-type": "text/csv",
      },
    );
    expect(response.json()).toMatchObject({ dryRun: true, unchanged: 149, updated: 1 });
  });
});

describe("bad import files: refused whole or row by row, never half-written", () => {
  const csv = (...lines: string[]) => Buffer.from([HEADER, ...lines].join("\r\n"), "utf8");

  it("a row sharing any of its phones, names and creation day with an earlier one is refused as a duplicate line", async () => {
    const { system } = t.current;
    const report = await importPeople(
      system,
      "prospect",
      csv(
        "Sarr;Ndeye;77 410 00 01 / 77 410 00 02;1990-01-01;2026-10-02;Facebook;chaud;",
        "Sarr;Ndeye;77 410 00 02;1990-01-01;2026-10-02;Facebook;chaud;",
      ),
      { dryRun: false },
    );
    expect(report).toMatchObject({ created: 1, updated: 0, rejected: 1 });
    expect(report.errors).toEqual([
      {
        line: 3,
        field: "telephone",
        reason: "ligne en double : même téléphone, nom, prénom et date de création que la ligne 2",
      },
    ]);
  });

  it("writes a large file a batch at a time: a row sees the rows of earlier batches (duplicate flag), a crash in a late batch leaves nothing", async () => {
    const { services, system } = t.current;
    const before = await countPeople();
    // Rows 1..2,500 have their own phones; row 2,400 shares the phone of row 3 (another person): flagged.
    const phone = (i: number) =>
      `78 6${String(i).padStart(2, "0").slice(-2)} ${String(Math.floor(i / 100)).padStart(2, "0")} 00`;
    const rows = Array.from({ length: 2_500 }, (_, i) =>
      i === 2_399
        ? `Diallo;Khady;${phone(2)};1991-02-02;2026-10-03;Facebook;chaud;`
        : `Ba;Fanta${i};${phone(i)};1990-01-01;2026-10-03;Facebook;chaud;`,
    );
    const events: { phase: string; done: number; total: number }[] = [];
    const report = await importPeople(system, "prospect", csv(...rows), {
      dryRun: true,
      onProgress: (event) => events.push(event),
    });
    expect(report).toMatchObject({ rows: 2_500, created: 2_500, rejected: 0, flaggedDuplicates: 1 });
    expect(events.filter((e) => e.phase === "write").map((e) => e.done)).toEqual([0, 1_000, 2_000, 2_500]);
    expect(events.find((e) => e.phase === "write")?.total).toBe(2_500);
    expect(await countPeople()).toBe(before);

    await services.database.exec(`
      create function fail_late() returns trigger language plpgsql as $$
      begin
        if (select count(*) from people) >= ${before + 2_000} then raise exception 'disk full (simulated)'; end if;
        return new;
      end $$;
      create trigger fail_late before insert on people for each statement execute function fail_late();`);
    try {
      await expect(importPeople(system, "prospect", csv(...rows), { dryRun: false })).rejects.toThrow();
      expect(await countPeople()).toBe(before);
    } finally {
      await services.database.exec("drop trigger fail_late on people; drop function fail_late();");
    }
  });

  it("wrong header, missing required column → 400 naming the columns", async () => {
    const admin = await t.current.signIn("admin");
    const wrong = await upload(admin, "prospects", Buffer.from("a;b;c\r\n1;2;3\r\n"));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe("import_missing_columns");
    expect(wrong.json().error.details.missing).toEqual([
      "nom",
      "prenom",
      "telephone",
      "date_naissance",
      "date_creation",
      "temperature",
    ]);
    const noPhone = await upload(
      admin,
      "prospects",
      Buffer.from("Nom;Prénom;Date de naissance;Date de création;Température\r\nDiop;Awa;1990-01-01;2026-01-01;chaud"),
    );
    expect(noPhone.json().error.details.missing).toEqual(["telephone"]);
    expect(noPhone.json().error.message).toContain("telephone");
  });

  it("bad date, unparsable phone, unknown temperature, duplicate rows: each row named, the others written", async () => {
    const admin = await t.current.signIn("admin");
    const before = await countPeople();
    const response = await upload(
      admin,
      "prospects",
      csv(
        "Kane;Astou;77 400 00 01;31/02/2025;2026-10-01;Facebook;chaud;",
        "Kane;Bineta;77 40;1990-01-01;2026-10-01;Facebook;chaud;",
        "Kane;Codou;77 400 00 03;1990-01-01;2026-10-01;Facebook;bouillant;",
        "Kane;Dior;77 400 00 04;1990-01-01;2026-10-01;Facebook;tiède;",
        "KANE;Dior;+221774000004;01/01/1990;01/10/2026;Facebook;tiede;",
        "Kane;Fatou;77 400 00 05;1990-01-01;2026-13-01;Facebook;froid;",
      ),
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ rows: 6, created: 1, rejected: 5 });
    expect(response.json().errors).toEqual([
      { line: 2, field: "date_naissance", reason: "date inexistante (« 31/02/2025 »)" },
      { line: 3, field: "telephone", reason: "numéro trop court (« 77 40 »)" },
      { line: 4, field: "temperature", reason: "température inconnue (« bouillant ») : chaud, tiède ou froid" },
      {
        line: 6,
        field: "telephone",
        reason: "ligne en double : même téléphone, nom, prénom et date de création que la ligne 5",
      },
      { line: 7, field: "date_creation", reason: "date inexistante (« 2026-13-01 »)" },
    ]);
    expect(await countPeople()).toBe(before + 1);
  });

  it("empty file, binary file, not UTF-8, 20 MB file: refused with the reason, nothing written", async () => {
    const admin = await t.current.signIn("admin");
    const before = await countPeople();
    const empty = await upload(admin, "prospects", Buffer.alloc(0));
    expect([empty.statusCode, empty.json().error.message]).toEqual([400, "Le fichier est vide."]);
    const headerOnly = await upload(admin, "prospects", Buffer.from(`${HEADER}\r\n`));
    expect(headerOnly.json().error.message).toBe("Le fichier ne contient aucune ligne de données.");
    const binary = await upload(
      admin,
      "prospects",
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0xfe]),
    );
    expect([binary.statusCode, binary.json().error.code]).toEqual([400, "import_unreadable"]);
    const latin1 = await upload(
      admin,
      "prospects",
      Buffer.from(`${HEADER}\r\nSène;Awa;77 400 00 09;1990-01-01;2026-01-01;Visite;chaud;`, "latin1"),
    );
    expect(latin1.json().error.message).toContain("CSV UTF-8");
    const huge = Buffer.alloc(20 * 1024 * 1024, "Diop;Awa;77 000 00 00;1990-01-01;2026-01-01;Visite;chaud;\r\n");
    expect(huge.length).toBeGreaterThan(LIMITS.importFileBytes);
    const tooLarge = await upload(admin, "prospects", huge);
    expect([tooLarge.statusCode, tooLarge.json().error.code]).toEqual([413, "import_too_large"]);
    const brokenXlsx = await upload(
      admin,
      "prospects",
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]),
    );
    expect(brokenXlsx.json().error.message).toContain("illisible");
    expect(await countPeople()).toBe(before);
  });

  it("a crash half-way through the write leaves nothing behind", async () => {
    const { services, system } = t.current;
    const before = await countPeople();
    // The database fails on the 30th new row of this import, as a full disk or a killed process would.
    await services.database.exec(`
      create function fail_midway() returns trigger language plpgsql as $$
      begin
        if (select count(*) from people) >= ${before + 29} then raise exception 'disk full (simulated)'; end if;
        return new;
      end $$;
      create trigger fail_midway before insert on people for each row execute function fail_midway();`);
    try {
      const rows = Array.from(
        { length: 60 },
        (_, i) => `Mendy;Marie${i};78 500 ${String(i).padStart(2, "0")} 00;1990-01-01;2026-09-01;Visite;chaud;`,
      );
      await expect(importPeople(system, "prospect", csv(...rows), { dryRun: false })).rejects.toThrow();
      expect(await countPeople()).toBe(before);
    } finally {
      await services.database.exec("drop trigger fail_midway on people; drop function fail_midway();");
    }
  });

  it("reads a workbook whose dates are real date cells and whose headers are written by hand", async () => {
    const admin = await t.current.signIn("admin");
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Suivi");
    sheet.addRow([
      "N° de dossier",
      "NOM",
      "Prénom",
      "Téléphone",
      "Date de naissance",
      "Date de création",
      "Adresse e-mail",
      "Remarque",
    ]);
    sheet.addRow([
      "NEST-777001",
      "Gomis",
      "Marie",
      "+221 70 111 22 33",
      new Date("1992-07-14T00:00:00Z"),
      new Date("2026-06-01T00:00:00Z"),
      "marie.gomis@example.sn",
      "x",
    ]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await upload(admin, "patients", bytes);
    expect(response.json()).toMatchObject({ format: "xlsx", created: 1, ignoredColumns: ["Remarque"] });
    const [patient] = (await admin.request("GET", "/api/lookup?q=701112233")).json().results;
    expect(patient).toMatchObject({ ehrNumber: "NEST-777001", birthDate: "1992-07-14" });
  });
});

describe("large import files: a row cap, a capped error list, the server kept answering", () => {
  const csvOf = (lines: string[]) => Buffer.from([HEADER, ...lines].join("\r\n"), "utf8");

  it("refuses a CSV of more than LIMITS.importRowsMax data rows up front, naming the cap and the field", async () => {
    const admin = await t.current.signIn("admin");
    const before = await countPeople();
    const row = "Diop;Awa;77 000 00 00;1990-01-01;2026-01-01;Visite;chaud;";
    const bytes = csvOf(Array.from({ length: LIMITS.importRowsMax + 1 }, () => row));
    const response = await upload(admin, "prospects", bytes);
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().error.code).toBe("import_too_many_rows");
    expect(response.json().error.message).toContain("200 000 lignes");
    expect(response.json().error.details.issues[0].field).toBe("file");
    expect(await countPeople()).toBe(before);
  });

  it("reads a workbook as a stream and stops at the row after the cap", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Suivi");
    sheet.addRow(HEADER.split(";"));
    for (let i = 0; i < 5; i++) sheet.addRow(["Diop", `Awa${i}`, "77 000 00 00", new Date("1990-01-01T00:00:00Z")]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const rowsOf = async (maxRows: number) => {
      const rows = [];
      for await (const row of (await openTable(bytes, { maxRows })).rows) rows.push(row);
      return rows;
    };
    const rows = await rowsOf(5);
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
    expect(rows[0]?.cells[3]).toEqual(new Date("1990-01-01T00:00:00Z"));
    await expect(rowsOf(4)).rejects.toBeInstanceOf(TooManyRows);
  });

  it("explains a malformed CSV in French, naming the line", async () => {
    const admin = await t.current.signIn("admin");
    const response = await upload(
      admin,
      "prospects",
      csvOf(["Diop;Awa;77 000 00 01;1990-01-01;2026-01-01;Visite;chaud;", 'Diop;"Awa;77 000 00 02;1990-01-01']),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("import_unreadable");
    expect(response.json().error.message).toBe(
      "Le CSV est mal formé à la ligne 3 : un guillemet ouvert n'est jamais refermé. Vérifiez les guillemets de cette ligne ou enregistrez le fichier au format .xlsx.",
    );
    const midQuote = await upload(
      admin,
      "prospects",
      csvOf(['Diop;"Awa"x;77 000 00 01;1990-01-01;2026-01-01;;chaud;']),
    );
    expect(midQuote.json().error.message).toMatch(/^Le CSV est mal formé à la ligne 2 : un guillemet fermant/);
  });

  it("lists the first 1,000 errors with their count; the CSV of all of them comes on request, nothing written", async () => {
    const admin = await t.current.signIn("admin");
    const before = await countPeople();
    const bad = Array.from({ length: 1500 }, (_, i) => `Diop;Awa${i};77 00;1990-01-01;2026-01-01;Visite;chaud;`);
    const bytes = csvOf(["Diop;Awa;77 000 00 01;1990-01-01;2026-01-01;Visite;chaud;", ...bad]);
    const report = (await upload(admin, "prospects", bytes, "?dryRun=true")).json();
    expect(report).toMatchObject({ rows: 1501, rejected: 1500, errorCount: 1500 });
    expect(report.errors).toHaveLength(LIMITS.importErrorsListed);
    expect(report.errors[0]).toEqual({ line: 3, field: "telephone", reason: "numéro trop court (« 77 00 »)" });

    for (const [query, headers] of [
      ["?dryRun=true&errors=csv", {}],
      ["?dryRun=true", { accept: "text/csv" }],
    ] as const) {
      const csv = await admin.request("POST", `/api/import/prospects${query}`, bytes, {
        "content-type": "text/csv",
        ...headers,
      });
      expect(csv.statusCode, csv.body).toBe(200);
      expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
      expect(csv.headers["content-disposition"]).toBe('attachment; filename="erreurs-import-prospects.csv"');
      const lines = csv.body
        .replace(/^\ufeff/, "")
        .trim()
        .split("\r\n");
      expect(lines).toHaveLength(1501);
      expect(lines[0]).toBe("ligne;champ;motif");
      expect(lines[1]).toBe("3;telephone;numéro trop court (« 77 00 »)");
      expect(lines[1500]).toBe("1502;telephone;numéro trop court (« 77 00 »)");
    }
    expect(await countPeople()).toBe(before);
  });

  it("answers a lookup while a large file is being read and checked (outside the write's transaction, yielding between batches)", async () => {
    const { system } = t.current;
    const reception = await t.current.signIn("reception");
    const rows = Array.from(
      { length: 10_000 },
      (_, i) =>
        `Ndiaye;Moussa${i};77 ${String(100_0000 + i).slice(0, 3)} ${String(i % 100).padStart(2, "0")} 00;1990-01-01;2026-01-01;Visite;chaud;`,
    );
    const events: string[] = [];
    let lookup: Promise<unknown> | undefined;
    const importing = importPeople(system, "prospect", csvOf(rows), {
      dryRun: true,
      onProgress: (event) => {
        events.push(event.phase);
        // After the first thousand rows, a receptionist looks someone up.
        lookup ??= reception.request("GET", "/api/lookup?q=Ndiaye").then((response) => {
          events.push(`lookup ${response.statusCode}`);
        });
      },
    });
    await importing;
    await lookup;
    // Answered while the rows were still being checked, not after the import.
    const answered = events.indexOf("lookup 200");
    expect(answered).toBeGreaterThan(0);
    expect(events.slice(answered).filter((phase) => phase === "read").length).toBeGreaterThan(1);
    expect(events.indexOf("write")).toBeGreaterThan(answered);
  });
});
