import { describe, expect, it } from "vitest";
import { ADMIN, createProspectThroughApi, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

describe("a receptionist registers a prospect from a phone call", () => {
  it("creates her from a number in national format, is warned of the duplicate, finds her by a partial number", async () => {
    const page = await browser().newPage();
    await logIn(page, server().url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").getByRole("link", { name: "Prospects" }).click();
    await page.getByRole("link", { name: "Nouveau prospect" }).click();

    await page.getByLabel("Nom", { exact: true }).fill("Diop");
    await page.getByLabel("Prénom").fill("Awa");
    await page.getByLabel("Téléphone", { exact: true }).fill("77 804 36 66");
    // A mistyped year is told at once, with the bounds the server holds the day to.
    await page.getByLabel("Date de naissance").fill("12/03/1890");
    await page.getByText(/Date hors limites : du 01\/01\/1900 au \d{2}\/\d{2}\/20\d{2}\./).waitFor();
    await page.getByLabel("Date de naissance").fill("12/03/1990");
    await page.getByText(/Date hors limites/).waitFor({ state: "detached" });
    await page.getByLabel("Origine").selectOption({ label: "Téléphone" });
    await page.getByRole("button", { name: "Créer le prospect" }).click();

    // The record page, with the number stored in E.164 and shown for reading.
    await page.getByRole("heading", { name: /Diop Awa|Awa Diop/ }).waitFor();
    await page.getByText("+221 77 804 36 66").first().waitFor();

    // Second try with the same number written another way: the duplicate is shown first.
    await page.goto(`${server().url}/prospects/new`);
    await page.getByLabel("Nom", { exact: true }).fill("Ndiaye");
    await page.getByLabel("Prénom").fill("Fatou");
    await page.getByLabel("Téléphone", { exact: true }).fill("+221 77 804 36 66");
    await page.getByText("Déjà venue à NEST ?").waitFor();
    await page.getByLabel("Date de naissance").fill("01/01/1991");
    await page.getByLabel("Origine").selectOption({ label: "Téléphone" });
    await page.getByRole("button", { name: "Créer le prospect" }).click();
    await page.getByText("Cette personne semble déjà connue de NEST").waitFor();
    await page.getByRole("button", { name: "Créer quand même" }).waitFor();

    // Lookup from the header by the last digits of her number.
    const search = page.getByLabel("Rechercher une personne");
    await search.fill("8043666");
    const results = page.getByRole("listbox", { name: "Résultats de la recherche" });
    await results.getByRole("option", { name: /Diop Awa/ }).click();
    await page.getByRole("heading", { name: /Diop Awa|Awa Diop/ }).waitFor();
    expect(page.url()).toMatch(/\/prospects\/[0-9a-f-]{36}$/);

    // Only one Awa Diop was created.
    const api = await page.request.get(`${server().url}/api/lookup?q=${encodeURIComponent("77 804 36 66")}`);
    expect((await api.json()).results).toHaveLength(1);
    await page.close();
  });
  it("reads a birth date typed as digits, slashes added as she types, and tells an impossible one", async () => {
    const page = await browser().newPage();
    await logIn(page, server().url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").getByRole("link", { name: "Prospects" }).click();
    await page.getByRole("link", { name: "Nouveau prospect" }).click();
    await page.getByLabel("Nom", { exact: true }).fill("Sall");
    await page.getByLabel("Prénom").fill("Khady");
    await page.getByLabel("Téléphone", { exact: true }).fill("77 611 22 33");
    const birth = page.getByLabel("Date de naissance");
    // 31 February: complete, impossible, told at once rather than later « obligatoire ».
    await birth.pressSequentially("31021990");
    expect(await birth.inputValue()).toBe("31/02/1990");
    await page.getByText("Date invalide.").waitFor();
    await birth.fill("");
    await birth.pressSequentially("0506");
    expect(await birth.inputValue()).toBe("05/06/");
    await birth.pressSequentially("1990");
    expect(await birth.inputValue()).toBe("05/06/1990");
    await page.getByText("Date invalide.").waitFor({ state: "detached" });
    await page.getByLabel("Origine").selectOption({ label: "Téléphone" });
    await page.getByRole("button", { name: "Créer le prospect" }).click();
    await page.getByRole("heading", { name: /Sall Khady|Khady Sall/ }).waitFor();
    const id = /\/prospects\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
    const record = await page.request.get(`${server().url}/api/prospects/${id}`);
    expect((await record.json()).birthDate).toBe("1990-06-05");
    await page.close();
  });

  it("pages through the list by cursor, forwards and back", async () => {
    const page = await browser().newPage();
    const url = server().url;
    await logIn(page, url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").waitFor();
    for (let i = 0; i < 27; i++) {
      await createProspectThroughApi(page, url, {
        lastName: "Sarr",
        firstName: `Mariama${String(i).padStart(2, "0")}`,
        phones: [`76 100 ${String(10 + i).padStart(2, "0")} 00`],
      });
    }
    await page.goto(`${url}/prospects?q=sarr&pageSize=25&sort=lastName&order=asc`);
    await page.getByText("1–25 sur 27 prospects").waitFor();
    await page.getByText("Page 1 sur 2").waitFor();
    expect(await page.getByRole("button", { name: "Précédent" }).isDisabled()).toBe(true);

    await page.getByRole("button", { name: "Suivant" }).click();
    await page.getByText("26–27 sur 27 prospects").waitFor();
    await page.getByText("Page 2 sur 2").waitFor();
    expect(page.url()).toContain("cursor=");
    expect(await page.getByRole("button", { name: "Suivant" }).isDisabled()).toBe(true);

    await page.getByRole("button", { name: "Précédent" }).click();
    await page.getByText("1–25 sur 27 prospects").waitFor();
    await page.getByText("Page 1 sur 2").waitFor();
    await page.close();
  });
});
