import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMail, startTestSmtp, type TestSmtp } from "../server/modules/mail/test-smtp.ts";
import { ADMIN, csrfTokenOf, logIn, setUpBrowserAndServer } from "./support.ts";

let smtp: TestSmtp;

const RECEPTIONIST = { email: "awa.ndiaye@nest.sn", temporary: "accueil-provisoire-1", password: "accueil-nest-2026" };
/** A small but real PDF header: the server checks a document's first bytes against its type. */
const BROCHURE = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

// A real SMTP server in the test process: the server sends the documentation to it.
// Hooks run in order and are undone in reverse: it is up before the server and closed after it.
beforeAll(async () => {
  smtp = await startTestSmtp();
});

afterAll(async () => {
  await smtp?.close();
});

const { browser, server } = setUpBrowserAndServer(() => ({ SMTP_URL: smtp.url }));

describe("an inbound call taken on the guided call screen (procedure 1)", () => {
  it("an unknown number becomes a prospect with its interaction, gets the documentation by email, and the register line is closed", async () => {
    // The admin uploads the brochure and creates the receptionist's account.
    const adminContext = await browser().newContext({ locale: "fr-FR" });
    const admin = await adminContext.newPage();
    await logIn(admin, server().url, ADMIN.email, ADMIN.password);
    await admin.getByRole("heading", { level: 1, name: "Bonjour, Administrateur" }).waitFor();
    const adminCsrf = await csrfTokenOf(admin, server().url);
    const upload = await admin.request.post(`${server().url}/api/documents`, {
      headers: { "x-csrf-token": adminCsrf },
      multipart: {
        name: "Plaquette de présentation",
        file: { name: "plaquette-nest.pdf", mimeType: "application/pdf", buffer: BROCHURE },
      },
    });
    expect(upload.status(), await upload.text()).toBe(201);
    const account = await admin.request.post(`${server().url}/api/users`, {
      headers: { "x-csrf-token": adminCsrf },
      data: {
        email: RECEPTIONIST.email,
        firstName: "Awa",
        lastName: "Ndiaye",
        role: "reception",
        password: RECEPTIONIST.temporary,
      },
    });
    expect(account.status(), await account.text()).toBe(201);
    await adminContext.close();

    const context = await browser().newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    await logIn(page, server().url, RECEPTIONIST.email, RECEPTIONIST.temporary);
    await page.getByLabel("Mot de passe actuel").fill(RECEPTIONIST.temporary);
    await page.getByLabel("Nouveau mot de passe").fill(RECEPTIONIST.password);
    await page.getByLabel("Confirmer le mot de passe").fill(RECEPTIONIST.password);
    await page.getByRole("button", { name: "Enregistrer et continuer" }).click();

    // 1. The greeting of the reception desk (procedure 3), first and large; Enter starts the call and writes the register line.
    await page.getByRole("navigation").getByRole("link", { name: "Prendre un appel" }).click();
    await page.getByRole("heading", { level: 1, name: "Clinique Nest, Awa, Bonjour" }).waitFor();
    const created = page.waitForResponse(
      (response) => response.url().endsWith("/api/calls") && response.request().method() === "POST",
    );
    await page.keyboard.press("Enter");
    const { id: callId } = (await (await created).json()) as { id: string };

    // 2. The request, rephrased; "déjà venue à NEST ?" — no. Enter goes on.
    const request = page.getByLabel("Si j'ai bien compris votre demande, vous souhaitez…");
    await request.waitFor();
    // The step puts the cursor in its first field: the receptionist types straight away.
    await expect.poll(() => request.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.type("connaître les tarifs de l'accouchement et recevoir la plaquette");
    await page.getByRole("radio", { name: "Non" }).check();
    await page.keyboard.press("Enter");

    // 3. The number in national format: unknown (CAS 2), Enter opens the creation form with it.
    const lookup = page.getByLabel("Numéro de téléphone de l'appelante");
    await lookup.waitFor();
    await page.keyboard.type("77 804 36 66");
    await page.getByText("CAS 2 : aucune fiche").waitFor();
    await page.keyboard.press("Enter");
    await page.getByText("ATTENTION DE BIEN RENSEIGNER SON NUMÉRO DE TÉLÉPHONE").waitFor();
    expect(await page.getByLabel("Téléphone", { exact: true }).inputValue()).toBe("77 804 36 66");
    expect(await page.getByLabel("Origine").inputValue()).toBe("phone");
    expect(await page.getByRole("radio", { name: "Chaud" }).isChecked()).toBe(true);
    await page.getByLabel("Nom", { exact: true }).fill("Diop");
    await page.getByLabel("Prénom").fill("Aminata");
    await page.getByLabel("Date de naissance").fill("12/03/1990");
    await page.getByRole("button", { name: "Créer le prospect" }).click();

    // The new record is opened in the screen; Enter goes on.
    const record = page.getByRole("article", { name: "Fiche de l'appelante" });
    await record.getByText("+221 77 804 36 66").waitFor();
    await record.getByText("Chaud").waitFor();
    await page.keyboard.press("Enter");

    // 4. The interaction: the phone motive is already chosen, the comment is the rephrased request.
    await page.getByRole("button", { name: "Enregistrer l'interaction" }).waitFor();
    expect(await page.getByLabel("Motif").inputValue()).toBe("phone_information");
    expect(await page.getByLabel("Commentaire").inputValue()).toBe(
      "connaître les tarifs de l'accouchement et recevoir la plaquette",
    );
    // The request types are chips: Tab to one, Space to choose it.
    for (const type of ["TARIFS", "DEVIS ACCOUCHEMENT"]) {
      await page.getByRole("checkbox", { name: type }).focus();
      await page.keyboard.press("Space");
      expect(await page.getByRole("checkbox", { name: type }).isChecked()).toBe(true);
    }
    await page.getByRole("button", { name: "Enregistrer l'interaction" }).click();

    // 5. CAS 3: information with documentation; the objectives are recalled.
    await page.getByRole("button", { name: /Informations \+ envoi de documentation/ }).click();
    await page.getByText("Programme NEST, accouchement au Tarif Adhérent").waitFor();
    await page.getByText("« Souhaiteriez-vous que l'on vous envoie la documentation ? »").waitFor();
    // No email on the record yet: asked and typed here, it is saved on the record.
    await page.getByLabel("Adresse e-mail du destinataire").fill("aminata.diop@example.sn");
    await page.getByRole("checkbox", { name: "Plaquette de présentation" }).check();
    await page.getByRole("button", { name: "Envoyer", exact: true }).click();
    await page.getByText("Documentation envoyée").waitFor();

    const [mail] = await smtp.waitFor(1);
    if (!mail) throw new Error("no mail received");
    const read = readMail(mail);
    expect(mail.envelope.to).toEqual(expect.arrayContaining(["aminata.diop@example.sn", "info@nest.sn"]));
    expect(read.to).toContain("aminata.diop@example.sn");
    expect(read.cc).toContain("info@nest.sn");
    expect(read.attachments.map((a) => a.fileName)).toEqual(["plaquette-nest.pdf"]);
    expect(read.attachments[0]?.content.subarray(0, 5).toString("latin1")).toBe("%PDF-");

    // 6. Closing: the formula with her name; "Demande satisfaite" closes the line.
    await page.keyboard.press("Alt+C");
    await page.getByText("« Merci Madame DIOP et à très bientôt ! Au revoir. »").waitFor();
    expect(await page.getByRole("radio", { name: "Demande satisfaite" }).isChecked()).toBe(true);
    await page.getByRole("button", { name: "Clore l'appel" }).click();
    await page.getByRole("heading", { name: "Appel terminé" }).waitFor();

    // The register: the line is closed as answered, with the prospect and the phone interaction linked.
    const list = await page.request.get(`${server().url}/api/calls`);
    const { items } = (await list.json()) as {
      items: {
        id: string;
        outcome: string | null;
        closedAt: string | null;
        phone: string | null;
        callerName: string | null;
        cameBefore: boolean | null;
        request: string | null;
        personId: string | null;
        person: { kind: string; lastName: string } | null;
        interactionId: string | null;
        answeredBy: { name: string } | null;
      }[];
    };
    expect(items).toHaveLength(1);
    const line = items[0];
    expect(line).toMatchObject({
      id: callId,
      outcome: "answered",
      phone: "+221778043666",
      callerName: "Diop Aminata",
      cameBefore: false,
      request: "connaître les tarifs de l'accouchement et recevoir la plaquette",
      person: { kind: "prospect", lastName: "Diop" },
      answeredBy: { name: "Awa Ndiaye" },
    });
    expect(line?.closedAt).not.toBeNull();

    const interactions = await page.request.get(`${server().url}/api/prospects/${line?.personId}/interactions`);
    const history = (await interactions.json()) as {
      id: string;
      channel: string;
      motive: string | null;
      requestTypes: string[];
      comment: string | null;
      documentsSent: string[];
    }[];
    const phoneInteraction = history.find((i) => i.id === line?.interactionId);
    expect(phoneInteraction).toMatchObject({
      channel: "phone_in",
      motive: "phone_information",
      comment: "connaître les tarifs de l'accouchement et recevoir la plaquette",
    });
    expect(phoneInteraction?.requestTypes.sort()).toEqual(["delivery_quote", "prices"]);
    // The documentation sent is on the record too, with the document's name.
    expect(history.find((i) => i.channel === "email")?.documentsSent).toEqual(["Plaquette de présentation"]);

    // The email typed during the call is now on the record.
    const prospect = await page.request.get(`${server().url}/api/prospects/${line?.personId}`);
    expect(((await prospect.json()) as { email: string | null }).email).toBe("aminata.diop@example.sn");
    await context.close();
  });

  it("a caller who hangs up half-way: the line is saved open, shown at the end of the day, reopened at the step where it stopped, then resumed", async () => {
    const context = await browser().newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    await logIn(page, server().url, RECEPTIONIST.email, RECEPTIONIST.password);
    await page.getByRole("heading", { level: 1, name: "Bonjour, Awa" }).waitFor();
    // The home page's entry, this time.
    await page.getByRole("main").getByRole("link", { name: "Prendre un appel" }).click();
    await page.getByRole("heading", { level: 1, name: "Clinique Nest, Awa, Bonjour" }).waitFor();
    const created = page.waitForResponse(
      (response) => response.url().endsWith("/api/calls") && response.request().method() === "POST",
    );
    await page.keyboard.press("Enter");
    const { id } = (await (await created).json()) as { id: string };
    await page.getByLabel("Si j'ai bien compris votre demande, vous souhaitez…").waitFor();
    await page.keyboard.type("un rendez-vous en gynécologie");
    await page.keyboard.press("Enter");
    await page.getByLabel("Numéro de téléphone de l'appelante").waitFor();
    await page.keyboard.type("76 123 45 67");
    await page.getByText("CAS 2 : aucune fiche").waitFor();

    // Leaving the screen mid-call asks first.
    await page.getByRole("navigation").getByRole("link", { name: "Prospects" }).click();
    await page.getByRole("dialog", { name: "Appel en cours" }).waitFor();
    await page.getByRole("button", { name: "Rester sur l'appel" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    expect(new URL(page.url()).pathname).toBe("/appels/nouveau");

    // She hangs up: Alt+S saves what is there, and the screen is ready for the next call.
    await page.keyboard.press("Alt+S");
    await page.getByText("Appel enregistré : à terminer depuis la fin de journée du registre.").waitFor();
    await page.getByRole("button", { name: "Commencer l'appel" }).waitFor();

    const endOfDay = await page.request.get(`${server().url}/api/calls/end-of-day`);
    const { toResume } = (await endOfDay.json()) as {
      toResume: { id: string; phone: string | null; request: string | null; outcome: string | null }[];
    };
    expect(toResume.find((line) => line.id === id)).toMatchObject({
      phone: "+221761234567",
      request: "un rendez-vous en gynécologie",
      outcome: null,
    });

    // Reopened from the register: at the caller step, the number already there.
    await page.goto(`${server().url}/appels/${id}/ecran`);
    const lookup = page.getByLabel("Numéro de téléphone de l'appelante");
    await lookup.waitFor();
    expect(await lookup.inputValue()).toBe("+221 76 123 45 67");
    await page.getByText("CAS 2 : aucune fiche").waitFor();
    await page.getByRole("button", { name: "Reformuler la demande" }).click();
    expect(await page.getByLabel("Si j'ai bien compris votre demande, vous souhaitez…").inputValue()).toBe(
      "un rendez-vous en gynécologie",
    );

    // Still no answer for her: « à reprendre dans la journée ».
    await page.keyboard.press("Alt+C");
    await page.getByRole("radio", { name: "À reprendre dans la journée" }).check();
    await page.getByRole("button", { name: "Clore l'appel" }).click();
    await page.getByRole("heading", { name: "Appel terminé" }).waitFor();

    // Resumed later the same day from the screen: the register keeps who resumed it.
    await page.goto(`${server().url}/appels/${id}/ecran`);
    await page.getByLabel("Numéro de téléphone de l'appelante").waitFor();
    await page.keyboard.press("Alt+C");
    await page.getByRole("radio", { name: "Demande satisfaite" }).check();
    await page.getByRole("button", { name: "Clore l'appel" }).click();
    await page.getByRole("heading", { name: "Appel terminé" }).waitFor();
    const resumed = (await (await page.request.get(`${server().url}/api/calls/${id}`)).json()) as {
      outcome: string;
      resumedBy: { name: string } | null;
    };
    expect(resumed).toMatchObject({ outcome: "answered", resumedBy: { name: "Awa Ndiaye" } });
    await page.goto(`${server().url}/appels/${id}/ecran`);
    await page.getByText("Appel déjà traité").waitFor();
    await context.close();
  });
});
