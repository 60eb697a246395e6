import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ADMIN, createProspectThroughApi, csrfTokenOf, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

const RECEPTIONIST = { email: "khady.sow@nest.sn", temporary: "accueil-provisoire-7", password: "accueil-carnet-2026" };

interface CallLine {
  id: string;
  callerName: string | null;
  request: string | null;
  personId: string | null;
  capturedAt: string | null;
  receivedAt: string;
  createdAt: string;
}

// The tests' TypeScript has no DOM library: the page is reached through an element Playwright types for us.
const serviceWorkerControls = (page: Page) =>
  page.locator("html").evaluate(async (root) => {
    const navigator = root.ownerDocument.defaultView?.navigator;
    if (!navigator?.serviceWorker) return false;
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });

/** How many people this browser keeps for the offline lookup (IndexedDB, written after the record is shown). */
const peopleSeen = (page: Page) =>
  page.locator("html").evaluate(
    (root) =>
      new Promise<number>((resolve) => {
        const open = root.ownerDocument.defaultView?.indexedDB.open("relais-offline");
        if (!open) return resolve(0);
        open.onerror = () => resolve(0);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("people")) return resolve(0);
          const count = db.transaction("people").objectStore("people").count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => resolve(0);
        };
      }),
  );

/** How many colleagues the offline form can leave a message for (the staff list kept in IndexedDB). */
const colleaguesKept = (page: Page) =>
  page.locator("html").evaluate(
    (root) =>
      new Promise<number>((resolve) => {
        const open = root.ownerDocument.defaultView?.indexedDB.open("relais-offline");
        if (!open) return resolve(0);
        open.onerror = () => resolve(0);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("meta")) return resolve(0);
          const read = db.transaction("meta").objectStore("meta").get("directory");
          read.onsuccess = () => resolve((read.result as { staff?: unknown[] } | undefined)?.staff?.length ?? 0);
          read.onerror = () => resolve(0);
        };
      }),
  );

async function typeCall(page: Page, fields: { phone: string; name: string; request: string }) {
  await page.getByLabel("Numéro de l'appelante").fill(fields.phone);
  await page.getByLabel("Nom de l'appelante").fill(fields.name);
  await page.getByLabel("Sa demande").fill(fields.request);
}

async function save(page: Page) {
  await page.getByRole("button", { name: "Enregistrer l'appel" }).click();
  await page.getByText("Appel enregistré dans ce navigateur, en attente de synchronisation.").waitFor();
  // The form is empty again for the next call.
  await expect.poll(() => page.getByLabel("Nom de l'appelante").inputValue()).toBe("");
}

let prepared: Promise<{ knownId: string }> | null = null;
/** Once per file: the receptionist's account (password changed) and a prospect she will have seen. */
function prepare(): Promise<{ knownId: string }> {
  prepared ??= (async () => {
    const url = server().url;
    const admin = await browser().newPage();
    await logIn(admin, url, ADMIN.email, ADMIN.password);
    await admin.getByRole("heading", { level: 1, name: "Bonjour, Administrateur" }).waitFor();
    const account = await admin.request.post(`${url}/api/users`, {
      headers: { "x-csrf-token": await csrfTokenOf(admin, url) },
      data: {
        email: RECEPTIONIST.email,
        firstName: "Khady",
        lastName: "Sow",
        role: "reception",
        password: RECEPTIONIST.temporary,
      },
    });
    expect(account.status(), await account.text()).toBe(201);
    const known = await createProspectThroughApi(admin, url, {
      lastName: "Faye",
      firstName: "Mariama",
      phones: ["77 654 32 10"],
      temperature: "warm",
    });
    await admin.context().close();
    const first = await browser().newPage();
    await logIn(first, url, RECEPTIONIST.email, RECEPTIONIST.temporary);
    await first.getByLabel("Mot de passe actuel").fill(RECEPTIONIST.temporary);
    await first.getByLabel("Nouveau mot de passe").fill(RECEPTIONIST.password);
    await first.getByLabel("Confirmer le mot de passe").fill(RECEPTIONIST.password);
    await first.getByRole("button", { name: "Enregistrer et continuer" }).click();
    await first.getByRole("heading", { level: 1, name: "Bonjour, Khady" }).waitFor();
    await first.context().close();
    return { knownId: known.id };
  })();
  return prepared;
}

