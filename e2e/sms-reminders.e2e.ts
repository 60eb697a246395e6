import { describe, expect, it } from "vitest";
import { ADMIN, createProspectThroughApi, csrfTokenOf, logIn, setUpBrowserAndServer, smsAnyTime } from "./support.ts";

const SECRET = "secret-des-reponses-e2e-0123456789";
const { browser, server } = setUpBrowserAndServer(() => ({ SMS_DELIVERY_SECRET: SECRET }));

/** A day from today, "YYYY-MM-DD" (Dakar is UTC+0). */
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const frenchDay = (day: string) => day.split("-").reverse().join("/");

describe("appointment reminders by SMS (procedure 5)", () => {
  it("shows each appointment's reminder on « Rappels de demain » and who reception must call", async () => {
    const page = await browser().newPage();
    const url = server().url;
    await logIn(page, url, ADMIN.email, ADMIN.password);
    await page.getByRole("heading", { level: 1, name: "Bonjour, Administrateur" }).waitFor();
    const headers = { "x-csrf-token": await csrfTokenOf(page, url) };
    await smsAnyTime(page, url);
    const mobile = await createProspectThroughApi(page, url, {
      lastName: "Diop",
      firstName: "Awa",
      phones: ["77 612 34 56"],
    });
    const fixed = await createProspectThroughApi(page, url, {
      lastName: "Sarr",
      firstName: "Khady",
      phones: ["33 821 45 67"],
    });
    // In two days, so that the run below, as of tomorrow 10:00, finds the day-before reminders due.
    const day = dayFromToday(2);
    for (const [person, time] of [
      [mobile.id, "11:00"],
      [fixed.id, "11:30"],
    ] as const) {
      const booked = await page.request.post(`${url}/api/appointments`, {
        headers,
        data: { personId: person, site: "CLINIQUE", startsAt: `${day}T${time}:00Z`, durationMinutes: 30 },
      });
      expect(booked.status(), await booked.text()).toBe(201);
    }
    const run = await page.request.post(`${url}/api/sms/run`, {
      headers,
      data: { asOf: `${dayFromToday(1)}T10:00:00Z` },
    });
    expect(run.status(), await run.text()).toBe(200);
    expect(await run.json()).toMatchObject({ queued: 1, skipped: 1, sent: 1 });

    await page.goto(`${url}/rappels-de-demain?date=${day}`);
    await page.getByRole("heading", { level: 1, name: "Rappels de demain" }).waitFor();
    await page.getByText(frenchDay(day)).waitFor();
    await expect
      .poll(() => page.getByTestId("reminder-counts").textContent())
      .toBe("2 rendez-vous · rappel SMS parti : 1 · à appeler : 1");
    const lines = page.getByTestId("reminder-line");
    await lines
      .filter({ hasText: "Diop Awa" })
      .getByText(/^Rappel SMS envoyé (la veille|le jour même|le \d{2}\/\d{2}) à \d{2}:\d{2} \(simulé\)$/)
      .waitFor();
    const sarr = lines.filter({ hasText: "Sarr Khady" });
    await sarr.getByText("À appeler", { exact: true }).waitFor();
    await sarr.getByText("Rappel SMS non envoyé : pas de mobile (ligne fixe seulement)").waitFor();

    // Only those to call.
    await page.getByText("À appeler (1)").click();
    await expect.poll(() => lines.count()).toBe(1);
    expect(await lines.first().textContent()).toContain("Sarr Khady");

    // The appointment's own card tells the same.
    await lines.first().getByRole("button", { name: "11:30" }).click();
    await page.getByRole("dialog").getByText("Rappel SMS non envoyé : pas de mobile (ligne fixe seulement)").waitFor();
    await page.keyboard.press("Escape");

    // Replies: « 2 » from Awa Diop asks to cancel; a stranger asks a question.
    const inbound = (from: string, message: string) =>
      page.request.post(`${url}/api/sms/callbacks/${SECRET}/inbound`, {
        data: { inboundSMSMessageNotification: { inboundSMSMessage: { senderAddress: `tel:${from}`, message } } },
      });
    expect((await inbound("+221776123456", "2")).status()).toBe(200);
    expect((await inbound("+221781112233", "Bonjour, faites-vous les vaccins le samedi ?")).status()).toBe(200);
    const engine = await page.request.post(`${url}/api/followup/run`, { headers, data: {} });
    expect(engine.status(), await engine.text()).toBe(200);

    await page.goto(`${url}/taches?vue=all&regle=sms-reply`);
    const rows = page.locator("tr[data-rule='sms-reply']");
    const awa = rows.filter({ hasText: "Diop Awa" });
    await awa.getByText("annulation demandée").waitFor();
    await awa.getByText("« 2 »").waitFor();
    await awa.getByText(/^en réponse au rappel du rendez-vous du/).waitFor();
    const stranger = rows.filter({ hasText: "faites-vous les vaccins le samedi" });
    await stranger.getByRole("button", { name: "Traité" }).click();
    await page
      .getByRole("dialog")
      .getByText(/aucune fiche n'est liée/i)
      .waitFor();
    await page.getByRole("dialog").getByRole("button", { name: "Traité" }).click();
    await expect.poll(() => stranger.count()).toBe(0);

    // Her page keeps what she answered.
    await page.goto(`${url}/prospects/${mobile.id}`);
    await page.getByTestId("person-sms-reply").filter({ hasText: "« 2 »" }).getByText("annulation demandée").waitFor();
    await page.context().close();
  });
});
