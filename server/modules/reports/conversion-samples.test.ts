import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ConversionComment } from "../../../shared/reports.ts";
import { setupTestApp } from "../../test/app.ts";
import { importPeople } from "../people/import/import-people.ts";
import { foldName } from "../people/names.ts";
import type { ConversionLine, ConversionTable } from "./conversion.schema.ts";

const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, "..", "people", "import", "fixtures", name));

// After the last creation date of the legacy table (11 December 2026).
const t = setupTestApp({ now: "2026-12-15T10:00:00Z" });

interface EhrPatient {
  number: string;
  phone: string;
  names: string;
  birthDate: string;
  createdOn: string;
}

/** The EHR export as the secretary has it open beside the table: one line per patient. */
function ehrExport(): EhrPatient[] {
  const [, ...rows] = fixture("export-patients-dpi.csv").toString("utf8").trim().split(/\r?\n/);
  return rows.map((row) => {
    const [number = "", lastName = "", firstName = "", phone = "", birthDate = "", createdOn = ""] = row.split(",");
    return { number, phone, names: foldName(lastName) + foldName(firstName), birthDate, createdOn };
  });
}

/**
 * Procedure 2, étape 2, done by hand for one prospect of the table: look the
 * phone up (or the birth date and names) among the EHR's patients, then among
 * the prospect records created earlier. The legacy table has no appointment and
 * no interaction: what is left is « Vide ».
 */
function byHand(line: ConversionLine, all: ConversionLine[], patients: EhrPatient[]): ConversionComment {
  const names = (l: ConversionLine) => foldName(l.lastName) + foldName(l.firstName);
  const sameAs = (phones: string[], otherNames: string, birthDate: string | null) =>
    phones.some((phone) => line.phones.includes(phone)) ||
    (otherNames === names(line) && birthDate !== null && birthDate === line.birthDate);
  const createdOn = line.createdAt.slice(0, 10); // Dakar is UTC+0.
  const matching = patients.filter((p) => sameAs([p.phone], p.names, p.birthDate));
  if (matching.some((p) => p.createdOn >= createdOn)) return "converted";
  if (matching.length > 0) return "already_patient";
  const earlier = all.filter(
    (other) =>
      other.id !== line.id && other.createdAt < line.createdAt && sameAs(other.phones, names(other), other.birthDate),
  );
  if (earlier.length > 0) return "duplicate_prospect";
  return "empty";
}

describe("the conversion table of the clinic's sample files", () => {
  it("gives every prospect of the legacy table the comment a secretary following procedure 2 writes by hand", async () => {
    const { system } = t.current;
    const prospects = await importPeople(system, "prospect", fixture("tableau-suivi-prospects.csv"), { dryRun: false });
    const patients = await importPeople(system, "patient", fixture("export-patients-dpi.csv"), { dryRun: false });
    expect([prospects.created, patients.created]).toEqual([252, 150]);

    const manager = await t.current.signIn("prospects_manager");
    const lines: ConversionLine[] = [];
    let table: ConversionTable | undefined;
    for (let page = 1; !table || lines.length < table.total; page++) {
      const response = await manager.request(
        "GET",
        `/api/reports/conversion?from=2026-06-01&to=2026-12-11&pageSize=100&page=${page}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      table = response.json() as ConversionTable;
      lines.push(...table.lines);
      if (table.lines.length === 0) break;
    }
    expect(lines).toHaveLength(252);

    const ehr = ehrExport();
    const mismatches = lines
      .map((line) => ({
        line: `${line.lastName} ${line.firstName}`,
        table: line.comment,
        byHand: byHand(line, lines, ehr),
      }))
      .filter((m) => m.table !== m.byHand);
    expect(mismatches).toEqual([]);

    // The samples hold every case the README describes: conversions, old patients, legacy duplicates.
    const counts = table?.counts as Record<ConversionComment, number>;
    expect(counts.converted).toBeGreaterThan(0);
    expect(counts.already_patient).toBeGreaterThan(0);
    expect(counts.duplicate_prospect).toBeGreaterThan(0);
    expect(counts.converted + counts.already_patient + counts.duplicate_prospect + counts.empty).toBe(252);
    // The evidence of a conversion is the EHR's patient.
    const converted = lines.find((l) => l.comment === "converted");
    expect(converted?.evidence).toMatchObject({ kind: "patient", ehrNumber: expect.stringMatching(/^NEST-\d{6}$/) });
  });
});
