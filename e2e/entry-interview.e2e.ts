import { addDays } from "date-fns";
import { describe, expect, it } from "vitest";
import { dateToDay } from "../shared/calendar-day.ts";
import { ADMIN, createPatientThroughApi, csrfTokenOf, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

/** "YYYY-MM-DD" → "dd/mm/yyyy", as typed and shown. */
const typed = (day: string) => day.split("-").reverse().join("/");

describe("the entry interview of a new patient (procedure 5)", () => {
  it("an attended first visit makes the task; its form records the interview, starts the pregnancy, and the task is done", async () => {
    const page = await browser().newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (e) => console.error("pageerror", e));
    const url = server().url;
    await logIn(page, url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").waitFor();
    const headers = { "x-csrf-token": await csrfTokenOf(page, url) };

    const patient = await createPatientThroughApi(page, url, {
      lastName: "Ndiaye",
      firstName: "Rokhaya",
      phones: ["77 456 78 90"],
    });
    // Her first visit began a minute ago (Dakar is UTC+0: the clinic's today is the UTC day) and she came.
    const booked = await page.request.post(`${url}/api/appointments`, {
      headers,
      data: {
        personId: patient.id,
        site: "CLINIQUE",
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        durationMinutes: 30,
      },
    });
    expect(booked.status(), await booked.text()).toBe(201);
    const visit = (await booked.json()) as { id: string; version: number };
    const attended = await page.request.post(`${url}/api/appointments/${visit.id}/attended`, {
      headers,
      data: { version: visit.version },
    });
    expect(attended.status(), await attended.text()).toBe(200);
    const run = await page.request.post(`${url}/api/followup/run`, { headers, data: {} });
    expect(run.status(), await run.text()).toBe(200);
    const { counts } = (await run.json()) as { counts: Record<string, { created: number }> };
    expect(counts["entry-interview"]?.created).toBe(1);

    await page.goto(`${url}/taches?vue=all&regle=entry-interview`);
    const row = page.locator("tr[data-rule='entry-interview']").filter({ hasText: "Ndiaye Rokhaya" });
    await row.getByRole("button", { name: "Entretien d'entrée" }).click();

    const form = page.getByRole("dialog").getByRole("form", { name: "Entretien d'entrée" });
    await form.getByText("À transmettre").waitFor();
    await form.getByLabel("Tarifs, prise en charge et conditions financières").check();
    await form.getByLabel("Parcours et services de NEST").check();
    await form.getByLabel("Provenance", { exact: true }).selectOption({ label: "Site web" });
    await form.getByLabel("Dossier patient rempli").check();
    await form.getByRole("radio", { name: "Grossesse" }).check();
    const ddr = dateToDay(addDays(new Date(), -70));
    await form.getByLabel("DDR (date des dernières règles)").fill(typed(ddr));
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/entry-interview.png`, fullPage: true });
    }
    await form.getByRole("button", { name: "Enregistrer l'entretien" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await expect.poll(() => row.count()).toBe(0);

    const tasks = await page.request.get(
      `${url}/api/tasks?assignee=all&status=all&rule=entry-interview&personId=${patient.id}`,
    );
    expect(tasks.status(), await tasks.text()).toBe(200);
    const { items } = (await tasks.json()) as { items: { status: string; closeReason: string | null }[] };
    expect(items).toMatchObject([{ status: "done", closeReason: "interview_held" }]);

    await page.goto(`${url}/patients/${patient.id}`);
    const pathways = page.getByRole("region", { name: "Parcours" });
    await pathways.getByTestId("pathway-open").getByText("Grossesse").waitFor();
    expect(await pathways.getByTestId("pathway-open").textContent()).toContain(`DDR ${typed(ddr)}`);
    const interviews = page.getByRole("region", { name: "Entretiens d'entrée" });
    const held = interviews.getByTestId("entry-interview");
    await held.getByText("Grossesse").waitFor();
    expect(await held.textContent()).toContain("Dossier patient rempli : Oui");
    expect(await held.textContent()).toContain("Provenance : Site web");
    // The identity card shows the provenance collected.
    await page.getByText("Site web").first().waitFor();
    await page.context().close();
  });
});
