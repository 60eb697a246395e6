import { describe, expect, it } from "vitest";
import { ADMIN, createProspectThroughApi, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

describe("a patient's provenance (procedures 4 and 5)", () => {
  it("is asked at the entry interview, names the prospect she was, shows on her record and leads the reconciliation", async () => {
    const page = await browser().newPage();
    const url = server().url;
    await logIn(page, url, ADMIN.email, ADMIN.password);
    await page.getByRole("heading", { level: 1, name: "Bonjour, Administrateur" }).waitFor();
    // She called under her married name, from another phone: no phone or name match would find her.
    await createProspectThroughApi(page, url, {
      lastName: "Diouf",
      firstName: "Ndeye",
      phones: ["70 710 00 02"],
      birthDate: "1991-04-09",
    });

    await page.goto(`${url}/patients/new`);
    await page.getByRole("heading", { level: 1, name: "Nouveau patient" }).waitFor();
    await page.getByLabel("Nom", { exact: true }).fill("Gaye");
    await page.getByLabel("Prénom").fill("Ndeye");
    await page.getByLabel("Téléphone", { exact: true }).fill("70 710 00 01");
    await page.getByLabel("Provenance").selectOption({ label: "Facebook" });
    await page.getByPlaceholder("Nom, téléphone ou date de naissance du prospect").fill("Diouf");
    await page.getByRole("option", { name: /^Diouf Ndeye · 09\/04\/1991/ }).click();
    await page.getByRole("link", { name: "Diouf Ndeye" }).waitFor();
    await page.getByRole("button", { name: "Créer le patient" }).click();

    // Her record: the provenance, with the prospect's record one click away.
    await page.getByRole("heading", { level: 1, name: /Gaye Ndeye/ }).waitFor();
    const identity = page.getByRole("region", { name: "Identité" });
    await identity.getByText("Facebook ·").waitFor();
    await identity.getByRole("link", { name: "Diouf Ndeye" }).click();
    await page.getByRole("heading", { level: 1, name: /Diouf Ndeye/ }).waitFor();

    // The reconciliation proposes that prospect, on the provenance she gave.
    await page.goto(`${url}/reconciliation`);
    const row = page.getByRole("row").filter({ hasText: "Diouf Ndeye" });
    await row.getByText("Provenance déclarée").waitFor();
    expect(await row.getByText("Gaye Ndeye").count()).toBe(1);
    await page.context().close();
  });
});
