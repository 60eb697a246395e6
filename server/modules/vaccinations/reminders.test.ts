import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { people, smsMessages } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { getSettings, updateSettings } from "../settings/settings.ts";
import { runSms } from "../sms/sms.ts";
import { queueVaccineReminders } from "./reminders.ts";

// A child born on 2026-01-01: her 10-week doses are due on Thursday 2026-03-12, reminded on 2026-03-10 at 10:00.
const t = setupTestApp({ now: "2026-03-10T09:59:00Z" });

async function child(overrides: Parameters<typeof buildPatient>[1] = {}) {
  return buildPatient(t.current.system, { firstName: "Fatou", birthDate: "2026-01-01", sex: "female", ...overrides });
}

async function smsOf(personId: string) {
  return t.current.services.database.db.select().from(smsMessages).where(eq(smsMessages.personId, personId));
}

const queueAt = (instant: string) => {
  t.current.clock.set(instant);
  return queueVaccineReminders(t.current.services, new Date(instant));
};

describe("vaccine reminders by SMS", () => {
  it("go 2 days before the due day from 10:00, to the mother's mobile when the baby has none, naming the doses, once", async () => {
    const mother = await buildPatient(t.current.system, { firstName: "Awa", phones: ["77 804 36 66"] });
    const baby = await child({ phones: [] });
    await t.current.services.database.db.update(people).set({ motherId: mother.id }).where(eq(people.id, baby.id));

    await queueAt("2026-03-10T09:59:00Z");
    expect(await smsOf(baby.id)).toEqual([]);
    const run = await queueAt("2026-03-10T10:00:00Z");
    expect(run.queued).toBeGreaterThanOrEqual(1);
    const [sms, ...others] = await smsOf(baby.id);
    expect(others).toEqual([]);
    expect(sms).toMatchObject({ kind: "vaccine_reminder", status: "queued", toPhone: "+221778043666", vital: false });
    expect(sms?.text).toBe(
      "NEST : Bonjour, le vaccin Hexavalent 2, Pneumocoque (PCV13) 2, Rotavirus 2 et Polio oral (VPO2) de Fatou est prévu le jeudi 12 mars. Pensez à apporter son carnet. Infos :",
    );
    // Again, later, or twice at once: nothing more.
    await Promise.all([queueAt("2026-03-10T10:01:00Z"), queueVaccineReminders(t.current.services, new Date())]);
    await queueAt("2026-03-11T15:00:00Z");
    expect(await smsOf(baby.id)).toHaveLength(1);
    // Past doses (birth, 6 weeks) are late, not reminded: the late-dose call is for them.
    expect(sms?.text).not.toContain("BCG");
  });

  it("are cancelled when every dose they name is recorded as given, and not written for a dose given", async () => {
    const secretary = await t.current.signIn("medical_secretary");
    const baby = await child({ phones: ["77 111 22 33"] });
    // Given ahead (the booklet): that dose is not reminded.
    t.current.clock.set("2026-03-09T09:00:00Z");
    const early = await secretary.request("POST", `/api/patients/${baby.id}/vaccinations/doses`, {
      vaccine: "VPO",
      dose: 2,
      givenOn: "2026-03-09",
      place: "elsewhere",
    });
    expect(early.statusCode, early.body).toBe(201);
    await queueAt("2026-03-10T10:00:00Z");
    const [sms] = await smsOf(baby.id);
    expect(sms?.text).toContain("Hexavalent 2, Pneumocoque (PCV13) 2 et Rotavirus 2 de Fatou");
    const record = (vaccine: string) =>
      secretary.request("POST", `/api/patients/${baby.id}/vaccinations/doses`, {
        vaccine,
        dose: 2,
        givenOn: "2026-03-10",
        place: "nest",
      });
    await record("HEXA");
    await record("PCV13");
    expect((await smsOf(baby.id))[0]?.status).toBe("queued");
    await record("ROTA");
    expect((await smsOf(baby.id))[0]).toMatchObject({ status: "cancelled", reason: "dose déjà administrée" });
  });

  it("respect the SMS opt-out, and are never written for a prospect or a merged record", async () => {
    const optedOut = await child({ phones: ["77 222 33 44"], smsOptOut: true });
    const prospect = await buildProspect(t.current.system, { birthDate: "2026-01-01" });
    const kept = await child({ phones: ["77 333 44 55"] });
    const merged = await child({ phones: ["77 444 55 66"] });
    await t.current.services.database.db.update(people).set({ mergedIntoId: kept.id }).where(eq(people.id, merged.id));
    await queueAt("2026-03-10T10:00:00Z");
    expect(await smsOf(optedOut.id)).toEqual([
      expect.objectContaining({ status: "skipped", reason: "ne souhaite pas recevoir de SMS" }),
    ]);
    expect(await smsOf(prospect.id)).toEqual([]);
    expect(await smsOf(merged.id)).toEqual([]);
    expect(await smsOf(kept.id)).toHaveLength(1);
  });

  it("follow the settings' day, time and text, and are queued by the minute's SMS run", async () => {
    const { version, settings } = await getSettings(t.current.system);
    await updateSettings(t.current.system, {
      version,
      settings: {
        ...settings,
        clinicPhone: "33 800 00 00",
        vaccination: {
          ...settings.vaccination,
          reminder: { daysBefore: 1, at: "18:30" },
          smsTemplate: "Rappel : {vaccin} pour {prenom_enfant} {nom_enfant} le {date}. {telephone_clinique}",
        },
      },
    });
    const baby = await child({ lastName: "Ndiaye", phones: ["77 555 66 77"] });
    t.current.clock.set("2026-03-11T18:29:00Z");
    await runSms(t.current.services);
    expect(await smsOf(baby.id)).toEqual([]);
    t.current.clock.set("2026-03-11T18:30:00Z");
    await runSms(t.current.services);
    const [sms] = await smsOf(baby.id);
    expect(sms?.text).toBe(
      "Rappel : Hexavalent 2, Pneumocoque (PCV13) 2, Rotavirus 2 et Polio oral (VPO2) pour Fatou Ndiaye le jeudi 12 mars. 33 800 00 00",
    );
  });
});
