import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents, outboxEmails, people } from "../../db/schema/index.ts";
import { type Client, setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { pdfText } from "../../test/pdf-text.ts";
import { getSettings, updateSettings } from "../settings/settings.ts";
import { renderVaccinationPdf } from "./calendar-pdf.ts";

// Dakar is UTC+0 all year: 09:00Z is 09:00 at the clinic.
const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });

beforeEach(() => t.current.clock.set("2026-03-02T09:00:00Z"));

const url = (personId: string, rest = "") => `/api/patients/${personId}/vaccinations${rest}`;

const issueField = (response: { json(): unknown }) =>
  (response.json() as { error: { details: { issues: { field: string }[] } } }).error.details.issues[0]?.field;

async function secretary(): Promise<Client> {
  return t.current.signIn("medical_secretary");
}

/** A girl born on 2026-01-01: 6 weeks on 2026-02-12, 10 weeks on 2026-03-12. */
const girl = () =>
  buildPatient(t.current.system, { firstName: "Fatou", lastName: "Diallo", birthDate: "2026-01-01", sex: "female" });

describe("a child's vaccination calendar", () => {
  it("lists each dose with its due day and status as of the clinic's today, HPV for girls only", async () => {
    const client = await secretary();
    const child = await girl();
    const response = await client.request("GET", url(child.id));
    expect(response.statusCode, response.body).toBe(200);
    const calendar = response.json();
    expect(calendar).toMatchObject({ birthDate: "2026-01-01", sex: "female", asOf: "2026-03-02", lateAfterDays: 14 });
    const line = (vaccine: string, dose: number) =>
      calendar.doses.find((d: { vaccine: string; dose: number }) => d.vaccine === vaccine && d.dose === dose);
    expect(line("BCG", 1)).toMatchObject({ dueOn: "2026-01-01", status: "late", givenOn: null, record: null });
    // 6 weeks: 2026-02-12, 18 days ago (> 14): late; 10 weeks: 2026-03-12, ahead.
    expect(line("HEXA", 1)).toMatchObject({ dueOn: "2026-02-12", status: "late" });
    expect(line("HEXA", 2)).toMatchObject({ dueOn: "2026-03-12", status: "upcoming" });
    expect(line("HPV", 1)).toMatchObject({ dueOn: "2035-01-01", status: "upcoming", label: "Papillomavirus (HPV) 1" });

    const boy = await buildPatient(t.current.system, { birthDate: "2026-02-20", sex: "male" });
    const boys = (await client.request("GET", url(boy.id))).json();
    expect(boys.doses.some((d: { vaccine: string }) => d.vaccine === "HPV")).toBe(false);
    expect(boys.doses[0]).toMatchObject({ vaccine: "BCG", status: "due" });
  });

  it("names birthDate when the child has none; a prospect has no calendar; an unknown id is 404", async () => {
    const client = await secretary();
    const noBirth = await buildPatient(t.current.system, { birthDate: null });
    const response = await client.request("GET", url(noBirth.id));
    expect([response.statusCode, issueField(response)]).toEqual([422, "birthDate"]);
    const prospect = await buildProspect(t.current.system);
    const onProspect = await client.request("GET", url(prospect.id));
    expect([onProspect.statusCode, onProspect.json().error.code]).toEqual([409, "vaccination_patient_only"]);
    const unknown = await client.request("GET", url("00000000-0000-4000-8000-000000000000"));
    expect(unknown.statusCode).toBe(404);
  });
});

