import { addDays } from "date-fns";
import { describe, expect, it } from "vitest";
import { dateToDay, dayToDate } from "../shared/calendar-day.ts";
import { ADMIN, createPatientThroughApi, csrfTokenOf, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

/**
 * Procedure 5 from the 36 SA call to the discharge: the week-36 task in the queue, its checklist, the
 * delivery of twins who become patients in paediatrics, the discharge, the guest book.
 */
describe("a pregnancy reaches 36 SA, then the twins are born", () => {
  it("works the 36 SA call from the task, records the delivery and the discharge from the patient's page", async () => {
    const url = server().url;
    const page = await browser().newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (e) => console.error("pageerror", e));
    await logIn(page, url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").waitFor();
    const headers = { "x-csrf-token": await csrfTokenOf(page, url) };

    // A patient whose DDR was 252 days ago: 36 SA + 0 today (Dakar is UTC+0).
    const mother = await createPatientThroughApi(page, url, {
      lastName: "Ndiaye",
      firstName: "Khady",
      phones: ["77 222 33 44"],
    });
    const today = new Date().toISOString().slice(0, 10);
    const started = await page.request.post(`${url}/api/patients/${mother.id}/pathways`, {
      headers,
      data: { type: "pregnancy", ddr: dateToDay(addDays(dayToDate(today), -252)) },
    });
    expect(started.status(), await started.text()).toBe(201);
    const run = await page.request.post(`${url}/api/followup/run`, { headers, data: {} });
    expect(run.status(), await run.text()).toBe(200);
    expect(((await run.json()) as { counts: Record<string, { created: number }> }).counts["week-36"]?.created).toBe(1);

    // The task, in everyone's queue, says the pregnancy's term; « Appel de 36 SA » opens the checklist.
    await page.goto(`${url}/taches?vue=all`);
    const task = page.locator('tr[data-rule="week-36"]').filter({ hasText: "Ndiaye Khady" });
    await task.waitFor();
    await task.getByText("36 SA + 0 j aujourd’hui", { exact: false }).waitFor();
    await task.getByRole("button", { name: "Appel de 36 SA" }).click();
    const form = page.getByRole("dialog").getByRole("form", { name: "Appel de préparation à la naissance (36 SA)" });
    await form.getByLabel("Tarifs, prise en charge et conditions financières").check();
    await form.getByLabel("Proposition de cours de préparation à l'accouchement").check();
    // Saving without the answers names what is missing.
    await form.getByRole("button", { name: "Enregistrer l'appel" }).click();
    await form.getByText("Indiquez sa réponse.").first().waitFor();
    await form.getByRole("radiogroup", { name: "Lieu prévu d'accouchement" }).getByLabel("À NEST").check();
    await form.getByRole("radiogroup", { name: "Souhaite recevoir les newsletters" }).getByLabel("Oui").check();
    await form.getByLabel("WhatsApp", { exact: true }).check();
    await form.getByLabel("Groupe Facebook").check();
    await form
      .getByRole("radiogroup", { name: "Souhaite faire suivre l'enfant chez NEST (pédiatrie)" })
      .getByLabel("Oui")
      .check();
    await form.getByRole("button", { name: "Enregistrer l'appel" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await expect.poll(() => task.count()).toBe(0);
    const saved = await page.request.get(
      `${url}/api/patients/${mother.id}/pathways/${((await started.json()) as { id: string }).id}/preparation-call`,
    );
    expect((await saved.json()).call).toMatchObject({
      told: { prices: true, birthClasses: true, mothersGroup: false },
      plannedPlace: "nest",
      newsletterWish: "yes",
      newsletterChannels: ["whatsapp"],
      mothersGroupNetworks: ["facebook"],
      childFollowUp: "yes",
    });

    // The delivery of twins, from the pregnancy's card.
    await page.goto(`${url}/patients/${mother.id}`);
    const pathways = page.getByRole("region", { name: "Parcours" });
    await pathways.getByRole("button", { name: "Noter l'accouchement" }).click();
    const delivery = page.getByRole("dialog").getByRole("form", { name: "Accouchement" });
    await delivery.getByLabel("Mode d'accouchement").click();
    await page.getByRole("option", { name: "césarienne" }).click();
    await delivery.getByLabel("Prénom du bébé 1").fill("Awa");
    await delivery.getByLabel("Sexe").first().click();
    await page.getByRole("option", { name: "Fille" }).click();
    await delivery.getByRole("button", { name: "Ajouter un bébé (jumeaux…)" }).click();
    await delivery.getByLabel("Prénom du bébé 2").fill("Adama");
    await delivery.getByLabel("Sexe").nth(1).click();
    await page.getByRole("option", { name: "Garçon" }).click();
    await delivery.getByRole("button", { name: "Enregistrer l'accouchement" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });

    const births = page.getByRole("region", { name: "Naissances" });
    await births.getByRole("link", { name: "Awa Ndiaye (Fille)" }).waitFor();
    await births.getByRole("link", { name: "Adama Ndiaye (Garçon)" }).waitFor();
    await pathways.getByText("Post-partum").waitFor();

    // The discharge today, then the guest book.
    await births.getByRole("button", { name: "Noter la sortie" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Enregistrer" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await births.getByTestId("discharged").waitFor();
    await births.getByRole("button", { name: "Livre d'or" }).click();
    const book = page.getByRole("dialog").getByRole("form", { name: "Livre d'or" });
    await book.getByRole("textbox", { name: "Son message" }).fill("Merci pour votre accueil chaleureux !");
    await book.getByLabel("Elle accepte que la clinique cite son message (sans son nom)").check();
    await book.getByRole("button", { name: "Ajouter au livre d'or" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await births.getByText("« Merci pour votre accueil chaleureux ! »").waitFor();
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/births.png`, fullPage: true });
    }

    // A baby's record: a patient followed in paediatrics.
    await births.getByRole("link", { name: "Awa Ndiaye (Fille)" }).click();
    await page.getByRole("region", { name: "Parcours" }).getByText("Pédiatrie").waitFor();
    await page.getByRole("link", { name: "Fiche de la mère (téléphones des parents)" }).click();
    await page.getByRole("region", { name: "Naissances" }).waitFor();
    expect(page.url()).toContain(`/patients/${mother.id}`);
  });
});
