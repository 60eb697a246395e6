import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { ADMIN, createProspectThroughApi, csrfTokenOf, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

describe("the conversion tracking table of procedure 2", () => {
  it("shows a cohort's comments with their evidence, narrows to one comment, and downloads the XLSX", async () => {
    const page = await browser().newPage();
    const url = server().url;
    await logIn(page, url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").getByRole("link", { name: "Suivi de la conversion" }).waitFor();

    // Two prospects today: one whose phone an EHR patient created today has (converted), one with nothing.
    const today = new Date().toISOString().slice(0, 10); // Dakar is UTC+0.
    const [y, m, d] = today.split("-");
    const converted = await createProspectThroughApi(page, url, {
      lastName: "Faye",
      firstName: "Mariama",
      phones: ["77 654 32 10"],
      birthDate: "1990-02-11",
    });
    await createProspectThroughApi(page, url, {
      lastName: "Thiam",
      firstName: "Astou",
      phones: ["78 111 22 33"],
      birthDate: "1996-09-30",
    });
    const patient = await page.request.post(`${url}/api/patients`, {
      headers: { "x-csrf-token": await csrfTokenOf(page, url) },
      data: {
        lastName: "Faye",
        firstName: "Mariama",
        phones: ["+221776543210"],
        birthDate: "1990-02-11",
        ehrNumber: "NEST-004242",
        ehrCreatedOn: today,
        confirmDuplicate: true,
      },
    });
    expect(patient.status(), await patient.text()).toBe(201);

    await page.goto(`${url}/suivi-conversion?du=${today}`);
    await page.getByRole("heading", { name: "Suivi de la conversion des prospects" }).waitFor();
    const lines = page.getByTestId("conversion-line");
    await expect.poll(() => lines.count()).toBe(2);
    const fayeLine = lines.filter({ hasText: "Faye Mariama" });
    await fayeLine.getByText("Converti", { exact: true }).waitFor();
    await fayeLine
      .getByRole("link", { name: `Patient NEST-004242 Faye Mariama créé le ${d}/${m}/${y} (même téléphone)` })
      .waitFor();
    await lines.filter({ hasText: "Thiam Astou" }).getByText("Vide", { exact: true }).waitFor();

    // The count of a comment opens its lines only.
    await page.getByTestId("conversion-counts").getByText("Converti (1)").click();
    await expect.poll(() => lines.count()).toBe(1);
    await expect.poll(() => page.url()).toContain("commentaire=converted");

    // The file, as the secretary keeps it in Excel, of the lines shown.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Télécharger (XLSX)" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`suivi-conversion-${today}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error("no sheet in the workbook");
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      "Nom",
      "Prénom",
      "Téléphone",
      "Date de naissance",
      "E-mail",
      "Date de premier contact",
      "Origine",
      "Date de création",
      "Commentaires",
      "Justification",
    ]);
    // Narrowed as on screen: the « Converti » line only.
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => {
      const row = sheet.getRow(i + 2);
      return [row.getCell(1).value, row.getCell(2).value, row.getCell(3).value, row.getCell(9).value];
    });
    expect(rows).toEqual([["Faye", "Mariama", "+221 77 654 32 10", "Converti"]]);
    expect(sheet.getRow(2).getCell(4).value).toBeInstanceOf(Date);

    // The name opens the record.
    await fayeLine.getByRole("link", { name: "Faye Mariama", exact: true }).click();
    await page.waitForURL(`${url}/prospects/${converted.id}`);

    // The rates of the period: two prospects, one converted (50 %), charts drawn; the figure opens its lines.
    await page.goto(`${url}/suivi-conversion?vue=taux&taux-du=${today}&taux-au=${today}`);
    const funnel = page.getByTestId("conversion-funnel");
    await funnel.getByText("50 %").waitFor();
    await expect.poll(() => page.locator(".recharts-surface").count()).toBeGreaterThan(0);
    await funnel.getByRole("link", { name: "1", exact: true }).click();
    await expect.poll(() => lines.count()).toBe(1);
    await lines.first().getByRole("link", { name: "Faye Mariama", exact: true }).waitFor();
    await page.close();
  });
});
