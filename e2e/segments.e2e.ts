import { describe, expect, it } from "vitest";
import { ADMIN, createPatientThroughApi, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

/** Issue 16: a segment built in the page, its live count following the criteria, then saved. */
describe("segments", () => {
  it("counts as the criteria change, previews the people, saves the segment", async () => {
    const url = server().url;
    const page = await browser().newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (e) => console.error("pageerror", e));
    await logIn(page, url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").waitFor();
    await createPatientThroughApi(page, url, {
      lastName: "Diallo",
      firstName: "Mariama",
      phones: ["77 111 22 33"],
      email: "mariama@example.sn",
    });
    await createPatientThroughApi(page, url, { lastName: "Faye", firstName: "Ndeye", phones: ["33 820 11 22"] });

    await page.goto(`${url}/segments`);
    const count = page.getByTestId("segment-count");
    await expect.poll(() => count.textContent()).toBe("2 personnes");
    await page.getByRole("link", { name: "Faye Ndeye" }).waitFor();

    // « A un e-mail valide : Oui » leaves Mariama alone; « A un mobile : Non » leaves nobody.
    await page.getByRole("combobox", { name: "A un e-mail valide" }).click();
    await page.getByRole("option", { name: "Oui" }).click();
    await expect.poll(() => count.textContent()).toBe("1 personne");
    await expect.poll(() => page.getByRole("link", { name: "Faye Ndeye" }).count()).toBe(0);
    await page.getByRole("link", { name: "Diallo Mariama" }).waitFor();
    await page.getByRole("combobox", { name: "A un mobile" }).click();
    await page.getByRole("option", { name: "Non" }).click();
    await expect.poll(() => count.textContent()).toBe("0 personne");
    await page.getByRole("combobox", { name: "A un mobile" }).click();
    await page.getByRole("option", { name: "Indifférent" }).click();
    await expect.poll(() => count.textContent()).toBe("1 personne");

    await page.getByLabel("Nom du segment").fill("Patientes avec e-mail");
    await page.getByRole("button", { name: "Enregistrer le segment" }).click();
    await page.getByText("Segment « Patientes avec e-mail » enregistré.").waitFor();
    const saved = await page.request.get(`${url}/api/segments`);
    expect(((await saved.json()) as { items: unknown[] }).items).toMatchObject([
      { name: "Patientes avec e-mail", filter: { hasEmail: true }, version: 1 },
    ]);
    // The saved segment is in the list; opening it shows its criteria and its count.
    await page.getByRole("button", { name: "Nouveau segment" }).click();
    await expect.poll(() => count.textContent()).toBe("2 personnes");
    await page.getByText("Patientes avec e-mail", { exact: true }).click();
    await expect.poll(() => count.textContent()).toBe("1 personne");
  });
});
