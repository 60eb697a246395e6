import { describe, expect, it } from "vitest";
import { ADMIN, createProspectThroughApi, csrfTokenOf, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

/** A weekday two days ahead or more, at 09:30 in Dakar (UTC+0 all year). */
function upcomingWeekday(): { iso: string; day: number } {
  const day = new Date(Date.now() + 2 * 24 * 3600_000);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  day.setUTCHours(9, 30, 0, 0);
  return { iso: day.toISOString(), day: day.getUTCDate() };
}

describe("the SMS templates in the settings (an admin)", () => {
  it("previews a template on a real appointment, warns of UCS-2, offers the text without accents, and keeps it", async () => {
    const context = await browser().newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    page.on("pageerror", (e) => console.error("pageerror", e));
    await logIn(page, server().url, ADMIN.email, ADMIN.password);
    await page.getByRole("heading", { level: 1, name: "Bonjour, Administrateur" }).waitFor();

    // An upcoming appointment to preview the templates on.
    const person = await createProspectThroughApi(page, server().url, {
      lastName: "Diop",
      firstName: "Awa",
      phones: ["77 555 43 21"],
      birthDate: "1990-03-02",
    });
    const when = upcomingWeekday();
    const booked = await page.request.post(`${server().url}/api/appointments`, {
      headers: { "x-csrf-token": await csrfTokenOf(page, server().url) },
      data: { site: "PLATEAU", personId: person.id, startsAt: when.iso, durationMinutes: 30 },
    });
    expect(booked.status(), await booked.text()).toBe(201);

    await page.goto(`${server().url}/admin/settings`);
    const sms = page.getByRole("region", { name: "SMS", exact: true });
    await sms.waitFor();
    await sms.getByLabel("Pas d'envoi avant").waitFor();
    expect(await sms.getByLabel("Pas d'envoi avant").inputValue()).toBe("08:00");
    await sms.getByText("1 jour avant à 10:00").waitFor();

    const reminder = sms.getByRole("group", { name: "Rappel de rendez-vous — modèle général" });
    const text = reminder.getByLabel("Texte du SMS");
    const measure = reminder.getByTestId("sms-measure");

    // The first upcoming appointment is chosen: the template as Awa would receive it.
    await reminder.getByText(`Bonjour Awa, rappel de votre RDV le`).waitFor();
    await reminder.getByText(new RegExp(` ${when.day} [a-zéû]+ à 09h30`)).waitFor();
    await expect.poll(() => measure.textContent()).toMatch(/^\d+ caractères · GSM-7 · 1 SMS · ≈ 25 FCFA par message$/);

    // A variable chip goes where the cursor is.
    await text.fill("Bonjour  ! Votre RDV le {date}.");
    await text.press("Home");
    for (let i = 0; i < "Bonjour ".length; i += 1) await text.press("ArrowRight");
    await reminder.getByRole("button", { name: "{prenom}" }).click();
    expect(await text.inputValue()).toBe("Bonjour {prenom} ! Votre RDV le {date}.");
    await reminder.getByText("Bonjour Awa ! Votre RDV le").waitFor();

    // An unknown variable is flagged before saving.
    await text.fill("Bonjour {prenon}");
    await reminder.getByText("Variable inconnue : {prenon}").waitFor();

    // « ê » is not in GSM-7: UCS-2, a warning, and the text without accents.
    await text.fill("Bonjour {prenom}, à bientôt pour la fête");
    await reminder.getByText("Accents hors GSM (ê, ï, œ, emoji…) : encodage UCS-2, le coût est multiplié").waitFor();
    await expect.poll(() => measure.textContent()).toContain("UCS-2");
    await reminder.getByRole("button", { name: "Version sans accents" }).click();
    expect(await text.inputValue()).toBe("Bonjour {prenom}, à bientot pour la fete");
    await expect.poll(() => measure.textContent()).toContain("GSM-7");
    expect(await reminder.getByText("Accents hors GSM", { exact: false }).count()).toBe(0);

    // The time fields (one TimeField each): the reminder's time and the opening hours, kept on save.
    await sms.getByLabel("à", { exact: true }).fill("11:00");
    await sms.getByText("1 jour avant à 11:00").waitFor();
    expect(await page.getByLabel("Heure d'ouverture").inputValue()).toBe("08:00");
    await page.getByLabel("Heure de fermeture").fill("18:30");

    await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
    await page.getByText("Paramètres enregistrés.").waitFor();

    // Kept: after a reload the template is the one saved.
    await page.reload();
    const after = page
      .getByRole("region", { name: "SMS", exact: true })
      .getByRole("group", { name: "Rappel de rendez-vous — modèle général" })
      .getByLabel("Texte du SMS");
    await after.waitFor();
    expect(await after.inputValue()).toBe("Bonjour {prenom}, à bientot pour la fete");
    const { settings } = await (await page.request.get(`${server().url}/api/settings`)).json();
    expect(settings.sms.reminderOffsets).toEqual([{ daysBefore: 1, at: "11:00" }]);
    expect(settings.businessDays.closesAt).toBe("18:30");
    expect(settings.sms.templates).toContainEqual({
      kind: "appointment_reminder",
      site: null,
      serviceId: null,
      text: "Bonjour {prenom}, à bientot pour la fete",
    });
  });
});
