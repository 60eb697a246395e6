import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ADMIN, createPatientThroughApi, createProspectThroughApi, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

describe("each person's rights (loi 2008-12) from the person page", () => {
  it("exports a prospect's data as a PDF, anonymises her through the modal, and explains why a patient is kept", async () => {
    const context = await browser().newContext({ locale: "fr-FR", acceptDownloads: true });
    const page = await context.newPage();
    page.on("pageerror", (e) => console.error("pageerror", e));
    await logIn(page, server().url, ADMIN.email, ADMIN.password);
    await page.getByRole("heading", { level: 1, name: "Bonjour, Administrateur" }).waitFor();

    const prospect = await createProspectThroughApi(page, server().url, {
      lastName: "Mbaye",
      firstName: "Rokhaya",
      phones: ["77 612 34 56"],
      birthDate: "1993-07-08",
      email: "rokhaya.mbaye@example.sn",
    });
    await page.goto(`${server().url}/prospects/${prospect.id}`);
    const card = page.getByRole("region", { name: "Données personnelles" });
    await card.waitFor();

    // Right of access: the PDF is downloaded (an attachment), named after her.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      card.getByRole("link", { name: "Exporter (PDF)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^donnees-personnelles-mbaye-rokhaya-\d{4}-\d{2}-\d{2}\.pdf$/);
    const pdf = await readFile(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");

    // Anonymisation: the name must be typed before the button is enabled.
    await card.getByRole("button", { name: "Anonymiser…" }).click();
    const modal = page.getByRole("dialog", { name: "Anonymiser la fiche" });
    const confirm = modal.getByRole("button", { name: "Anonymiser définitivement" });
    expect(await confirm.isDisabled()).toBe(true);
    await modal.getByRole("radio", { name: "Demande de la personne" }).check();
    await modal.getByLabel("Pour confirmer, tapez « Rokhaya Mbaye »").fill("Rokhaya Mbaye");
    await confirm.click();
    await page.getByRole("heading", { level: 1, name: /^Anonyme / }).waitFor();
    await card.getByText(/^Fiche anonymisée le/).waitFor();
    expect(await card.getByRole("button", { name: "Anonymiser…" }).count()).toBe(0);
    expect(await page.getByText("Rokhaya").count()).toBe(0);

    // A patient: no « Anonymiser… », the reason told.
    const patient = await createPatientThroughApi(page, server().url, {
      lastName: "Sow",
      firstName: "Aminata",
      phones: ["77 700 11 22"],
      ehrNumber: "E2E-RIGHTS-1",
      ehrCreatedOn: "2026-01-10",
    });
    await page.goto(`${server().url}/patients/${patient.id}`);
    const patientCard = page.getByRole("region", { name: "Données personnelles" });
    await patientCard.getByText(/règles de conservation du dossier médical/).waitFor();
    expect(await patientCard.getByRole("button", { name: "Anonymiser…" }).count()).toBe(0);

    // The audit log names the new actions in French.
    await page.goto(`${server().url}/admin/audit`);
    await page.getByRole("table").getByText("Anonymisation d'une fiche").first().waitFor();
    await page.getByRole("table").getByText("Export des données d'une personne").first().waitFor();
    await context.close();
  });
});