/** The receptionist signed in on a fresh browser, on the call screen, the service worker in control. */
async function receptionistOnCallScreen(): Promise<{ page: Page; context: BrowserContext }> {
  const url = server().url;
  const context = await browser().newContext({ locale: "fr-FR", viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await logIn(page, url, RECEPTIONIST.email, RECEPTIONIST.password);
  await page.getByRole("heading", { level: 1, name: "Bonjour, Khady" }).waitFor();
  await page.goto(`${url}/appels/nouveau`);
  await page.getByRole("heading", { level: 1, name: /Bonjour/ }).waitFor();
  // Installing the service worker precaches the shell and the call screen: slow on a busy machine.
  await expect.poll(() => serviceWorkerControls(page), { timeout: 60_000 }).toBe(true);
  // The staff and services lists are kept for the offline form's message recipients.
  await expect.poll(() => colleaguesKept(page)).toBeGreaterThan(0);
  return { page, context };
}

/** The known prospect's record opened online: the browser keeps it for the offline lookup. */
async function openKnownRecord(page: Page, knownId: string) {
  await page.goto(`${server().url}/prospects/${knownId}`);
  await page.getByRole("heading", { level: 1, name: /Faye/ }).waitFor();
  await expect.poll(() => peopleSeen(page)).toBe(1);
}

describe("calls captured offline", () => {
  it("keeps three calls and a prospect typed offline through a reload, and sends each once when the network is back", async () => {
    const url = server().url;
    const { knownId } = await prepare();
    const { page, context } = await receptionistOnCallScreen();
    // Online: the record opened once is kept for the offline lookup.
    await openKnownRecord(page, knownId);
    await page.goto(`${url}/appels/nouveau`);
    await page.getByRole("heading", { level: 1, name: /Bonjour/ }).waitFor();

    // The network drops (the page and its service worker): the call screen becomes the offline form.
    await context.setOffline(true);
    await page.getByRole("heading", { level: 1, name: "Prendre un appel (hors ligne)" }).waitFor();

    // 1. A caller not known.
    await typeCall(page, { phone: "77 100 00 01", name: "Mme Gueye", request: "Horaires des consultations" });
    await save(page);

    // 2. A known caller, found among the records seen on this desk (a partial answer, said so).
    await typeCall(page, { phone: "77 654 32 10", name: "Mariama Faye", request: "Résultats d'échographie" });
    await page.getByLabel("Rechercher une fiche déjà consultée").fill("Faye");
    await page.getByText("Résultats partiels (hors ligne)").waitFor();
    await page.getByRole("button", { name: /Faye Mariama/ }).click();
    await page.getByText("Appel rattaché à Faye Mariama.").waitFor();
    await save(page);

    // 3. A new caller, for whom a prospect is created.
    await typeCall(page, { phone: "77 200 00 02", name: "Awa Diallo", request: "Préparation à l'accouchement" });
    await page.getByLabel("Créer un prospect pour cette appelante").check();
    await page.getByLabel("Nom", { exact: true }).fill("Diallo");
    await page.getByLabel("Prénom", { exact: true }).fill("Awa");
    await save(page);

    const pending = page.getByTestId("pending-sync");
    await expect.poll(() => pending.textContent()).toBe("4 en attente de synchronisation");

    // A reload while offline: the service worker serves the app, the queue is still there.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Prendre un appel (hors ligne)" }).waitFor();
    await expect.poll(() => pending.textContent()).toBe("4 en attente de synchronisation");
    // The panel lists them in the order they were typed, the prospect before the call that points at it.
    await pending.click();
    const items = page.getByTestId("queue-item");
    await expect.poll(() => items.count()).toBe(4);
    expect(await items.allTextContents()).toEqual([
      expect.stringContaining("Mme Gueye"),
      expect.stringContaining("Mariama Faye"),
      expect.stringContaining("Diallo Awa"),
      expect.stringContaining("Awa Diallo"),
    ]);
    await page.keyboard.press("Escape");

    // The network is back: everything leaves, once.
    await context.setOffline(false);
    await expect.poll(() => pending.count(), { timeout: 60_000 }).toBe(0);

    const register = await page.request.get(`${url}/api/calls?pageSize=200`);
    const lines = ((await register.json()) as { items: CallLine[] }).items;
    expect(lines.map((l) => l.callerName).sort()).toEqual(["Awa Diallo", "Mariama Faye", "Mme Gueye"]);
    for (const line of lines) {
      // Timed by their capture on the desk, received later by the server.
      expect(line.capturedAt).not.toBeNull();
      expect(line.receivedAt).toBe(line.capturedAt);
      expect(Date.parse(line.createdAt)).toBeGreaterThanOrEqual(Date.parse(line.capturedAt ?? ""));
    }
    const byName = new Map(lines.map((l) => [l.callerName, l]));
    expect(byName.get("Mariama Faye")?.personId).toBe(knownId);
    expect(byName.get("Mme Gueye")?.personId).toBeNull();

    const prospects = await page.request.get(`${url}/api/prospects?q=Diallo`);
    const created = ((await prospects.json()) as { items: { id: string; lastName: string }[] }).items;
    expect(created.map((p) => p.lastName)).toEqual(["Diallo"]);
    expect(byName.get("Awa Diallo")?.personId).toBe(created[0]?.id);

    // Sending again (the answers lost, say) changes nothing: the queue is empty, and a reload sends nothing more.
    await page.reload();
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    const again = ((await (await page.request.get(`${url}/api/calls?pageSize=200`)).json()) as { items: CallLine[] })
      .items;
    expect(again).toHaveLength(3);
    await context.close();
  });

  it("shows a prospect created meanwhile from another desk for a decision, and links the call and its message to it", async () => {
    const url = server().url;
    await prepare();
    const { page, context } = await receptionistOnCallScreen();
    await context.setOffline(true);
    await page.getByRole("heading", { level: 1, name: "Prendre un appel (hors ligne)" }).waitFor();

    // A new caller: a prospect, and a message for a colleague.
    await typeCall(page, { phone: "77 300 00 03", name: "Fatou Sarr", request: "Devis pour un accouchement" });
    await page.getByLabel("Créer un prospect pour cette appelante").check();
    await page.getByLabel("Nom", { exact: true }).fill("Sarr");
    await page.getByLabel("Prénom", { exact: true }).fill("Fatou");
    await page.getByLabel("Laisser un message pour un collègue").check();
    await page.getByLabel("Destinataire").selectOption({ label: "Administrateur Relais" });
    await page.getByLabel("Message", { exact: true }).fill("Rappeler Mme Sarr pour le devis");
    await save(page);
    const pending = page.getByTestId("pending-sync");
    await expect.poll(() => pending.textContent()).toBe("3 en attente de synchronisation");

    // Meanwhile the same caller reached another desk, which created her record.
    const other = await browser().newPage();
    await logIn(other, url, ADMIN.email, ADMIN.password);
    await other.getByRole("heading", { level: 1, name: "Bonjour, Administrateur" }).waitFor();
    const existing = await createProspectThroughApi(other, url, {
      lastName: "Sarr",
      firstName: "Fatou",
      phones: ["77 300 00 03"],
    });

    // Back online: the prospect waits for a decision, and so do the call and the message that depend on it.
    await context.setOffline(false);
    await expect.poll(() => pending.textContent(), { timeout: 60_000 }).toBe("3 en attente de synchronisation");
    await pending.click();
    await page.getByText(/Une fiche semblable existe déjà/).waitFor();
    // What was typed is shown, to read, copy or correct.
    const content = page.getByTestId("blocked-content");
    expect(await content.getByLabel("Nom", { exact: true }).inputValue()).toBe("Sarr");
    expect(await content.getByLabel("Numéro de l'appelante").inputValue()).toBe("77 300 00 03");
    await page.getByRole("button", { name: "Copier" }).waitFor();
    // Abandoning loses the entry: it is asked first, and can be taken back.
    await page.getByRole("button", { name: "Abandonner" }).click();
    await page.getByText(/Abandonner cette saisie \?/).waitFor();
    await page.getByRole("button", { name: "Non, la garder" }).click();
    await page.getByRole("button", { name: "Lier à cette fiche" }).click();
    await expect.poll(() => pending.count(), { timeout: 60_000 }).toBe(0);

    // One record, the call and the message on it; nothing merged, nothing created twice.
    const people = (await (await other.request.get(`${url}/api/prospects?q=Sarr`)).json()) as {
      items: { id: string }[];
    };
    expect(people.items.map((p) => p.id)).toEqual([existing.id]);
    const calls = (await (await other.request.get(`${url}/api/calls?personId=${existing.id}`)).json()) as {
      items: { id: string; callerName: string }[];
    };
    expect(calls.items.map((c) => c.callerName)).toEqual(["Fatou Sarr"]);
    const inbox = (await (await other.request.get(`${url}/api/messages/inbox`)).json()) as {
      items: { body: string; personId: string | null; callId: string | null }[];
    };
    expect(inbox.items).toEqual([
      expect.objectContaining({
        body: "Rappeler Mme Sarr pour le devis",
        personId: existing.id,
        callId: calls.items[0]?.id,
      }),
    ]);
    await other.context().close();
    await context.close();
  });

  it("forgets the kept session and the records seen once the server says the session is gone", async () => {
    const url = server().url;
    const { knownId } = await prepare();
    const { page, context } = await receptionistOnCallScreen();
    await openKnownRecord(page, knownId);

    // The session ends on the server's side (here: its cookie is gone): the next answer is a 401.
    await context.clearCookies();
    await page.reload();
    await page.getByRole("button", { name: "Se connecter" }).waitFor();
    await expect.poll(() => peopleSeen(page)).toBe(0);

    // Offline, a reload no longer opens the app with the old session: the server is said unreachable.
    await context.setOffline(true);
    await page.goto(`${url}/appels/nouveau`);
    await page.getByText("Le serveur ne répond pas. Vérifiez la connexion réseau puis réessayez.").waitFor();
    expect(await page.getByRole("heading", { name: "Prendre un appel (hors ligne)" }).count()).toBe(0);
    await context.close();
  });
});
