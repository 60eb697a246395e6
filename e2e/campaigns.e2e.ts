import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMail, startTestSmtp, type TestSmtp } from "../server/modules/mail/test-smtp.ts";
import { ADMIN, createPatientThroughApi, csrfTokenOf, logIn, setUpBrowserAndServer } from "./support.ts";

let smtp: TestSmtp;

// The SMTP server is up before Relais and closed after it.
beforeAll(async () => {
  smtp = await startTestSmtp();
});

afterAll(async () => {
  await smtp?.close();
});

const { browser, server } = setUpBrowserAndServer(() => ({ SMTP_URL: smtp.url }));

describe("the marketing lead writes a newsletter and sends it to the patients who agreed (issue 16)", () => {
  it("creates the campaign, sees its audience, sends it after the confirmation and follows it to « Envoyée »", async () => {
    const page = await browser().newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (e) => console.error("pageerror", e));
    const url = server().url;
    await logIn(page, url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").waitFor();
    const headers = { "x-csrf-token": await csrfTokenOf(page, url) };

    // The unsubscribe link needs the public address of Relais.
    const current = (await (await page.request.get(`${url}/api/settings`)).json()) as {
      version: number;
      settings: { surveys: Record<string, unknown> };
    };
    const saved = await page.request.put(`${url}/api/settings`, {
      headers,
      data: {
        version: current.version,
        settings: { ...current.settings, surveys: { ...current.settings.surveys, publicBaseUrl: url } },
      },
    });
    expect(saved.status(), await saved.text()).toBe(200);

    // A patient with an e-mail who said yes to the newsletter by e-mail on the phone.
    const patient = await createPatientThroughApi(page, url, {
      lastName: "Sarr",
      firstName: "Mariama",
      phones: ["77 654 32 10"],
      email: "mariama.sarr@example.sn",
    });
    const consent = await page.request.post(`${url}/api/people/${patient.id}/consents`, {
      headers,
      data: { purpose: "newsletter", channel: "email", granted: true, source: "call" },
    });
    expect(consent.status(), await consent.text()).toBe(201);
    const segment = await page.request.post(`${url}/api/segments`, {
      headers,
      data: { name: "Patientes avec e-mail", filter: { hasEmail: true } },
    });
    expect(segment.status(), await segment.text()).toBe(201);

    // Newsletters › Nouvelle campagne: a draft, then its page.
    await page.getByRole("navigation").getByRole("link", { name: "Newsletters" }).click();
    await page.getByRole("heading", { name: "Newsletters et campagnes", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Nouvelle campagne" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Nom de la campagne").fill("Allaitement : les premiers jours");
    await dialog.getByLabel("Segment").click();
    await page.getByRole("option", { name: "Patientes avec e-mail" }).click();
    await dialog.getByText("1 personne dans ce segment aujourd'hui").waitFor();
    await dialog.getByRole("button", { name: "Créer le brouillon" }).click();
    await page.getByRole("heading", { name: "Allaitement : les premiers jours", level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId("campaign-status").textContent()).toBe("Brouillon");

    // The text, written with the toolbar, saved; the preview shows it with the unsubscribe footer.
    const body = page.getByLabel("Texte de l'e-mail");
    await body.fill("Bonjour,\n\n");
    await body.press("End");
    await page.getByRole("button", { name: "Titre" }).click();
    await page.keyboard.type("Les premiers jours");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByText("Campagne enregistrée.").waitFor();
    await page.getByRole("tab", { name: "Aperçu" }).click();
    const frame = page.frameLocator('iframe[title="Aperçu de l\'e-mail"]');
    await frame.getByRole("heading", { name: "Les premiers jours" }).waitFor();
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/campaign-composer.png`, fullPage: true });
    }

    // The audience before sending: one patient will receive it.
    const audience = page.getByTestId("audience-email");
    await expect.poll(() => audience.getByRole("row").first().textContent()).toContain("1");
    expect(await audience.getByRole("row").first().textContent()).toContain("Recevront le message");

    // « Envoyer maintenant »: the confirmation repeats the figures, then sending starts.
    await page.getByRole("button", { name: "Envoyer maintenant" }).click();
    const confirm = page.getByRole("dialog", { name: "Envoyer la campagne maintenant ?" });
    await confirm.getByTestId("audience-email").getByText("Recevront le message").waitFor();
    await confirm.getByRole("button", { name: "Envoyer maintenant" }).click();
    await page.getByText("Envoi lancé.").waitFor();
    await expect.poll(() => page.getByTestId("campaign-status").textContent()).toBe("En cours");
    await page.getByTestId("stat-recipients").waitFor();

    // What the minute's schedulers do, now: the campaign feeds the outbox, the outbox sends, the campaign settles.
    const adminHeaders = { "x-csrf-token": await csrfTokenOf(page, url) };
    const run = await page.request.post(`${url}/api/campaigns/run`, { headers: adminHeaders, data: {} });
    expect(run.status(), await run.text()).toBe(200);
    const processed = await page.request.post(`${url}/api/outbox/process`, { headers: adminHeaders, data: {} });
    expect(processed.status(), await processed.text()).toBe(200);
    const [mail] = await smtp.waitFor(1);
    if (!mail) throw new Error("no mail");
    const read = readMail(mail);
    expect(read.to).toBe("mariama.sarr@example.sn");
    expect(read.subject).toBe("Allaitement : les premiers jours");
    expect(mail.message.headers["list-unsubscribe"]).toContain(`${url}/u/`);
    const settle = await page.request.post(`${url}/api/campaigns/run`, { headers: adminHeaders, data: {} });
    expect(settle.status(), await settle.text()).toBe(200);

    // The page follows by itself: « Envoyée », one sent, and her line in the recipients.
    await expect.poll(() => page.getByTestId("campaign-status").textContent(), { timeout: 15_000 }).toBe("Envoyée");
    await expect.poll(() => page.getByTestId("stat-sent").textContent(), { timeout: 15_000 }).toContain("1");
    const line = page.getByRole("row", { name: /mariama\.sarr@example\.sn/ });
    await line.getByRole("cell", { name: "Envoyé", exact: true }).waitFor();
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/campaign-sent.png`, fullPage: true });
    }

    // Back in the list: sent, 1 / 1.
    await page.getByRole("link", { name: "Newsletters et campagnes" }).click();
    const row = page.getByRole("row", { name: /Allaitement : les premiers jours/ });
    await row.getByText("Envoyée", { exact: true }).waitFor();
    await row.getByText("1 / 1").waitFor();
  });

  it("schedules an offer for tomorrow 09:00 (clinic time), then cancels it after a confirmation", async () => {
    const page = await browser().newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (e) => console.error("pageerror", e));
    const url = server().url;
    await logIn(page, url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").waitFor();
    const headers = { "x-csrf-token": await csrfTokenOf(page, url) };
    const segments = (await (await page.request.get(`${url}/api/segments`)).json()) as { items: { id: string }[] };
    const created = await page.request.post(`${url}/api/campaigns`, {
      headers,
      data: {
        name: "Portes ouvertes",
        purpose: "offers_events",
        channels: ["email", "sms"],
        segmentId: segments.items[0]?.id,
        emailSubject: "Portes ouvertes samedi",
        emailMarkdown: "Venez **samedi** visiter la maternité.",
        smsText: "NEST : portes ouvertes samedi, venez visiter la maternite !",
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: string };

    await page.goto(`${url}/newsletters/${id}`);
    await page.getByRole("heading", { name: "Portes ouvertes", level: 1 }).waitFor();
    // The SMS variant is measured with the opt-out the server adds.
    await expect.poll(() => page.getByTestId("campaign-sms-measure").textContent()).toContain("GSM-7 · 1 SMS");

    await page.getByRole("button", { name: "Programmer" }).click();
    const dialog = page.getByRole("dialog", { name: "Programmer la campagne" });
    await dialog.getByText("Date et heure d'envoi").click();
    // Tomorrow in the calendar (Dakar is UTC+0), at the default 09:00, then the picker's « OK ».
    const tomorrow = new Date(Date.now() + 86_400_000);
    if (tomorrow.getUTCDate() === 1) await page.getByRole("button", { name: "Mois suivant" }).click();
    await page
      .locator("td button:not([data-outside])")
      .filter({ hasText: new RegExp(`^${tomorrow.getUTCDate()}$`) })
      .click();
    await page.getByRole("button", { name: "Valider la date et l'heure" }).click();
    const day = tomorrow.toISOString().slice(0, 10).split("-").reverse().join("/");
    await dialog.getByRole("button", { name: "Programmer" }).click();
    await page.getByText(`Campagne programmée le ${day} 09:00.`).waitFor();
    await expect.poll(() => page.getByTestId("campaign-status").textContent()).toBe("Programmée");
    await page.getByText(`Programmée le ${day} 09:00`).first().waitFor();

    // « Annuler l'envoi »: a confirmation, then the campaign is cancelled and shows its figures.
    await page.getByRole("button", { name: "Annuler l'envoi" }).click();
    const confirm = page.getByRole("dialog", { name: "Annuler l'envoi ?" });
    await confirm.getByRole("button", { name: "Annuler l'envoi" }).click();
    await page.getByText("Envoi annulé.").waitFor();
    await expect.poll(() => page.getByTestId("campaign-status").textContent()).toBe("Annulée");
  });
});
