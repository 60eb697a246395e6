import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMail, startTestSmtp, type TestSmtp } from "../server/modules/mail/test-smtp.ts";
import { ADMIN, createProspectThroughApi, logIn, setUpBrowserAndServer } from "./support.ts";

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

    // The mail server refuses: the agent is told it waits, the outbox shows why.
    smtp.rejecting = true;
    await page.getByRole("button", { name: "Envoyer la documentation" }).click();
    await dialog.getByLabel("Plaquette de présentation").check();
    await dialog.getByRole("button", { name: "Envoyer", exact: true }).click();
    await dialog.getByText("En attente dans la boîte d'envoi").waitFor();
    await dialog.getByRole("link", { name: "Ouvrir la boîte d'envoi" }).click();
    await page.getByRole("heading", { name: "Boîte d'envoi" }).waitFor();
    await page.getByText(/Échec de l'envoi : .*550/).waitFor();
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/outbox.png`, fullPage: true });
    }

    // Fixed: "Réessayer" sends it, once.
    smtp.rejecting = false;
    await page.getByRole("button", { name: "Réessayer" }).click();
    await smtp.waitFor(2);
    await page.getByRole("row").filter({ hasText: "En attente" }).waitFor({ state: "detached", timeout: 15_000 });
    expect(smtp.received).toHaveLength(2);
    await page.close();
  });
});
