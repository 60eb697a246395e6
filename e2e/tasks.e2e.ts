import { describe, expect, it } from "vitest";
import { ADMIN, createProspectThroughApi, csrfTokenOf, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

const SECRETARY = { email: "fatou.sarr@nest.sn", temporary: "grc-provisoire-1", password: "grc-nest-2026-ok" };
const DAY_MS = 86_400_000;

describe("a CRM secretary works through « Mes tâches » (mode opératoire 2: the 7-day recall)", () => {
  it("sees the recall the engine made, completes it, and the person's timeline shows « RAPPEL 7 JOURS »", async () => {
    const url = server().url;
    // The admin records a prospect whose quote request is 7 days old, runs the engine and creates the secretary.
    const adminContext = await browser().newContext({ locale: "fr-FR" });
    const admin = await adminContext.newPage();
    await logIn(admin, url, ADMIN.email, ADMIN.password);
    await admin.getByRole("heading", { level: 1, name: "Bonjour, Administrateur" }).waitFor();
    const headers = { "x-csrf-token": await csrfTokenOf(admin, url) };
    const prospect = await createProspectThroughApi(admin, url, {
      lastName: "Diallo",
      firstName: "Mariama",
      phones: ["77 654 32 10"],
      birthDate: "1991-07-14",
      temperature: "warm",
    });
    // Seven days and an hour ago: the recall is due since an hour (overdue).
    const asked = await admin.request.post(`${url}/api/prospects/${prospect.id}/interactions`, {
      headers,
      data: {
        channel: "phone_in",
        occurredAt: new Date(Date.now() - 7 * DAY_MS - 3_600_000).toISOString(),
        requestTypes: ["delivery_quote"],
        comment: "Souhaite un devis pour l'accouchement",
      },
    });
    expect(asked.status(), await asked.text()).toBe(201);
    const run = await admin.request.post(`${url}/api/followup/run`, { headers, data: {} });
    expect(run.status(), await run.text()).toBe(200);
    const { counts } = (await run.json()) as { counts: Record<string, { created: number }> };
    expect(counts["recall-7d"]?.created).toBe(1);
    const account = await admin.request.post(`${url}/api/users`, {
      headers,
      data: {
        email: SECRETARY.email,
        firstName: "Fatou",
        lastName: "Sarr",
        role: "crm_secretary",
        password: SECRETARY.temporary,
      },
    });
    expect(account.status(), await account.text()).toBe(201);
    await adminContext.close();

    // The secretary signs in (a temporary password, changed first).
    const context = await browser().newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    await logIn(page, url, SECRETARY.email, SECRETARY.temporary);
    await page.getByLabel("Mot de passe actuel").fill(SECRETARY.temporary);
    await page.getByLabel("Nouveau mot de passe").fill(SECRETARY.password);
    await page.getByLabel("Confirmer le mot de passe").fill(SECRETARY.password);
    await page.getByRole("button", { name: "Enregistrer et continuer" }).click();

    // « Tâches » in the navigation, its badge counting what is overdue or due today.
    const nav = page.getByRole("navigation");
    const tasksLink = nav.getByRole("link", { name: "Tâches" });
    await tasksLink.waitFor();
    await nav.getByLabel(/tâches? en retard ou du jour/).waitFor();
    await tasksLink.click();
    await page.getByRole("heading", { level: 1, name: "Tâches" }).waitFor();
    await expect.poll(() => page.getByRole("radio", { name: "Mes tâches" }).isChecked()).toBe(true);

    // The 7-day recall is in my queue, red (overdue), with the request it follows.
    const recall = page.locator('tr[data-rule="recall-7d"]').filter({ hasText: "Diallo Mariama" });
    await recall.waitFor();
    await recall.getByText("Rappel 7 jours").waitFor();
    await recall.getByText("En retard").waitFor();
    await recall.getByText("DEVIS ACCOUCHEMENT").waitFor();
    await recall.getByText("+221 77 654 32 10").waitFor();

    // « Faire »: the person and the phone large, the outcome, the comment starting with RAPPEL 7 JOURS.
    await recall.getByRole("button", { name: "Faire" }).click();
    const dialog = page.getByRole("dialog", { name: "Appel de relance" });
    await dialog.getByRole("heading", { name: "Diallo Mariama" }).waitFor();
    // Nobody answers: an attempt — noted, and the task stays in the list, due again later.
    await dialog.getByRole("radio", { name: "Pas de réponse" }).check();
    await dialog.getByText(/La personne n'a pas été jointe/).waitFor();
    await dialog.getByRole("button", { name: "Enregistrer l'appel" }).click();
    await page.getByText(/Essai noté sur la fiche ; la tâche reste ouverte, nouvel essai le/).waitFor();
    await expect.poll(() => recall.count()).toBe(1);
    await recall.getByRole("button", { name: "Faire" }).click();
    await dialog.getByRole("heading", { name: "Diallo Mariama" }).waitFor();
    const comment = dialog.getByLabel("Commentaire");
    expect(await comment.inputValue()).toBe("RAPPEL 7 JOURS – ");
    // Erasing the comment does not remove the mark.
    await comment.fill("");
    await expect.poll(() => comment.inputValue()).toBe("RAPPEL 7 JOURS – ");
    await dialog.getByRole("radio", { name: "Joint" }).check();
    await comment.press("End");
    await comment.pressSequentially("Devis bien reçu, souhaite visiter la maternité");
    await dialog.getByRole("button", { name: "Enregistrer l'appel" }).click();
    await page.getByText("Appel enregistré sur la fiche ; la tâche est faite.").waitFor();

    // The task leaves the open list.
    await expect.poll(() => recall.count()).toBe(0);

    // The person's timeline shows the call with « RAPPEL 7 JOURS »; the « Tâches » section, the task done.
    await page.goto(`${url}/prospects/${prospect.id}`);
    await page.getByRole("heading", { level: 1, name: "Diallo Mariama" }).waitFor();
    await page.getByText("RAPPEL 7 JOURS – Devis bien reçu, souhaite visiter la maternité").waitFor();
    const section = page.getByRole("region", { name: "Tâches" });
    const done = section.locator('tr[data-rule="recall-7d"]');
    await done.getByText("Faite", { exact: true }).waitFor();
    await done.getByText(/par Fatou Sarr : Joint/).waitFor();
    await context.close();
  });
});
