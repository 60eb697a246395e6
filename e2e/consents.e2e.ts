import { describe, expect, it } from "vitest";
import { ADMIN, createPatientThroughApi, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

describe("the consent register on a patient's page (loi 2008-12)", () => {
  it("records a newsletter consent by e-mail in the modal, with its wording; the grid and the history show it", async () => {
    const page = await browser().newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (e) => console.error("pageerror", e));
    const url = server().url;
    await logIn(page, url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").waitFor();
    const patient = await createPatientThroughApi(page, url, {
      lastName: "Faye",
      firstName: "Aminata",
      phones: ["77 321 54 76"],
      email: "aminata.faye@example.sn",
    });

    await page.goto(`${url}/patients/${patient.id}`);
    const card = page.getByRole("region", { name: "Consentements" });
    const cell = card.getByTestId("consent-newsletter-email");
    await expect.poll(() => cell.textContent()).toContain("Jamais demandé");
    await card.getByText("Aucun consentement enregistré").waitFor();

    await cell.getByRole("button", { name: "Accorder · Newsletters · E-mail" }).click();
    const dialog = page.getByRole("dialog", { name: "Accord : Newsletters par E-mail" });
    // The wording that will be stored, as the register keeps it.
    await expect
      .poll(() => dialog.getByTestId("consent-wording").textContent())
      .toContain("J'accepte de recevoir les newsletters de la clinique");
    // Saying how she said it is required.
    await dialog.getByRole("button", { name: "Enregistrer l'accord" }).click();
    await dialog.getByText("Indiquez comment elle l'a dit.").waitFor();
    await dialog.getByLabel("Comment l'a-t-elle dit ?").selectOption({ label: "Appel" });
    await dialog.getByLabel("Note (facultative)").fill("Préfère l'e-mail");
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/consent-modal.png`, fullPage: true });
    }
    await dialog.getByRole("button", { name: "Enregistrer l'accord" }).click();
    await dialog.waitFor({ state: "detached" });

    await expect.poll(() => cell.textContent()).toMatch(/Accordé depuis le \d{2}\/\d{2}\/\d{4}/);
    const entry = card.getByTestId("consent-entry");
    await expect.poll(() => entry.count()).toBe(1);
    const text = await entry.textContent();
    expect(text).toContain("Accordé · Newsletters · E-mail");
    expect(text).toContain("Appel");
    expect(text).toContain("Préfère l'e-mail");
    // The wording kept with the entry is there on hover (and for screen readers).
    await entry.getByText("Accordé · Newsletters · E-mail").hover();
    await page.getByRole("tooltip").filter({ hasText: "J'accepte de recevoir les newsletters" }).waitFor();
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/consent-card.png`, fullPage: true });
    }

    const register = await page.request.get(`${url}/api/people/${patient.id}/consents`);
    expect(await register.json()).toMatchObject({
      current: [{ purpose: "newsletter", channel: "email", granted: true, source: "call" }],
      history: [{ note: "Préfère l'e-mail", recordedBy: { name: expect.any(String) } }],
    });
  });
});
