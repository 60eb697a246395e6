import { describe, expect, it } from "vitest";
import { ADMIN, createPatientThroughApi, csrfTokenOf, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

describe("satisfaction surveys", () => {
  it("admin sets the link address; the desk answers anonymously; the patient answers through her link; results show both", async () => {
    const page = await browser().newPage({ viewport: { width: 1300, height: 1000 } });
    page.on("pageerror", (e) => console.error("pageerror", e));
    await logIn(page, server().url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").waitFor();

    // The survey settings: the public address the links point to.
    await page.goto(`${server().url}/admin/enquetes`);
    const link = page.getByRole("region", { name: "Lien personnel par SMS" });
    await link.getByLabel("Adresse publique de Relais").fill(server().url);
    await link.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByText("Enregistré.").first().waitFor();
    await page.getByRole("region", { name: "Enquête de sortie" }).waitFor();

    // The desk's tablet: the blank questionnaire, answered, then blank again.
    await page.goto(`${server().url}/enquetes/comptoir`);
    const form = page.getByTestId("survey-form");
    await form.waitFor();
    // Full screen: the patient holding the tablet sees no navigation to the records.
    expect(await page.getByRole("navigation").count()).toBe(0);
    for (const area of ["L'accueil", "Le temps d'attente", "La qualité des soins", "Les informations", "La propreté"]) {
      await form.getByRole("radio", { name: new RegExp(`^${area}.* : 4$`) }).check();
    }
    await form.getByRole("radio", { name: "Recommanderiez-vous NEST à un proche ? : 9" }).check();
    await form.getByLabel("Un commentaire, une suggestion ?").fill("Accueil chaleureux");
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/survey-desk.png`, fullPage: true });
    }
    await form.getByRole("button", { name: "Enregistrer les réponses" }).click();
    await page.getByTestId("desk-thanks").waitFor();
    expect(await form.getByRole("radio", { checked: true }).count()).toBe(0);

    // A personal link, sent through the API as the task's button does, opened in the browser without a session.
    const patient = await createPatientThroughApi(page, server().url, {
      lastName: "Ndiaye",
      firstName: "Fatou",
      phones: ["77 445 66 77"],
    });
    const sent = await page.request.post(`${server().url}/api/surveys/invitations`, {
      headers: { "x-csrf-token": await csrfTokenOf(page, server().url) },
      data: { personId: patient.id, kind: "discharge" },
    });
    expect(sent.status(), await sent.text()).toBe(201);
    const outbox = (await (
      await page.request.get(`${server().url}/api/sms?personId=${patient.id}&kind=survey_link`)
    ).json()) as { items: { text: string }[] };
    const url = /https?:\/\/\S+\/s\/[A-Za-z0-9_-]+/.exec(outbox.items[0]?.text ?? "")?.[0];
    expect(url).toBeTruthy();

    const context = await browser().newContext({ viewport: { width: 390, height: 800 } });
    const phone = await context.newPage();
    await phone.goto(url as string);
    await phone.getByText("Bonjour Fatou").waitFor();
    expect(await phone.content()).not.toContain("Ndiaye");
    for (const code of ["accueil", "attente", "soins", "information", "proprete"]) {
      await phone.locator(`input[name="q_${code}"][value="2"]`).check();
    }
    await phone.locator('input[name="q_nps"][value="5"]').check();
    await phone.locator('textarea[name="q_commentaire"]').fill("Attente trop longue à la sortie");
    if (process.env.E2E_SCREENSHOTS) {
      await phone.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/survey-link.png`, fullPage: true });
    }
    await phone.getByRole("button", { name: "Envoyer mes réponses" }).click();
    await phone.getByText("Merci pour vos réponses !").waitFor();
    await phone.goto(url as string);
    await phone.getByText("Ce lien n'est pas ou plus valide").waitFor();
    await context.close();

    // The results: two answers this month, both comments.
    await page.goto(`${server().url}/enquetes`);
    await page.getByText("Accueil chaleureux").waitFor();
    await page.getByText("Attente trop longue à la sortie").waitFor();
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/survey-results.png`, fullPage: true });
    }
  });
  it("the CRM secretary fills the 72 h survey during the new patient's call (nominative), then completes the call", async () => {
    const url = server().url;
    const page = await browser().newPage({ viewport: { width: 1300, height: 1000 } });
    page.on("pageerror", (e) => console.error("pageerror", e));
    await logIn(page, url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").waitFor();
    const headers = { "x-csrf-token": await csrfTokenOf(page, url) };
    const patient = await createPatientThroughApi(page, url, {
      lastName: "Ba",
      firstName: "Coumba",
      phones: ["77 998 11 22"],
    });
    // Her first visit, three hours ago, attended: the engine makes the 72 h call.
    const booked = await page.request.post(`${url}/api/appointments`, {
      headers,
      data: {
        personId: patient.id,
        site: "CLINIQUE",
        startsAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
        durationMinutes: 30,
      },
    });
    expect(booked.status(), await booked.text()).toBe(201);
    const appointment = (await booked.json()) as { id: string; version: number };
    const attended = await page.request.post(`${url}/api/appointments/${appointment.id}/attended`, {
      headers,
      data: { version: appointment.version },
    });
    expect(attended.status(), await attended.text()).toBe(200);
    const run = await page.request.post(`${url}/api/followup/run`, { headers, data: {} });
    expect(run.status(), await run.text()).toBe(200);

    await page.goto(`${url}/taches?vue=all`);
    const row = page.locator('tr[data-rule="new-patient-72h"]').filter({ hasText: "Ba Coumba" });
    await row.getByRole("button", { name: "Faire" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("heading", { name: "Ba Coumba" }).waitFor();
    await dialog.getByRole("radio", { name: "Joint" }).check();
    await dialog.getByRole("button", { name: "Remplir l'enquête" }).click();
    const form = dialog.getByTestId("survey-form");
    for (const area of ["L'accueil", "Le temps d'attente", "La qualité des soins", "Les informations", "La propreté"]) {
      await form.getByRole("radio", { name: new RegExp(`^${area}.* : 5$`) }).check();
    }
    await form.getByRole("radio", { name: "Recommanderiez-vous NEST à un proche ? : 10" }).check();
    await form.getByRole("radio", { name: "nominative" }).check();
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/survey-task.png`, fullPage: true });
    }
    await form.getByRole("button", { name: "Enregistrer les réponses" }).click();
    await dialog.getByText("Enquête enregistrée (nominative).").waitFor();
    await dialog.getByRole("button", { name: "Enregistrer l'appel" }).click();
    await page.getByText("Appel enregistré sur la fiche ; la tâche est faite.").waitFor();

    const results = (await (
      await page.request.get(
        `${url}/api/surveys/results?from=${new Date().toISOString().slice(0, 7)}&to=${new Date().toISOString().slice(0, 7)}&kind=after_first_visit`,
      )
    ).json()) as { total: { responses: number; nps: number } };
    expect(results.total).toMatchObject({ responses: 1, nps: 100 });
  });
});
