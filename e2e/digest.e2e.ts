import { describe, expect, it } from "vitest";
import { ADMIN, createProspectThroughApi, csrfTokenOf, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

/** Yesterday in Dakar (UTC+0 all year) at a given UTC time, and that day as dd/mm/yyyy. */
function yesterdayAt(time: string) {
  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const [y, m, d] = day.split("-");
  return { instant: `${day}T${time}Z`, day, shown: `${d}/${m}/${y}` };
}

describe("the prospects manager works through yesterday's interactions", () => {
  it("sees them, marks them processed, finds them again under « lignes traitées », undoes a mark", async () => {
    const page = await browser().newPage();
    const url = server().url;
    await logIn(page, url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").getByRole("link", { name: "Suivi quotidien" }).waitFor();

    const headers = { "x-csrf-token": await csrfTokenOf(page, url) };
    const prospect = await createProspectThroughApi(page, url, {
      lastName: "Gueye",
      firstName: "Ndeye",
      phones: ["77 321 54 76"],
      birthDate: "1993-04-02",
      temperature: "warm",
    });
    const morning = yesterdayAt("09:40:00");
    const evening = yesterdayAt("17:05:00");
    for (const [at, comment] of [
      [morning.instant, "Demande le devis accouchement"],
      [evening.instant, "Rappel : veut passer visiter la maternité"],
    ] as const) {
      const created = await page.request.post(`${url}/api/prospects/${prospect.id}/interactions`, {
        headers,
        data: { channel: "phone_in", occurredAt: at, requestTypes: ["delivery_quote"], comment },
      });
      expect(created.status(), await created.text()).toBe(201);
    }

    await page.getByRole("navigation").getByRole("link", { name: "Suivi quotidien" }).click();
    await page.getByRole("heading", { name: "Suivi quotidien" }).waitFor();
    const lines = page.getByTestId("digest-line");
    await expect.poll(() => lines.count()).toBe(2);
    await page.getByText("Demande le devis accouchement").waitFor();
    await page.getByText("DEVIS ACCOUCHEMENT").first().waitFor();
    await page.getByText("+221 77 321 54 76").first().waitFor();
    expect(await page.getByRole("link", { name: "Télécharger (XLSX)" }).getAttribute("href")).toBe(
      `/api/digest/export.xlsx?day=${morning.day}&processed=false`,
    );

    // Tick the morning line and mark it: it leaves the list.
    await page.getByRole("checkbox", { name: "Sélectionner la ligne de Gueye Ndeye" }).first().check();
    await page.getByRole("button", { name: "Marquer comme traitée (1)" }).click();
    await page.getByText("1 ligne marquée comme traitée.").waitFor();
    await expect.poll(() => lines.count()).toBe(1);
    await page.getByText("Rappel : veut passer visiter la maternité").waitFor();

    // The other one, from its own button: the list is empty, and says so.
    await page.getByRole("button", { name: "Marquer comme traitée : Gueye Ndeye" }).click();
    await page.getByText(`Toutes les interactions du ${morning.shown} sont traitées.`, { exact: false }).waitFor();

    // Shown again on demand, with who processed them; one mark undone.
    // The switch lives in the address (?processed=all): the router applies it a moment after the click.
    const showProcessed = page.getByLabel("Afficher les lignes traitées");
    await showProcessed.click();
    await expect.poll(() => showProcessed.isChecked()).toBe(true);
    await expect.poll(() => lines.count()).toBe(2);
    await expect.poll(() => page.getByText("Traitée", { exact: true }).count()).toBe(2);
    await lines.first().getByRole("button", { name: "Annuler" }).click();
    await page.getByText("Marque annulée : la ligne revient dans la liste.").waitFor();
    await showProcessed.click();
    await expect.poll(() => showProcessed.isChecked()).toBe(false);
    await expect.poll(() => lines.count()).toBe(1);
    await page.getByText("Demande le devis accouchement").waitFor();

    // The name opens the record.
    await lines.first().getByRole("link", { name: "Gueye Ndeye" }).click();
    await page.waitForURL(`${url}/prospects/${prospect.id}`);
    await page.close();
  });
});
