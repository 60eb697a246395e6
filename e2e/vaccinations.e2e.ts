import { addDays } from "date-fns";
import { describe, expect, it } from "vitest";
import { dateToDay, dayToDate } from "../shared/calendar-day.ts";
import { ADMIN, createPatientThroughApi, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

describe("a secretary records a vaccine dose from the child's page", () => {
  it("sees the BCG late, records it given elsewhere, and sees it « Fait »", async () => {
    const page = await browser().newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (e) => console.error("pageerror", e));
    await logIn(page, server().url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").waitFor();

    // The clinic is in Dakar (UTC+0 all year): its today is the UTC day. A baby born 30 days ago.
    const today = new Date().toISOString().slice(0, 10);
    const birthDate = dateToDay(addDays(dayToDate(today), -30));
    const child = await createPatientThroughApi(page, server().url, {
      lastName: "Ndiaye",
      firstName: "Khady",
      birthDate,
      sex: "female",
    });

    await page.goto(`${server().url}/patients/${child.id}`);
    const card = page.getByRole("region", { name: "Vaccinations" });
    const bcg = card.getByTestId("vaccination-dose").filter({ hasText: "BCG" });
    await bcg.getByText("En retard").waitFor();
    expect(await bcg.getAttribute("data-status")).toBe("late");
    // Girls get the HPV doses in their calendar.
    await card.getByText("Papillomavirus (HPV) 1").waitFor();

    await bcg.getByRole("button", { name: "Enregistrer la dose BCG" }).click();
    const form = page.getByRole("dialog").getByRole("form", { name: "Enregistrer" });
    await form.getByRole("radio", { name: "Ailleurs" }).check();
    await form.getByLabel("Remarque").fill("Carnet de santé");
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/vaccination-record.png`, fullPage: true });
    }
    await form.getByRole("button", { name: "Enregistrer", exact: true }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });

    await bcg.getByText("Fait", { exact: true }).waitFor();
    expect(await bcg.getAttribute("data-status")).toBe("done");
    expect(await bcg.textContent()).toContain("Ailleurs");
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/vaccination-card.png`, fullPage: true });
    }

    // Recorded by mistake: removed, the dose is late again.
    await bcg.getByRole("button", { name: "Retirer la dose BCG" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Retirer", exact: true }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await bcg.getByText("En retard").waitFor();

    // The calendar PDF opens from the card.
    const pdf = await page.request.get(`${server().url}/api/patients/${child.id}/vaccinations.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    await page.close();
  });

  it("lets the admin change the lateness and the reminder text, and refuses an unknown variable", async () => {
    const page = await browser().newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (e) => console.error("pageerror", e));
    await logIn(page, server().url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").waitFor();
    await page.goto(`${server().url}/admin/settings`);
    const late = page.getByLabel("En retard après (jours)");
    await late.waitFor();
    expect(await late.inputValue()).toBe("14");
    expect(await page.getByTestId("vaccination-schedule-row").count()).toBe(19);
    await late.fill("21");
    const text = page.getByLabel("Texte du SMS de rappel");
    await text.fill("Rappel {vaccin} pour {prenom_mere}");
    await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
    await page.getByText("variable inconnue : {prenom_mere}", { exact: false }).waitFor();
    await text.fill("Rappel : {vaccin} de {prenom_enfant} le {date}.");
    await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
    await page.getByText("Paramètres enregistrés.").waitFor();
    const saved = await page.request.get(`${server().url}/api/settings`);
    const { settings } = (await saved.json()) as {
      settings: { vaccination: { lateAfterDays: number; smsTemplate: string; schedule: unknown[] } };
    };
    expect(settings.vaccination).toMatchObject({
      lateAfterDays: 21,
      smsTemplate: "Rappel : {vaccin} de {prenom_enfant} le {date}.",
    });
    expect(settings.vaccination.schedule).toHaveLength(19);
    await page.close();
  });
});
