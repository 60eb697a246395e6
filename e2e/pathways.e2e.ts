import { addDays } from "date-fns";
import { describe, expect, it } from "vitest";
import { dateToDay, dayToDate } from "../shared/calendar-day.ts";
import { dpaFromDdr, formatGestationalAge, gestationalAge } from "../shared/pregnancy.ts";
import { ADMIN, createPatientThroughApi, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

/** "YYYY-MM-DD" → "dd/mm/yyyy", as typed and shown. */
const typed = (day: string) => day.split("-").reverse().join("/");

describe("a secretary starts a pregnancy pathway from the patient's page", () => {
  it("types the DDR, sees the DPA computed, and the card shows the DDR, the DPA and the age in SA", async () => {
    const page = await browser().newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (e) => console.error("pageerror", e));
    await logIn(page, server().url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").waitFor();

    const patient = await createPatientThroughApi(page, server().url, {
      lastName: "Diop",
      firstName: "Aïssatou",
      phones: ["77 345 67 89"],
    });

    // The clinic is in Dakar (UTC+0 all year): its today is the UTC day. A DDR 100 days ago is 14 SA + 2 j.
    const today = new Date().toISOString().slice(0, 10);
    const ddr = dateToDay(addDays(dayToDate(today), -100));
    const dpa = dpaFromDdr(ddr, "french");
    const age = gestationalAge(ddr, today);
    expect(age).toEqual({ weeks: 14, days: 2 });
    const label = formatGestationalAge(age as { weeks: number; days: number });

    await page.goto(`${server().url}/patients/${patient.id}`);
    const card = page.getByRole("region", { name: "Parcours" });
    await card.getByText("Sans parcours.").waitFor();
    await card.getByRole("button", { name: "Démarrer un parcours" }).click();

    const form = page.getByRole("dialog").getByRole("form", { name: "Démarrer un parcours" });
    await form.getByRole("radio", { name: "Grossesse" }).check();
    await form.getByLabel("DDR (date des dernières règles)").fill(typed(ddr));
    const derived = form.getByTestId("pathway-derived");
    await expect.poll(() => derived.textContent()).toContain(`DPA calculée : ${typed(dpa)}`);
    expect(await derived.textContent()).toContain(`Soit ${label} aujourd'hui`);
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/pathway-start.png`, fullPage: true });
    }
    await form.getByRole("button", { name: "Démarrer", exact: true }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });

    const open = card.getByTestId("pathway-open");
    await open.getByText("Grossesse").waitFor();
    const text = await open.textContent();
    expect(text).toContain(`DDR ${typed(ddr)}`);
    expect(text).toContain(`DPA ${typed(dpa)}`);
    expect(await open.getByTestId("gestational-age").textContent()).toContain(label);
    expect(text).toMatch(/\d+ SA \+ \d j/);
    await open.getByText("Appel de préparation à la naissance (36 SA)").waitFor();
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/pathway-card.png`, fullPage: true });
    }

    // Closing it: the reason, then the pathway moves to the past ones.
    await open.getByRole("button", { name: "Clôturer" }).click();
    const end = page.getByRole("dialog").getByRole("form", { name: "Clôturer le parcours" });
    await end.getByRole("button", { name: "Clôturer le parcours" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    const past = card.getByTestId("pathway-past");
    await past.getByText("Accouchement").waitFor();
    await card.getByText("Sans parcours.").waitFor();

    // The patient list's « Parcours » filter: she is « sans parcours » now, no longer in a pregnancy.
    await page.goto(`${server().url}/patients?q=A%C3%AFssatou`);
    const filter = page.getByLabel("Parcours");
    const her = page.getByRole("row").filter({ hasText: "Aïssatou" });
    await her.first().waitFor();
    await filter.selectOption({ label: "Grossesse" });
    await expect.poll(() => page.url()).toContain("pathway=pregnancy");
    await page.getByText("Aucune fiche ne correspond à ces filtres.").waitFor();
    expect(await her.count()).toBe(0);
    await filter.selectOption({ label: "Sans parcours" });
    await expect.poll(() => page.url()).toContain("pathway=none");
    await her.first().waitFor();
  });
});
