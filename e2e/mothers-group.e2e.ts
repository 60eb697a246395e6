import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { ADMIN, createPatientThroughApi, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

describe("the « Groupe des Mamans NEST » (procedure 5)", () => {
  it("records her wish with her consent, marks her member, lists her and downloads the moderator's list", async () => {
    const page = await browser().newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page.on("pageerror", (e) => console.error("pageerror", e));
    const url = server().url;
    await logIn(page, url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").waitFor();
    const patient = await createPatientThroughApi(page, url, {
      lastName: "Gueye",
      firstName: "Mame Diarra",
      phones: ["77 612 34 56"],
    });

    await page.goto(`${url}/patients/${patient.id}`);
    const card = page.getByRole("region", { name: "Groupe des Mamans NEST" });
    await card.getByRole("button", { name: "Enregistrer un souhait" }).click();
    const form = page.getByRole("dialog").getByRole("form", { name: "Groupe des Mamans NEST" });
    await form.getByLabel("Statut").waitFor();
    expect(await form.getByLabel("Statut").inputValue()).toBe("Souhaite rejoindre");
    await form.getByLabel("Accepte d'être ajoutée au groupe").check();
    await form.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });

    const whatsapp = card.getByTestId("mothers-group-whatsapp");
    await whatsapp.getByText("Souhaite rejoindre", { exact: true }).waitFor();
    await whatsapp.getByText("Accepte d'être ajoutée", { exact: true }).waitFor();
    await whatsapp.getByRole("button", { name: "Marquer membre" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Confirmer" }).click();
    await whatsapp.getByText("Membre", { exact: true }).waitFor();
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/mothers-group-card.png`, fullPage: true });
    }

    await page.goto(`${url}/groupe-des-mamans`);
    const row = page.getByTestId("mothers-group-row").filter({ hasText: "Gueye Mame Diarra" });
    await row.waitFor();
    expect(await row.textContent()).toContain("Membre");
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/mothers-group-page.png`, fullPage: true });
    }

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Télécharger la liste pour la modératrice (XLSX)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^groupe-des-mamans-whatsapp-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const file = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const cells: string[] = [];
    workbook.worksheets[0]?.eachRow((r) => r.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain("Mame Diarra");
    expect(cells).toContain("Membre");
  });
});
