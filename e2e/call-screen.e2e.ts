import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ADMIN, createProspectThroughApi, csrfTokenOf, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

const RECEPTIONIST = { email: "awa.ndiaye@nest.sn", temporary: "accueil-provisoire-1", password: "accueil-nest-2026" };
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

let prepared: Promise<void> | null = null;
/** Once per file: the receptionist's account (password changed) and a known caller. */
function prepare(): Promise<void> {
  prepared ??= (async () => {
    const page = await browser().newPage();
    const url = server().url;
    await logIn(page, url, ADMIN.email, ADMIN.password);
    await page.getByRole("heading", { level: 1, name: "Bonjour, Administrateur" }).waitFor();
    const account = await page.request.post(`${url}/api/users`, {
      headers: { "x-csrf-token": await csrfTokenOf(page, url) },
      data: {
        email: RECEPTIONIST.email,
        firstName: "Awa",
        lastName: "Ndiaye",
        role: "reception",
        password: RECEPTIONIST.temporary,
      },
    });
    expect(account.status(), await account.text()).toBe(201);
    await createProspectThroughApi(page, url, {
      lastName: "Faye",
      firstName: "Mariama",
      phones: ["77 654 32 10"],
      birthDate: "1990-02-11",
      temperature: "warm",
    });
    await page.context().close();

    const first = await browser().newPage();
    await logIn(first, url, RECEPTIONIST.email, RECEPTIONIST.temporary);
    await first.getByLabel("Mot de passe actuel").fill(RECEPTIONIST.temporary);
    await first.getByLabel("Nouveau mot de passe").fill(RECEPTIONIST.password);
    await first.getByLabel("Confirmer le mot de passe").fill(RECEPTIONIST.password);
    await first.getByRole("button", { name: "Enregistrer et continuer" }).click();
    await first.getByRole("heading", { level: 1, name: "Bonjour, Awa" }).waitFor();
    await first.context().close();
  })();
  return prepared;
}

async function receptionist(viewport: { width: number; height: number }): Promise<Page> {
  await prepare();
  const context = await browser().newContext({ locale: "fr-FR", viewport });
  const page = await context.newPage();
  await logIn(page, server().url, RECEPTIONIST.email, RECEPTIONIST.password);
  await page.getByRole("heading", { level: 1, name: "Bonjour, Awa" }).waitFor();
  return page;
}

// The tests' TypeScript has no DOM library: the page is reached through an element Playwright types for us.
const isFocused = (page: Page, selector: string) =>
  page.locator("html").evaluate((root, s) => root.ownerDocument.activeElement?.matches(s) ?? false, selector);

/** What is cut on the page's main area: a control outside the screen, a label wider than its box, a sideways scroll. */
function cutElements(page: Page, selector: string): Promise<string[]> {
  return page.locator("html").evaluate((root, selector) => {
    const document = root.ownerDocument;
    const width = document.documentElement.clientWidth;
    const problems: string[] = [];
    for (const element of document.querySelectorAll(`main :is(${selector})`)) {
      if (element.offsetParent === null || element.closest("[aria-hidden='true']")) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0) continue;
      const text = element.textContent?.trim() || element.getAttribute("aria-label") || element.tagName;
      if (box.left < -0.5 || box.right > width + 0.5) problems.push(`outside: ${text} (${box.left}–${box.right})`);
      if (element.scrollWidth > element.clientWidth + 1) {
        problems.push(`clipped: ${text} (${element.scrollWidth} > ${element.clientWidth})`);
      }
    }
    if (document.documentElement.scrollWidth > width) {
      problems.push(`page wider than the screen: ${document.documentElement.scrollWidth} > ${width}`);
    }
    return problems;
  }, selector);
}

/** Whether the conversion table's last column ends within the page's main area and the screen. */
function lastColumnFits(page: Page): Promise<string> {
  return page.locator("html").evaluate((root) => {
    const document = root.ownerDocument;
    const table = document.querySelector("table[aria-label]");
    const last = table?.querySelector("thead th:last-child");
    const main = document.querySelector("main")?.getBoundingClientRect();
    if (!table || !last || !main) return "no table";
    const box = last.getBoundingClientRect();
    return box.right <= Math.min(main.right, document.documentElement.clientWidth) + 0.5
      ? "fits"
      : `last column ends at ${box.right}`;
  });
}

const CONTROLS = "button, .mantine-Button-label, .mantine-SegmentedControl-label, .mantine-Badge-label, label";

const visibleKeyHints = (page: Page) =>
  page
    .locator("html")
    .evaluate((root) => [...root.ownerDocument.querySelectorAll("main kbd")].filter((k) => k.offsetParent).length);

