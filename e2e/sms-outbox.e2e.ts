import { describe, expect, it } from "vitest";
import { ADMIN, csrfTokenOf, logIn, setUpBrowserAndServer, smsAnyTime } from "./support.ts";

// No SMS_PROVIDER: the log provider, nothing leaves the machine (the SMS are « simulés »).
const { browser, server } = setUpBrowserAndServer();

const DAY_MS = 24 * 60 * 60 * 1000;

/** A day from today in UTC ("YYYY-MM-DD"): Dakar is UTC+0 all year. */
function dayFromToday(days: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + days * DAY_MS)
    .toISOString()
    .slice(0, 10);
}

describe("the SMS outbox and a person's SMS", () => {
  it("shows the reminder sent (simulated) in the outbox and on the record, then the person asks for no SMS", async () => {
    const page = await browser().newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (e) => console.error("pageerror", e));
    const url = server().url;
    await logIn(page, url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").waitFor();
    const headers = { "x-csrf-token": await csrfTokenOf(page, url) };
    await smsAnyTime(page, url);

    // A patient with a mobile, an appointment the day after tomorrow at 11:00 (Dakar).
    const created = await page.request.post(`${url}/api/patients`, {
      headers,
      data: { lastName: "Faye", firstName: "Ndèye", phones: ["77 123 45 67"], confirmDuplicate: true },
    });
    expect(created.status(), await created.text()).toBe(201);
    const patient = ((await created.json()) as { person: { id: string } }).person;
    const appointmentDay = dayFromToday(2);
    const booked = await page.request.post(`${url}/api/appointments`, {
      headers,
      data: {
        personId: patient.id,
        site: "CLINIQUE",
        startsAt: `${appointmentDay}T11:00:00.000Z`,
        durationMinutes: 30,
      },
    });
    expect(booked.status(), await booked.text()).toBe(201);

    // A run as of the day before at 10:05 (the reminder's time, in the sending window): written and sent.
    const run = await page.request.post(`${url}/api/sms/run`, {
      headers,
      data: { asOf: `${dayFromToday(1)}T10:05:00.000Z` },
    });
    expect(run.status(), await run.text()).toBe(200);
    expect(await run.json()).toMatchObject({ queued: 1, sent: 1 });

    // The outbox's SMS tab: the line, sent and simulated, with its person; the admin is told why.
    await page.goto(`${url}/envois?canal=sms`);
    await page.getByRole("heading", { name: "Boîte d'envoi", level: 1 }).waitFor();
    await page.getByRole("tab", { name: "SMS", selected: true }).waitFor();
    await page.getByText("Mode simulation : aucun SMS ne part (SMS_PROVIDER non configuré).").waitFor();
    const row = page.getByRole("row").filter({ hasText: "Rappel de RDV" });
    await row.getByText("Envoyé", { exact: true }).waitFor();
    await row.getByText("simulé", { exact: true }).waitFor();
    await row.getByText("77 123 45 67").waitFor();
    expect(await row.count()).toBe(1);
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/sms-outbox.png`, fullPage: true });
    }

    // The e-mail tab is still there, as it was.
    await page.getByRole("tab", { name: "E-mails" }).click();
    await page.getByText("Aucun e-mail.").waitFor();
    expect(new URL(page.url()).search).toBe("");
    await page.getByRole("tab", { name: "SMS" }).click();
    await row.getByRole("link", { name: "Faye Ndèye" }).click();

    // The person page: the SMS section, and the identity card says she accepts SMS.
    await page.getByRole("heading", { name: "Faye Ndèye", level: 1 }).waitFor();
    const section = page.getByRole("region", { name: "SMS" });
    await section.getByText("Rappel de RDV").waitFor();
    await section.getByText("Envoyé", { exact: true }).waitFor();
    const identity = page.getByRole("region", { name: "Identité" });
    await identity.getByText("SMS : accepte").waitFor();

    // She asks for no SMS: ticked in the edit form, shown on the identity card since today.
    await page.getByRole("button", { name: "Modifier" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Ne souhaite pas recevoir de SMS").check();
    await dialog.getByRole("button", { name: "Enregistrer" }).click();
    await dialog.waitFor({ state: "detached" });
    const [y, m, d] = dayFromToday(0).split("-");
    await identity.getByText(`Ne souhaite pas recevoir de SMS (depuis le ${d}/${m}/${y})`).waitFor();
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/person-sms.png`, fullPage: true });
    }
    const read = await page.request.get(`${url}/api/patients/${patient.id}`);
    expect(((await read.json()) as { smsOptOut: { source: string } | null }).smsOptOut?.source).toBe("record");
    await page.close();
  });
});
