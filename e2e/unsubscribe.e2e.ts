import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestSmtp, startTestSmtp } from "../server/modules/mail/test-smtp.ts";
import { ADMIN, createPatientThroughApi, csrfTokenOf, logIn, setUpBrowserAndServer } from "./support.ts";

/**
 * A newsletter's one-click unsubscribe (loi 2008-12: a free opt-out in every message): the e-mail is read
 * back from an SMTP server in the test, its link opened in Chromium without a session, the confirmation
 * pressed; the consent register then says withdrawn, from the unsubscribe link.
 */
let smtp: TestSmtp;

// Hooks run in order and are undone in reverse: the SMTP server is up before the server and closed after it.
beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp?.close();
});

const { browser, server } = setUpBrowserAndServer(() => ({ SMTP_URL: smtp.url }));

describe("unsubscribing from a newsletter", () => {
  it("works from the e-mail's link, without login, and withdraws the consent", async () => {
    const url = server().url;
    const staff = await browser().newPage();
    await logIn(staff, url, ADMIN.email, ADMIN.password);
    await staff.waitForURL(/\/$|\/accueil|\/taches|\/tasks/, { timeout: 15_000 }).catch(() => {});
    const post = async (path: string, data: unknown, expected = 200) => {
      const response = await staff.request.post(`${url}${path}`, {
        headers: { "x-csrf-token": await csrfTokenOf(staff, url) },
        data,
      });
      expect(response.status(), await response.text()).toBe(expected);
      return response.json();
    };
    // The public address the link points to: this server.
    const current = await (await staff.request.get(`${url}/api/settings`)).json();
    const saved = await staff.request.put(`${url}/api/settings`, {
      headers: { "x-csrf-token": await csrfTokenOf(staff, url) },
      data: {
        version: current.version,
        settings: { ...current.settings, surveys: { ...current.settings.surveys, publicBaseUrl: url } },
      },
    });
    expect(saved.status(), await saved.text()).toBe(200);

    const patient = await createPatientThroughApi(staff, url, {
      lastName: "Faye",
      firstName: "Ndeye",
      birthDate: "1992-02-02",
      phones: ["77 650 11 22"],
      email: "ndeye.faye@example.sn",
      ehrNumber: "NEST-E2E-UNSUB",
      ehrCreatedOn: "2026-01-10",
    });
    await post(
      `/api/people/${patient.id}/consents`,
      { purpose: "newsletter", channel: "email", granted: true, source: "call" },
      201,
    );
    const segment = await post("/api/segments", { name: "Patientes", filter: {} }, 201);
    const campaign = await post(
      "/api/campaigns",
      {
        name: "Newsletter allaitement",
        purpose: "newsletter",
        channels: ["email"],
        segmentId: segment.id,
        emailSubject: "Nos conseils, {prenom}",
        emailMarkdown: "Bonjour {prenom},\n\nVoici nos conseils pour l'allaitement.",
      },
      201,
    );
    await post(`/api/campaigns/${campaign.id}/schedule`, { version: campaign.version });
    await post("/api/campaigns/run", {});

    const [mail] = await smtp.waitFor(1);
    if (!mail) throw new Error("no e-mail");
    const header = mail.message.headers["list-unsubscribe"] ?? "";
    const link = /<(http[^>]+\/u\/[A-Za-z0-9_-]+)>/.exec(header)?.[1];
    expect(link).toBeTruthy();
    expect(mail.message.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");

    // Opened by the patient: another browser context, no session.
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(link as string);
    await expect.poll(() => page.getByRole("heading", { name: "Se désinscrire" }).isVisible()).toBe(true);
    expect(await page.getByText("Vous ne recevrez plus les newsletters de la clinique NEST par e-mail").isVisible()).toBe(
      true,
    );
    await page.getByRole("button", { name: "Confirmer ma désinscription" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Vous êtes désinscrite" }).isVisible()).toBe(true);
    await context.close();

    const consents = await (await staff.request.get(`${url}/api/people/${patient.id}/consents`)).json();
    expect(JSON.stringify(consents)).toContain("unsubscribe_link");
    const view = await (await staff.request.get(`${url}/api/campaigns/${campaign.id}`)).json();
    expect(view.stats.unsubscribed).toBe(1);
  }, 120_000);
});
