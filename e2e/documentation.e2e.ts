import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMail, startTestSmtp, type TestSmtp } from "../server/modules/mail/test-smtp.ts";
import {
  ADMIN,
  createProspectThroughApi,
  csrfTokenOf,
  logIn,
  type RunningServer,
  setUpBrowserAndServer,
  startServer,
} from "./support.ts";

let smtp: TestSmtp;

// Hooks run in order and are undone in reverse: the SMTP server is up before the server and closed after it.
beforeAll(async () => {
  smtp = await startTestSmtp();
});

afterAll(async () => {
  await smtp?.close();
});

const { browser, server } = setUpBrowserAndServer(() => ({ SMTP_URL: smtp.url }));

const BROCHURE = Buffer.from("%PDF-1.4\n% Plaquette NEST\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "latin1");

describe("an admin fills the library, an agent sends the documentation (procedure 1, case 3)", () => {
  it("uploads the brochure, sends it to a prospect, then a refused email waits in the outbox until retried", async () => {
    const page = await browser().newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (e) => console.error("pageerror", e));
    await logIn(page, server().url, ADMIN.email, ADMIN.password);

    // Administration › Documentation: the brochure, with its progress, then in the list.
    await page.getByRole("navigation").getByRole("link", { name: "Documentation" }).click();
    await page.getByRole("heading", { name: "Documentation", level: 1 }).waitFor();
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: "plaquette.pdf", mimeType: "application/pdf", buffer: BROCHURE });
    await page.getByLabel("Nom", { exact: true }).fill("Plaquette de présentation");
    await page.getByRole("button", { name: "Ajouter", exact: true }).click();
    await page.getByRole("cell", { name: "Plaquette de présentation" }).waitFor();

    // A prospect without an email, through the API as the web app calls it.
    const prospect = await createProspectThroughApi(page, server().url, {
      lastName: "Ndiaye",
      firstName: "Fatou",
      phones: ["77 123 45 67"],
      birthDate: "1992-06-14",
    });

    await page.goto(`${server().url}/prospects/${prospect.id}`);
    await page.getByRole("button", { name: "Envoyer la documentation" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Plaquette de présentation").waitFor();
    // Nothing filled: the form says what is missing.
    await dialog.getByRole("button", { name: "Envoyer", exact: true }).click();
    await dialog.getByText("Renseignez l'adresse e-mail pour envoyer la documentation.").waitFor();
    await dialog.getByText("Choisissez au moins un document.").waitFor();

    await dialog.getByLabel("Adresse e-mail du destinataire").fill("fatou.ndiaye@example.sn");
    await dialog.getByLabel("Plaquette de présentation").check();
    await dialog.getByLabel("Message (facultatif)").fill("Comme convenu au téléphone.");
    await dialog.getByRole("button", { name: "Envoyer", exact: true }).click();
    await dialog.getByText("Documentation envoyée").waitFor();

    const [mail] = await smtp.waitFor(1);
    if (!mail) throw new Error("no mail");
    const read = readMail(mail);
    expect(read.from).toBe("pilote@nest.sn");
    expect(read.to).toBe("fatou.ndiaye@example.sn");
    expect(read.cc).toBe("info@nest.sn");
    expect(read.text).toContain("Comme convenu au téléphone.");
    expect(read.attachments.map((a) => a.fileName)).toEqual(["plaquette.pdf"]);
    expect(read.attachments[0]?.content.equals(BROCHURE)).toBe(true);
    // The address typed was saved on the record, and the interaction is on the timeline.
    const saved = await (await page.request.get(`${server().url}/api/prospects/${prospect.id}`)).json();
    expect(saved.email).toBe("fatou.ndiaye@example.sn");
    await page.keyboard.press("Escape");
    await page.getByText("Documents envoyés :").first().waitFor();

    // The mail server refuses for now (4xx): the agent is told it waits, the outbox shows why.
    smtp.rejectingTemporarily = true;
    await page.getByRole("button", { name: "Envoyer la documentation" }).click();
    await dialog.getByLabel("Plaquette de présentation").check();
    await dialog.getByRole("button", { name: "Envoyer", exact: true }).click();
    await dialog.getByText("En attente dans la boîte d'envoi").waitFor();
    await dialog.getByRole("link", { name: "Ouvrir la boîte d'envoi" }).click();
    await page.getByRole("heading", { name: "Boîte d'envoi" }).waitFor();
    await page.getByText(/Échec de l'envoi : .*450/).waitFor();
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/outbox.png`, fullPage: true });
    }

    // Fixed: "Réessayer" sends it, once.
    smtp.rejectingTemporarily = false;
    await page.getByRole("button", { name: "Réessayer" }).click();
    await smtp.waitFor(2);
    await page.getByRole("row").filter({ hasText: "En attente" }).waitFor({ state: "detached", timeout: 15_000 });
    expect(smtp.received).toHaveLength(2);
    await page.close();
  });
});

describe("without a mail server, a receptionist's documentation waits in the outbox, and the timeline says so", () => {
  // A server of its own, with no SMTP_URL.
  let quiet: RunningServer;
  beforeAll(async () => {
    quiet = await startServer({ RELAIS_ADMIN_EMAIL: ADMIN.email, RELAIS_ADMIN_PASSWORD: ADMIN.password });
  });
  afterAll(async () => {
    await quiet?.stop();
  });

  it("« Documentation en attente d'envoi » links to its outbox line; staff are not told about SMTP_URL, the admin is", async () => {
    const receptionist = {
      email: "awa.diop@nest.sn",
      temporary: "provisoire-baobab-41",
      password: "lagune-soumbedioune-7",
    };
    const adminContext = await browser().newContext({ locale: "fr-FR" });
    const admin = await adminContext.newPage();
    await logIn(admin, quiet.url, ADMIN.email, ADMIN.password);
    await admin.getByRole("heading", { level: 1, name: "Bonjour, Administrateur" }).waitFor();
    const adminCsrf = await csrfTokenOf(admin, quiet.url);
    const upload = await admin.request.post(`${quiet.url}/api/documents`, {
      headers: { "x-csrf-token": adminCsrf },
      multipart: {
        name: "Plaquette de présentation",
        file: { name: "plaquette.pdf", mimeType: "application/pdf", buffer: BROCHURE },
      },
    });
    expect(upload.status(), await upload.text()).toBe(201);
    const account = await admin.request.post(`${quiet.url}/api/users`, {
      headers: { "x-csrf-token": adminCsrf },
      data: {
        email: receptionist.email,
        firstName: "Awa",
        lastName: "Diop",
        role: "reception",
        password: receptionist.temporary,
      },
    });
    expect(account.status(), await account.text()).toBe(201);

    const context = await browser().newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    page.on("pageerror", (e) => console.error("pageerror", e));
    await page.goto(`${quiet.url}/login`);
    // The password field's show/hide button speaks French.
    await page.getByRole("button", { name: "Afficher ou masquer la saisie" }).waitFor();
    await logIn(page, quiet.url, receptionist.email, receptionist.temporary);
    await page.getByLabel("Mot de passe actuel").fill(receptionist.temporary);
    await page.getByLabel("Nouveau mot de passe").fill(receptionist.password);
    await page.getByLabel("Confirmer le mot de passe").fill(receptionist.password);
    await page.getByRole("button", { name: "Enregistrer et continuer" }).click();
    await page.getByRole("heading", { level: 1, name: "Bonjour, Awa" }).waitFor();

    const prospect = await createProspectThroughApi(page, quiet.url, {
      lastName: "Sarr",
      firstName: "Ndèye",
      phones: ["77 234 56 78"],
      birthDate: "1994-02-11",
      email: "ndeye.sarr@example.sn",
    });
    await page.goto(`${quiet.url}/prospects/${prospect.id}`);
    await page.getByRole("button", { name: "Envoyer la documentation" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Plaquette de présentation").check();
    await dialog.getByRole("button", { name: "Envoyer", exact: true }).click();
    await dialog.getByText("En attente dans la boîte d'envoi").waitFor();
    await page.keyboard.press("Escape");

    // The timeline does not say « envoyée »: it waits, and links to its line of the outbox.
    const entry = page.getByTestId("interaction").filter({ hasText: "Plaquette de présentation" });
    await entry.getByText("Documentation en attente d'envoi").waitFor();
    await entry.getByText("Documents joints :").waitFor();
    expect(await entry.getByText(/envoyée?s?\b/).count()).toBe(0);
    // Named by her name, not her e-mail.
    await entry.getByText("par Awa Diop").waitFor();
    if (process.env.E2E_SCREENSHOTS) {
      await entry.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/timeline-email-pending.png` });
    }
    await entry.getByRole("link", { name: "Voir dans la boîte d'envoi" }).click();
    await page.getByRole("heading", { name: "Boîte d'envoi", level: 1 }).waitFor();
    await page.getByText("Un e-mail de la boîte d'envoi").waitFor();
    const rows = page.getByRole("row").filter({ hasText: "ndeye.sarr@example.sn" });
    await rows.getByText("En attente", { exact: true }).waitFor();
    expect(await rows.count()).toBe(1);
    await page
      .getByText(
        "L'envoi des e-mails n'est pas encore configuré : les e-mails attendent ici et partiront dès qu'il le sera.",
      )
      .waitFor();
    expect(await page.getByText(/SMTP/).count()).toBe(0);
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/outbox-one-email.png`, fullPage: true });
    }
    await page.getByRole("button", { name: "Afficher toute la boîte d'envoi" }).click();
    await page.getByText("Un e-mail de la boîte d'envoi").waitFor({ state: "detached" });

    // The admin is told what to set.
    await admin.goto(`${quiet.url}/envois`);
    await admin.getByText(/Renseignez la variable d'environnement SMTP_URL/).waitFor();
    await context.close();
    await adminContext.close();
  });
});
