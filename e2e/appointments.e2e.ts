import { describe, expect, it } from "vitest";
import { ADMIN, createProspectThroughApi, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

describe("an admin sets up a room and books two overlapping appointments", () => {
  it("creates the room, books a prospect, is warned of the clash and books anyway", async () => {
    const page = await browser().newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (e) => console.error("pageerror", e));
    await logIn(page, server().url, ADMIN.email, ADMIN.password);

    // Administration › Planification: a room on the CLINIQUE site (the first site, chosen by default).
    await page.getByRole("navigation").getByRole("link", { name: "Planification" }).click();
    await page.getByRole("button", { name: "Nouvelle salle" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Nom").fill("Salle de consultation 1");
    await dialog.getByRole("button", { name: "Ajouter" }).click();
    await page.getByRole("cell", { name: "Salle de consultation 1" }).waitFor();
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/admin.png`, fullPage: true });

    // A prospect, through the API as the web app calls it (session cookie + CSRF token).
    const prospect = await createProspectThroughApi(page, server().url, {
      lastName: "Ndiaye",
      firstName: "Fatou",
      phones: ["77 123 45 67"],
      birthDate: "1992-06-14",
    });

    const bookAt = async (time: string) => {
      await page.getByRole("button", { name: "Prendre rendez-vous" }).click();
      const form = page.getByRole("dialog").getByRole("form", { name: "Prendre rendez-vous" });
      await form.getByLabel("Heure").fill(time);
      await form.getByLabel("Salle", { exact: true }).click();
      await page.getByRole("option", { name: "Salle de consultation 1" }).click();
      await form.getByRole("button", { name: "Réserver", exact: true }).click();
      return form;
    };

    await page.goto(`${server().url}/prospects/${prospect.id}`);
    await page.getByRole("heading", { name: "Rendez-vous", exact: true }).waitFor();
    await bookAt("10:00");
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await page.getByText("Prévu").first().waitFor();

    // The same room a quarter of an hour later: the clash is shown before anything is booked.
    const form = await bookAt("10:15");
    const warning = form.getByRole("alert").filter({ hasText: "Conflit de planning" });
    await warning.waitFor();
    await warning.getByText(/Ndiaye Fatou/).waitFor();
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/clash.png`, fullPage: true });
    const before = await (await page.request.get(`${server().url}/api/appointments?personId=${prospect.id}`)).json();
    expect(before.total).toBe(1);

    await warning.getByRole("button", { name: "Réserver quand même" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    const after = await (await page.request.get(`${server().url}/api/appointments?personId=${prospect.id}`)).json();
    expect(after.total).toBe(2);
    expect(after.items.filter((a: { clashAccepted: boolean }) => a.clashAccepted)).toHaveLength(1);

    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/person.png`, fullPage: true });

    // The room planning shows both, in red.
    await page.getByRole("navigation").getByRole("link", { name: "Planning des salles" }).click();
    await page.getByText(/2 rendez-vous en conflit/).waitFor();
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/planning.png`, fullPage: true });
    // An appointment opens from the planning, with its history.
    await page.getByRole("button", { name: /^10:00–10:30 Ndiaye Fatou/ }).click();
    const detail = page.getByRole("dialog", { name: "Rendez-vous" });
    await detail.getByText("Historique").waitFor();
    await detail.getByText("Réservé", { exact: true }).waitFor();
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/detail.png`, fullPage: true });
    await page.keyboard.press("Escape");
    await detail.waitFor({ state: "detached" });

    await page.getByText("Semaine", { exact: true }).click();
    await page.getByRole("columnheader", { name: /lundi/i }).waitFor();
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/week.png`, fullPage: true });
    await page.close();
  });
});