describe("recording doses given", () => {
  it("records a dose, shows it done, corrects it and removes it, each audited", async () => {
    const client = await secretary();
    const child = await girl();
    const recorded = await client.request("POST", url(child.id, "/doses"), {
      vaccine: "HEXA",
      dose: 1,
      givenOn: "2026-02-20",
      place: "nest",
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const dose = recorded.json();
    expect(dose).toMatchObject({ vaccine: "HEXA", dose: 1, givenOn: "2026-02-20", place: "nest", version: 1 });
    const calendar = (await client.request("GET", url(child.id))).json();
    const hexa = calendar.doses.filter((d: { vaccine: string }) => d.vaccine === "HEXA");
    expect(hexa[0]).toMatchObject({ status: "done", givenOn: "2026-02-20", record: { id: dose.id } });
    // The second dose is due 4 weeks after the first at least: 2026-03-20, not 2026-03-12.
    expect(hexa[1]).toMatchObject({ dueOn: "2026-03-20", status: "upcoming" });

    const twice = await client.request("POST", url(child.id, "/doses"), {
      vaccine: "HEXA",
      dose: 1,
      givenOn: "2026-02-21",
      place: "elsewhere",
    });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, "vaccination_dose_already_recorded"]);

    const corrected = await client.request("PATCH", url(child.id, `/doses/${dose.id}`), {
      version: 1,
      givenOn: "2026-02-18",
      place: "elsewhere",
      note: "carnet de santé",
    });
    expect(corrected.json()).toMatchObject({
      givenOn: "2026-02-18",
      place: "elsewhere",
      note: "carnet de santé",
      version: 2,
    });
    const stale = await client.request("PATCH", url(child.id, `/doses/${dose.id}`), { version: 1, place: "nest" });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, "version_conflict"]);

    const removed = await client.request("DELETE", url(child.id, `/doses/${dose.id}`), { version: 2 });
    expect(removed.statusCode).toBe(204);
    const after = (await client.request("GET", url(child.id))).json();
    expect(after.doses.find((d: { vaccine: string }) => d.vaccine === "HEXA")).toMatchObject({ status: "late" });

    const actions = (
      await t.current.services.database.db
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(eq(auditEvents.entityId, dose.id))
    ).map((e) => e.action);
    expect(actions.sort()).toEqual(["vaccination_dose.correct", "vaccination_dose.record", "vaccination_dose.remove"]);
  });

  it("refuses a day before birth, in the future or that does not exist, naming givenOn; a dose not in the schedule", async () => {
    const client = await secretary();
    const child = await girl();
    const post = (body: Record<string, unknown>) =>
      client.request("POST", url(child.id, "/doses"), { vaccine: "BCG", dose: 1, place: "nest", ...body });
    for (const [givenOn, code] of [
      ["2025-12-31", "vaccination_given_before_birth"],
      ["2026-03-03", "vaccination_given_future"],
      ["2026-02-30", "vaccination_given_invalid"],
    ]) {
      const response = await post({ givenOn });
      expect([response.statusCode, response.json().error.code, issueField(response)]).toEqual([422, code, "givenOn"]);
    }
    const unknown = await post({ givenOn: "2026-01-01", vaccine: "XYZ" });
    expect([unknown.statusCode, issueField(unknown)]).toEqual([422, "vaccine"]);
    const badPlace = await post({ givenOn: "2026-01-01", place: "home" });
    expect([badPlace.statusCode, issueField(badPlace)]).toEqual([400, "place"]);
    // Nothing was written.
    const calendar = (await client.request("GET", url(child.id))).json();
    expect(calendar.doses.every((d: { record: unknown }) => d.record === null)).toBe(true);
  });

  it("refuses a prospect, a merged record, and a role that may not write", async () => {
    const client = await secretary();
    const prospect = await buildProspect(t.current.system);
    const onProspect = await client.request("POST", url(prospect.id, "/doses"), {
      vaccine: "BCG",
      dose: 1,
      givenOn: "2026-01-01",
      place: "nest",
    });
    expect([onProspect.statusCode, onProspect.json().error.code]).toEqual([409, "vaccination_patient_only"]);
    const viewer = await t.current.signIn("viewer");
    const child = await girl();
    const denied = await viewer.request("POST", url(child.id, "/doses"), {
      vaccine: "BCG",
      dose: 1,
      givenOn: "2026-01-01",
      place: "nest",
    });
    expect(denied.statusCode).toBe(403);
    expect((await viewer.request("GET", url(child.id))).statusCode).toBe(200);
    // A merged record: the kept one is where to record.
    const kept = await girl();
    await t.current.services.database.db.update(people).set({ mergedIntoId: kept.id }).where(eq(people.id, child.id));
    const onMerged = await client.request("POST", url(child.id, "/doses"), {
      vaccine: "BCG",
      dose: 1,
      givenOn: "2026-01-01",
      place: "nest",
    });
    expect([onMerged.statusCode, onMerged.json().error.code]).toEqual([409, "merged_record"]);
  });
});

