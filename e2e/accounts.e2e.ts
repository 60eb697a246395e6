import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, logIn, type RunningServer, startServer } from "./support.ts";

let browser: Browser;
let server: RunningServer;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function changeTemporaryPassword(page: Page, current: string, next: string) {
  await page.getByRole("heading", { name: "Changer votre mot de passe" }).waitFor();
  await page.getByLabel("Mot de passe actuel").fill(current);
  await page.getByLabel("Nouveau mot de passe").fill(next);
  await page.getByLabel("Confirmer le mot de passe").fill(next);
  await page.getByRole("button", { name: "Enregistrer et continuer" }).click();
}

async function signOut(page: Page, userName: string) {
  await page.getByRole("button", { name: new RegExp(userName) }).click();
  await page.getByRole("menuitem", { name: "Se déconnecter" }).click();
  await page.getByRole("button", { name: "Se connecter" }).waitFor();
}

describe("accounts and roles, in a real browser", () => {
  it("the admin signs in with the printed password, creates a receptionist, who is refused the admin pages", async () => {
    const printed = /mot de passe : (\S+)/.exec(server.output())?.[1];
    expect(printed, server.output()).toBeDefined();
    const context = await browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });

    // First start: the admin's generated password works once, then must be changed.
    await page.goto(server.url);
    await page.getByRole("button", { name: "Se connecter" }).waitFor();
    await logIn(page, server.url, "admin@nest.sn", "mauvais-mot-de-passe");
    await page.getByText("Adresse e-mail ou mot de passe incorrect.").waitFor();
    await logIn(page, server.url, "admin@nest.sn", printed ?? "");
    await changeTemporaryPassword(page, printed ?? "", "phare-des-almadies-26");
    await page.getByRole("heading", { name: /Bonjour, Administrateur/ }).waitFor();

    // Administration → Utilisateurs → Nouvel utilisateur.
    await page.getByRole("navigation").getByRole("link", { name: "Utilisateurs" }).click();
    await page.getByRole("button", { name: "Nouvel utilisateur" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Adresse e-mail").fill("awa.diop@nest.sn");
    await dialog.getByLabel("Prénom").fill("Awa");
    await dialog.getByLabel("Nom", { exact: true }).fill("Diop");
    await dialog.getByLabel("Rôle").selectOption({ label: "Chargé(e) d'accueil" });
    await dialog.getByLabel("Mot de passe provisoire").fill("accueil-provisoire");
    await dialog.getByRole("button", { name: "Créer" }).click();
    await page.getByRole("cell", { name: "awa.diop@nest.sn" }).waitFor();
    await signOut(page, "Administrateur");

    // The receptionist signs in, changes the temporary password, sees no administration.
    await logIn(page, server.url, "awa.diop@nest.sn", "accueil-provisoire");
    await changeTemporaryPassword(page, "accueil-provisoire", "accueil-baobab-2026");
    await page.getByRole("heading", { name: "Bonjour, Awa" }).waitFor();
    expect(await page.getByRole("link", { name: "Utilisateurs" }).count()).toBe(0);

    for (const adminPage of ["/admin/users", "/admin/api-keys", "/admin/settings", "/admin/audit"]) {
      await page.goto(`${server.url}${adminPage}`);
      await page.getByRole("heading", { name: "Accès refusé" }).waitFor();
    }
    // The API refuses as well, whatever the page shows.
    const api = await page.request.get(`${server.url}/api/users`);
    expect(api.status()).toBe(403);
    expect((await api.json()).error.message).toBe("Vous n'avez pas les droits nécessaires pour cette action.");

    expect(consoleErrors.filter((text) => /Content Security Policy/.test(text))).toEqual([]);
    await context.close();
  });
});
