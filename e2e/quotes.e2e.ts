import { describe, expect, it } from "vitest";
import { ADMIN, createProspectThroughApi, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

describe("the catalogue and a pro forma quote", () => {
  it("the admin prices the delivery, a quote is built from the finder, printed and emailed", async () => {
    const page = await browser().newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (e) => console.error("pageerror", e));
    await logIn(page, server().url, ADMIN.email, ADMIN.password);
    const shot = async (name: string) => {
      if (process.env.E2E_SCREENSHOTS) {
        await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/${name}.png`, fullPage: true });
      }
    };

    // Administration › Catalogue (LUTIN): the delivery gets its two rates, the member rate an objective.
    await page.getByRole("navigation").getByRole("link", { name: "Catalogue (LUTIN)" }).last().click();
    await page.getByRole("row").filter({ hasText: "Accouchement" }).getByRole("button", { name: "Modifier" }).click();
    const offerForm = page.getByRole("dialog");
    await offerForm.getByRole("button", { name: "Ajouter un tarif" }).click();
    await offerForm.getByRole("button", { name: "Ajouter un tarif" }).click();
    await offerForm.getByLabel("Adhérente").nth(0).selectOption("yes");
    await offerForm.getByLabel("Adhérente").nth(1).selectOption("no");
    await offerForm.getByLabel("Montant (FCFA)").nth(0).fill("500000");
    await offerForm.getByLabel("Montant (FCFA)").nth(1).fill("650000");
    await offerForm.getByLabel("Objectif", { exact: true }).nth(0).check();
    await offerForm.getByRole("button", { name: "Enregistrer" }).click();
    await offerForm.waitFor({ state: "hidden" });
    await page.getByText("Tarif Adhérent :").waitFor();
    await shot("catalogue-admin");

    // A member prospect with an email, through the API as the web app calls it.
    const prospect = await createProspectThroughApi(page, server().url, {
      lastName: "Ndiaye",
      firstName: "Fatou",
      phones: ["77 123 45 67"],
      birthDate: "1992-06-14",
      member: true,
      email: "fatou.ndiaye@example.sn",
    });

    // The quote builder: the finder starts from her profile (member), the objectives first.
    await page.goto(`${server().url}/prospects/${prospect.id}`);
    await page.getByRole("button", { name: "Nouvelle facture pro forma" }).click();
    const builder = page.getByRole("dialog");
    const delivery = builder
      .locator(".mantine-Card-root")
      .filter({ has: page.getByText("Accouchement", { exact: true }).first() });
    await delivery.getByText("Objectif du moment").waitFor();
    // Not a member rate: the standard rate is not offered to her.
    expect(await delivery.getByText(/650\s000\sFCFA/).count()).toBe(0);
    await delivery.getByRole("button", { name: "Ajouter", exact: true }).click();
    await builder.getByRole("button", { name: "Ajouter une ligne libre" }).click();
    await builder.getByPlaceholder("Désignation de la ligne").fill("Nuit supplémentaire");
    await builder.getByLabel("Prix unitaire").fill("75000");
    await builder.getByLabel("Qté").nth(1).fill("2");
    await builder
      .getByText(/^650\s000\sFCFA$/)
      .last()
      .waitFor();
    await shot("quote-builder");
    await builder.getByRole("button", { name: "Créer la facture pro forma" }).click();

    // Created: the send dialog opens, to her address, from the user.
    const send = page.getByRole("dialog", { name: /Envoyer la facture PF-\d{4}-00001/ });
    expect(await send.getByLabel("Destinataire").inputValue()).toBe("fatou.ndiaye@example.sn");
    await send.getByRole("button", { name: "Envoyer", exact: true }).click();
    await send.waitFor({ state: "hidden" });
    await page.getByText(/envoyée à fatou\.ndiaye@example\.sn/).waitFor();
    await shot("person-quotes");

    // The PDF link of the "Devis" section serves the PDF.
    const href = await page.getByRole("link", { name: /PDF de la facture PF-\d{4}-00001/ }).getAttribute("href");
    const pdf = await page.request.get(`${server().url}${href}`);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  });
});