describe("the schedule in the settings", () => {
  it("ships Senegal's EPI, and refuses a bad line naming it in French", async () => {
    const admin = await t.current.signIn("admin");
    const { version, settings } = await getSettings(t.current.system);
    expect(settings.vaccination).toMatchObject({ lateAfterDays: 14, reminder: { daysBefore: 2, at: "10:00" } });
    expect(settings.vaccination.schedule.some((d) => d.vaccine === "HPV" && d.sex === "female")).toBe(true);
    const schedule = [...settings.vaccination.schedule, { vaccine: "bcg x", dose: 1, label: "", age: {} }];
    const response = await admin.request("PUT", "/api/settings", {
      version,
      settings: { ...settings, vaccination: { ...settings.vaccination, schedule } },
    });
    expect(response.statusCode).toBe(400);
    const issues = response.json().error.details.issues as { field: string; message: string }[];
    const line = settings.vaccination.schedule.length;
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: `settings.vaccination.schedule.${line}.vaccine` }),
        expect.objectContaining({
          field: `settings.vaccination.schedule.${line}.label`,
          message: expect.stringContaining(`Ligne ${line + 1}`),
        }),
      ]),
    );
    const template = await admin.request("PUT", "/api/settings", {
      version,
      settings: { ...settings, vaccination: { ...settings.vaccination, smsTemplate: "Bonjour {prenom_mere}" } },
    });
    expect(template.statusCode).toBe(400);
    expect(JSON.stringify(template.json())).toContain("variable inconnue : {prenom_mere}");
  });

  it("computes the calendar from the schedule saved by the admin, and the lateness", async () => {
    const client = await secretary();
    const child = await girl();
    const { version, settings } = await getSettings(t.current.system);
    await updateSettings(t.current.system, {
      version,
      settings: {
        ...settings,
        vaccination: {
          ...settings.vaccination,
          lateAfterDays: 30,
          schedule: [{ vaccine: "BCG", dose: 1, label: "BCG (naissance)", age: {}, sex: null }],
        },
      },
    });
    const calendar = (await client.request("GET", url(child.id))).json();
    expect(calendar.doses).toEqual([
      expect.objectContaining({ vaccine: "BCG", label: "BCG (naissance)", dueOn: "2026-01-01", status: "late" }),
    ]);
    t.current.clock.set("2026-01-20T09:00:00Z");
    const earlier = (await client.request("GET", url(child.id))).json();
    expect(earlier.doses[0].status).toBe("due");
    // Back to the shipped schedule for the next tests.
    const saved = await getSettings(t.current.system);
    await updateSettings(t.current.system, { version: saved.version, settings });
  });
});

describe("the calendar for the parents", () => {
  it("prints as a PDF with the child's name, birth date, each dose's due and given days", async () => {
    const client = await secretary();
    const child = await girl();
    await client.request("POST", url(child.id, "/doses"), {
      vaccine: "BCG",
      dose: 1,
      givenOn: "2026-01-02",
      place: "nest",
    });
    const response = await client.request("GET", url(child.id, ".pdf"));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.headers["content-disposition"]).toContain("calendrier-vaccinal-diallo-fatou.pdf");
    expect(response.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const { content } = await renderVaccinationPdf(t.current.services.database.db, child.id, "2026-03-02", {
      compress: false,
    });
    const text = pdfText(content);
    for (const expected of [
      "CALENDRIER VACCINAL",
      "Enfant : DIALLO Fatou",
      "Né(e) le 01/01/2026",
      "BCG",
      "02/01/2026",
      "Fait",
      "Hexavalent 2",
      "12/03/2026",
      "À venir",
      "Papillomavirus (HPV) 1",
    ]) {
      expect(text).toContain(expected);
    }
    // The same calendar on the same day: the same bytes.
    const again = await renderVaccinationPdf(t.current.services.database.db, child.id, "2026-03-02");
    expect(again.content.equals(response.rawPayload)).toBe(true);
  });

  it("is e-mailed to the mother's address when the child has none, through the outbox, recorded as an interaction", async () => {
    const client = await secretary();
    const mother = await buildPatient(t.current.system, { email: "awa.diallo@example.sn" });
    const child = await girl();
    const none = await client.request("POST", url(child.id, "/send"));
    expect([none.statusCode, none.json().error.code]).toEqual([422, "vaccination_no_email"]);
    await t.current.services.database.db.update(people).set({ motherId: mother.id }).where(eq(people.id, child.id));
    const response = await client.request("POST", url(child.id, "/send"));
    expect(response.statusCode, response.body).toBe(200);
    const { to, emailId, interactionId } = response.json();
    expect(to).toBe("awa.diallo@example.sn");
    const [row] = await t.current.services.database.db.select().from(outboxEmails).where(eq(outboxEmails.id, emailId));
    expect(row).toMatchObject({
      toAddresses: ["awa.diallo@example.sn"],
      attachments: [{ kind: "vaccination_calendar", id: child.id, asOf: "2026-03-02" }],
      personId: child.id,
      interactionId,
    });
    expect(row?.subject).toContain("Calendrier vaccinal de Fatou Diallo");
    const interactions = (await client.request("GET", `/api/patients/${child.id}/interactions`)).json();
    expect(interactions.find((i: { id: string }) => i.id === interactionId)).toMatchObject({ channel: "email" });
  });
});