describe("the call screen", () => {
  it("keeps the line's id in the address from its first save, resumes a reload at the step reached, and goes on with Enter at every step", async () => {
    const page = await receptionist(DESKTOP);
    const url = server().url;
    await page.goto(`${url}/appels/nouveau`);
    await page.getByRole("heading", { level: 1, name: "Clinique Nest, Awa, Bonjour" }).waitFor();

    // 1. Enter starts the call: the address names the line at once, the screen stays as it is.
    const created = page.waitForResponse((r) => r.url().endsWith("/api/calls") && r.request().method() === "POST");
    await page.keyboard.press("Enter");
    const { id } = (await (await created).json()) as { id: string };
    await expect.poll(() => new URL(page.url()).searchParams.get("call")).toBe(id);
    expect(new URL(page.url()).pathname).toBe("/appels/nouveau");

    // 2. The request, Enter.
    const request = page.getByLabel("Si j'ai bien compris votre demande, vous souhaitez…");
    await request.waitFor();
    await page.keyboard.type("les tarifs de l'échographie");
    await page.keyboard.press("Enter");
    const lookup = page.getByLabel("Numéro de téléphone de l'appelante");
    await lookup.waitFor();

    // F5 at step 3: the same line, at step 3, the request saved.
    await page.reload();
    await lookup.waitFor();
    expect(new URL(page.url()).searchParams.get("call")).toBe(id);
    await page.getByRole("heading", { level: 1, name: "Clinique Nest, Awa, Bonjour" }).waitFor();
    await expect.poll(() => isFocused(page, "input")).toBe(true);
    // The line says when it opened, in the clinic's words: « Ligne ouverte le 05/12/2026 à 16:56 ».
    await page.getByText(/^Ligne ouverte le \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}$/).waitFor();

    // 3. The number: CAS 1, Enter opens the record, Enter goes on.
    await page.keyboard.type("77 654 32 10");
    await page.getByText("CAS 1 : la fiche existe — ouvrez-la :").waitFor();
    await page.keyboard.press("Enter");
    await page.getByRole("article", { name: "Fiche de l'appelante" }).waitFor();
    await expect.poll(() => isFocused(page, "button")).toBe(true);
    await page.keyboard.press("Enter");

    // 4. The interaction: the focus sits in « Motif » (a list), and Enter records it.
    const motive = page.getByLabel("Motif");
    await motive.waitFor();
    await expect.poll(() => isFocused(page, "select")).toBe(true);
    expect(await motive.inputValue()).toBe("phone_information");
    const interaction = page.waitForResponse(
      (r) => r.url().includes("/interactions") && r.request().method() === "POST",
    );
    await page.keyboard.press("Enter");
    expect((await interaction).status()).toBe(201);

    // 5. The answer: Enter chooses the case the focus is on; Alt+C goes to the closing.
    const firstCase = page.getByRole("button", { name: /CAS 1/ });
    await firstCase.waitFor();
    await expect.poll(() => firstCase.evaluate((b) => b === b.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    await expect.poll(() => firstCase.getAttribute("aria-pressed")).toBe("true");
    await page.keyboard.press("Alt+C");
    await page.getByText("« Merci Madame FAYE et à très bientôt ! Au revoir. »").waitFor();

    // F5 at step 6: still the closing (not the first step with nothing saved), with the caller linked.
    await page.reload();
    await page.getByText("« Merci Madame FAYE et à très bientôt ! Au revoir. »").waitFor();
    await page.getByText("Faye Mariama").first().waitFor();
    const line = (await (await page.request.get(`${url}/api/calls/${id}`)).json()) as {
      request: string | null;
      interactionId: string | null;
      person: { lastName: string } | null;
      outcome: string | null;
    };
    expect(line).toMatchObject({ request: "les tarifs de l'échographie", person: { lastName: "Faye" }, outcome: null });
    expect(line.interactionId).not.toBeNull();

    // 6. Enter on the chosen outcome closes the line; Enter again starts the next call, the address clean.
    await expect.poll(() => isFocused(page, "input[type=radio]")).toBe(true);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Appel terminé" }).waitFor();
    expect((await (await page.request.get(`${url}/api/calls/${id}`)).json()).outcome).toBe("answered");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Commencer l'appel" }).waitFor();
    await expect.poll(() => new URL(page.url()).search).toBe("");
    await page.context().close();
  });

  it("writes a new line once when the server's answer is lost or it says « try again »: sent again with the same key", async () => {
    const page = await receptionist(DESKTOP);
    const url = server().url;
    const lines = async () => {
      const response = await page.request.get(`${url}/api/calls?pageSize=1`);
      expect(response.status()).toBe(200);
      return ((await response.json()) as { total: number }).total;
    };
    const before = await lines();
    // The first POST reaches Relais and is written, then its answer is lost (the proxy says 502); the
    // second is refused by a restarting database (503, nothing written); the third gets through.
    const keys: (string | undefined)[] = [];
    await page.route(`${url}/api/calls`, async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      keys.push(route.request().headers()["idempotency-key"]);
      if (keys.length === 1) {
        await route.fetch();
        return route.fulfill({ status: 502, contentType: "text/html", body: "<h1>502 Bad Gateway</h1>" });
      }
      if (keys.length === 2) {
        return route.fulfill({
          status: 503,
          contentType: "application/json",
          body: JSON.stringify({ error: { code: "database_unavailable", message: "La base ne répond pas." } }),
        });
      }
      return route.continue();
    });
    await page.goto(`${url}/appels/nouveau`);
    await page.getByRole("heading", { level: 1, name: "Clinique Nest, Awa, Bonjour" }).waitFor();
    const created = page.waitForResponse(
      (r) => r.url().endsWith("/api/calls") && r.request().method() === "POST" && r.status() === 201,
    );
    await page.keyboard.press("Enter");
    const answer = await created;
    expect(answer.headers()["idempotent-replayed"]).toBe("true");
    const { id } = (await answer.json()) as { id: string };
    await expect.poll(() => new URL(page.url()).searchParams.get("call")).toBe(id);
    await page.getByLabel("Si j'ai bien compris votre demande, vous souhaitez…").waitFor();
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await lines()).toBe(before + 1);
    await page.context().close();
  });

  it("says the greeting the settings write, for the reception desk, the clinic's line and a transferred call", async () => {
    const page = await receptionist(DESKTOP);
    const url = server().url;
    await page.goto(`${url}/appels/nouveau`);
    const heading = page.getByRole("heading", { level: 1 });
    // The reception's staff answer with procedure 3's formula, the clinic's name as written.
    await page.getByRole("heading", { level: 1, name: "Clinique Nest, Awa, Bonjour" }).waitFor();

    // On the clinic's line (procedure 1), chosen on step 1 and remembered by this browser.
    await page.getByText("Ligne de la clinique").click();
    await page.getByRole("heading", { level: 1, name: "NEST, Awa, BONJOUR !" }).waitFor();
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "NEST, Awa, BONJOUR !" }).waitFor();
    await page.getByText("Accueil (réception)").click();
    await page.getByRole("heading", { level: 1, name: "Clinique Nest, Awa, Bonjour" }).waitFor();

    // A call transferred by the admissions.
    await page.getByRole("switch", { name: "Appel transféré vers moi" }).click();
    await page.getByLabel("Service annoncé").selectOption({ label: "Service des admissions" });
    await page.getByRole("heading", { level: 1, name: "Service des admissions, Awa, bonjour" }).waitFor();

    // The admin rewrites the formulas on the settings page; a formula without the first name is refused.
    const admin = await browser().newPage({ viewport: DESKTOP });
    await logIn(admin, url, ADMIN.email, ADMIN.password);
    await admin.getByRole("heading", { level: 1, name: "Bonjour, Administrateur" }).waitFor();
    await admin.goto(`${url}/admin/settings`);
    const reception = admin.getByLabel("Accueil de la réception (procédure 3)");
    expect(await reception.inputValue()).toBe("Clinique Nest, {prenom}, Bonjour");
    expect(await admin.getByLabel("Objectif de conformité (%)").inputValue()).toBe("90 %");
    await reception.fill("Clinique Nest, bonjour");
    await admin.getByRole("button", { name: "Enregistrer", exact: true }).click();
    await admin.getByText("La formule doit contenir {prenom}.").waitFor();
    await reception.fill("Clinique Nest, {prenom}, Bonjour et bienvenue");
    await admin.getByLabel("Appel transféré", { exact: true }).fill("{service}, {prenom}, Bonjour");
    await admin.getByLabel("Objectif de conformité (%)").fill("85");
    await admin.getByRole("button", { name: "Enregistrer", exact: true }).click();
    await admin.getByText("Paramètres enregistrés.").waitFor();
    const { settings } = (await (await admin.request.get(`${url}/api/settings`)).json()) as {
      settings: { greetings: Record<string, string>; complianceTargetPercent: number };
    };
    expect(settings.complianceTargetPercent).toBe(85);
    expect(settings.greetings.reception).toBe("Clinique Nest, {prenom}, Bonjour et bienvenue");
    await admin.context().close();

    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Clinique Nest, Awa, Bonjour et bienvenue" }).waitFor();
    await page.getByRole("switch", { name: "Appel transféré vers moi" }).click();
    await page.getByLabel("Service annoncé").selectOption({ label: "Service des admissions" });
    await page.getByRole("heading", { level: 1, name: "Service des admissions, Awa, Bonjour" }).waitFor();
    expect(await heading.count()).toBe(1);
    await page.context().close();
  });

  it("fits a phone (390 × 844): a compact stepper, nothing cut, no keyboard hints; at 1366 px nothing is cut either", async () => {
    const page = await receptionist(PHONE);
    const url = server().url;
    await page.goto(`${url}/appels/nouveau`);
    await page.getByRole("heading", { level: 1, name: "Clinique Nest, Awa, Bonjour" }).waitFor();
    await page.getByText("Étape 1 sur 6 : Accueil").waitFor();
    const stepper = page.locator("main .mantine-Stepper-steps");
    expect((await stepper.boundingBox())?.height).toBeLessThan(60);
    expect(await cutElements(page, CONTROLS)).toEqual([]);
    expect(await visibleKeyHints(page)).toBe(0);
    expect(await page.getByRole("heading", { name: "Raccourcis clavier" }).isVisible()).toBe(false);

    await page.getByRole("button", { name: "Commencer l'appel" }).click();
    await page.getByText("Étape 2 sur 6 : Reformuler la demande").waitFor();
    await page.getByLabel("Si j'ai bien compris votre demande, vous souhaitez…").fill("la plaquette");
    expect(await cutElements(page, CONTROLS)).toEqual([]);
    await page.getByRole("button", { name: "Continuer" }).click();
    await page.getByLabel("Numéro de téléphone de l'appelante").fill("77 654 32 10");
    await page.getByText("CAS 1 : la fiche existe — ouvrez-la :").waitFor();
    expect(await cutElements(page, CONTROLS)).toEqual([]);
    await page
      .getByRole("button", { name: /Faye Mariama/ })
      .first()
      .click();
    await page.getByRole("article", { name: "Fiche de l'appelante" }).waitFor();
    expect(await cutElements(page, CONTROLS)).toEqual([]);
    await page.getByRole("button", { name: "Continuer" }).click();
    await page.getByRole("button", { name: "Enregistrer l'interaction" }).click();
    await page.getByRole("button", { name: /Informations \+ envoi de documentation/ }).click();
    const later = page.getByRole("button", { name: "Envoyer plus tard" });
    await later.waitFor();
    expect(await cutElements(page, CONTROLS)).toEqual([]);
    expect(await visibleKeyHints(page)).toBe(0);
    await page.getByText("Étape 5 sur 6 : Répondre").waitFor();

    // The same screen at 1366 × 768: the keys shown, « Envoyer plus tard » whole.
    await page.setViewportSize(DESKTOP);
    await expect.poll(() => visibleKeyHints(page)).toBeGreaterThan(0);
    await page.getByRole("heading", { name: "Raccourcis clavier" }).waitFor();
    expect(await page.getByText("Étape 5 sur 6 : Répondre").count()).toBe(0);
    expect(await cutElements(page, CONTROLS)).toEqual([]);
    await page.context().close();
  });

  it("cuts no status badge in the prospects list nor the conversion table's last column at 1366 px", async () => {
    await prepare();
    const page = await browser().newPage({ viewport: DESKTOP });
    const url = server().url;
    await logIn(page, url, ADMIN.email, ADMIN.password);
    await page.getByRole("heading", { level: 1, name: "Bonjour, Administrateur" }).waitFor();
    await createProspectThroughApi(page, url, {
      lastName: "Sarr",
      firstName: "Khady",
      phones: ["78 222 33 44"],
      email: "khady.sarr.longue-adresse-pour-voir@example.sn",
      birthDate: "1993-05-02",
      temperature: "warm",
    });

    // Every column of the list shown, as a secretary may choose: the table is crowded.
    const columns = [
      "lastName",
      "firstName",
      "phones",
      "birthDate",
      "email",
      "firstContactDate",
      "origin",
      "temperature",
      "status",
      "lastInteractionAt",
      "createdAt",
      "possibleDuplicate",
    ];
    await page.addInitScript(
      `localStorage.setItem("relais.columns.prospects", ${JSON.stringify(JSON.stringify(columns))});`,
    );
    await page.goto(`${url}/prospects`);
    await page.getByRole("link", { name: /Sarr/ }).first().waitFor();
    await page.locator("main .mantine-Badge-root", { hasText: "Tiède" }).first().waitFor();
    await page.locator("main .mantine-Badge-root", { hasText: "Normal" }).first().waitFor();
    expect(await cutElements(page, ".mantine-Badge-label, .mantine-Badge-root")).toEqual([]);

    const today = new Date().toISOString().slice(0, 10); // Dakar is UTC+0.
    await page.goto(`${url}/suivi-conversion?du=${today}`);
    await expect.poll(() => page.getByTestId("conversion-line").count()).toBeGreaterThan(0);
    const fits = await lastColumnFits(page);
    expect(fits).toBe("fits");
    expect(await cutElements(page, ".mantine-Badge-label, td a, th")).toEqual([]);
    await page.context().close();
  });
});
