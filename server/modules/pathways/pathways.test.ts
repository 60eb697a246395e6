import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents, pathways } from "../../db/schema/index.ts";
import { type Client, setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { getSettings, updateSettings } from "../settings/settings.ts";

// Dakar is UTC+0 all year: 09:00Z is 09:00 at the clinic.
const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });

beforeEach(() => t.current.clock.set("2026-03-02T09:00:00Z"));

const url = (personId: string, rest = "") => `/api/patients/${personId}/pathways${rest}`;

async function secretary(): Promise<Client> {
  return t.current.signIn("medical_secretary");
}

async function startPregnancy(client: Client, personId: string, body: Record<string, unknown>) {
  return client.request("POST", url(personId), { type: "pregnancy", ...body });
}

const issueField = (response: { json(): unknown }) =>
  (response.json() as { error: { details: { issues: { field: string }[] } } }).error.details.issues[0]?.field;

async function setConvention(dueDateConvention: "french" | "naegele") {
  const { version, settings } = await getSettings(t.current.system);
  await updateSettings(t.current.system, { version, settings: { ...settings, pregnancy: { dueDateConvention } } });
}

describe("starting a pregnancy", () => {
  it("derives the DPA from the DDR by the French convention (1 January → 15 October), audited", async () => {
    const client = await secretary();
    const patient = await buildPatient(t.current.system);
    const response = await startPregnancy(client, patient.id, { ddr: "2026-01-01" });
    expect(response.statusCode, response.body).toBe(201);
    const pathway = response.json();
    expect(pathway).toMatchObject({
      personId: patient.id,
      type: "pregnancy",
      startedOn: "2026-03-02",
      endedOn: null,
      exitReason: null,
      version: 1,
      pregnancy: {
        ddr: "2026-01-01",
        dpa: "2026-10-15",
        convention: "french",
        // 2 March is 60 days after 1 January.
        gestationalAge: { weeks: 8, days: 4, label: "8 SA + 4 j" },
      },
    });
    expect(pathway.pregnancy.milestones.map((m: { id: string }) => m.id)).toEqual([
      "scan-t1",
      "scan-t2",
      "scan-t3",
      "week-36",
      "term-41",
      "dpa",
    ]);
    expect(pathway.pregnancy.milestones.at(-1)).toMatchObject({ on: "2026-10-15", past: false });
    const audit = await t.current.services.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, pathway.id), eq(auditEvents.action, "pathway.start")));
    expect(audit).toHaveLength(1);
  });

  it("uses Naegele's rule when the settings say so (1 January → 8 October)", async () => {
    const client = await secretary();
    const patient = await buildPatient(t.current.system);
    await setConvention("naegele");
    try {
      const response = await startPregnancy(client, patient.id, { ddr: "2026-01-01" });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().pregnancy).toMatchObject({ dpa: "2026-10-08", convention: "naegele" });
    } finally {
      await setConvention("french");
    }
    // The convention is kept with the dates: the pathway reads the same once the settings change back.
    const list = (await client.request("GET", url(patient.id))).json();
    expect(list.items[0].pregnancy).toMatchObject({ dpa: "2026-10-08", convention: "naegele" });
  });

  it("derives the DDR from a DPA given alone", async () => {
    const client = await secretary();
    const patient = await buildPatient(t.current.system);
    const response = await startPregnancy(client, patient.id, { dpa: "2026-10-15" });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().pregnancy).toMatchObject({ ddr: "2026-01-01", dpa: "2026-10-15" });
  });

  it("tells the gestational age and past milestones as of the clinic's today", async () => {
    const client = await secretary();
    const patient = await buildPatient(t.current.system);
    const created = await startPregnancy(client, patient.id, { ddr: "2026-01-01", startedOn: "2026-02-20" });
    expect(created.statusCode, created.body).toBe(201);
    // 12 September, 23:30 in Dakar: DDR + 254 days.
    t.current.clock.set("2026-09-12T23:30:00Z");
    // Six months on, the session has expired: a new one.
    const later = await secretary();
    const list = (await later.request("GET", url(patient.id))).json();
    expect(list.asOf).toBe("2026-09-12");
    const pregnancy = list.items[0].pregnancy;
    expect(pregnancy.gestationalAge).toEqual({ weeks: 36, days: 2, label: "36 SA + 2 j" });
    const past = Object.fromEntries(pregnancy.milestones.map((m: { id: string; past: boolean }) => [m.id, m.past]));
    expect(past).toEqual({
      "scan-t1": true,
      "scan-t2": true,
      "scan-t3": true,
      // Reached on 10 September: two days ago.
      "week-36": true,
      "term-41": false,
      dpa: false,
    });
  });

  it("refuses a DDR and a DPA that do not agree (422 naming dpa), writing nothing", async () => {
    const client = await secretary();
    const patient = await buildPatient(t.current.system);
    const response = await startPregnancy(client, patient.id, { ddr: "2026-01-01", dpa: "2026-10-20" });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe("pregnancy_dates_mismatch");
    expect(response.json().error.message).toContain("ne concordent pas");
    expect(issueField(response)).toBe("dpa");
    const rows = await t.current.services.database.db.select().from(pathways).where(eq(pathways.personId, patient.id));
    expect(rows).toHaveLength(0);
  });

  it("refuses a pregnancy without dates, a DDR in the future, a day that does not exist", async () => {
    const client = await secretary();
    const patient = await buildPatient(t.current.system);
    const none = await startPregnancy(client, patient.id, {});
    expect([none.statusCode, none.json().error.code, issueField(none)]).toEqual([
      422,
      "pregnancy_dates_required",
      "ddr",
    ]);
    const future = await startPregnancy(client, patient.id, { ddr: "2026-03-03" });
    expect([future.statusCode, future.json().error.code, issueField(future)]).toEqual([
      422,
      "pregnancy_ddr_future",
      "ddr",
    ]);
    const old = await startPregnancy(client, patient.id, { ddr: "2025-01-01" });
    expect([old.statusCode, issueField(old)]).toEqual([422, "ddr"]);
    const impossible = await startPregnancy(client, patient.id, { ddr: "2026-02-31" });
    expect([impossible.statusCode, issueField(impossible)]).toEqual([400, "ddr"]);
    const ancient = await startPregnancy(client, patient.id, { dpa: "1900-01-01" });
    expect([ancient.statusCode, issueField(ancient)]).toEqual([400, "dpa"]);
  });

  it("refuses a second open pregnancy (409), and allows one once the first is closed", async () => {
    const client = await secretary();
    const patient = await buildPatient(t.current.system);
    const first = await startPregnancy(client, patient.id, { ddr: "2026-01-01" });
    expect(first.statusCode).toBe(201);
    const second = await startPregnancy(client, patient.id, { ddr: "2026-02-01" });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({
      code: "pathway_already_open",
      details: { pathwayId: first.json().id },
    });
    expect(second.json().error.message).toContain("déjà un parcours de ce type en cours");
    // Another type at the same time is fine.
    const gyn = await client.request("POST", url(patient.id), { type: "gynecology" });
    expect(gyn.statusCode, gyn.body).toBe(201);
    expect(gyn.json()).toMatchObject({ type: "gynecology", pregnancy: null });

    const ended = await client.request("POST", url(patient.id, `/${first.json().id}/end`), {
      version: 1,
      exitReason: "miscarriage",
    });
    expect(ended.statusCode, ended.body).toBe(200);
    const again = await startPregnancy(client, patient.id, { ddr: "2026-02-01" });
    expect(again.statusCode, again.body).toBe(201);
  });
});

describe("other pathways and bad input", () => {
  it("starts a pathway on a past day, not a future one; pregnancy dates belong to pregnancies", async () => {
    const client = await secretary();
    const patient = await buildPatient(t.current.system);
    const past = await client.request("POST", url(patient.id), { type: "pediatrics", startedOn: "2026-01-10" });
    expect(past.statusCode, past.body).toBe(201);
    expect(past.json()).toMatchObject({ type: "pediatrics", startedOn: "2026-01-10" });
    const future = await client.request("POST", url(patient.id), { type: "gynecology", startedOn: "2026-03-03" });
    expect([future.statusCode, future.json().error.code, issueField(future)]).toEqual([
      422,
      "pathway_start_in_future",
      "startedOn",
    ]);
    const withDates = await client.request("POST", url(patient.id), { type: "postpartum", ddr: "2026-01-01" });
    expect([withDates.statusCode, issueField(withDates)]).toEqual([422, "ddr"]);
    const badType = await client.request("POST", url(patient.id), { type: "cardiology" });
    expect([badType.statusCode, issueField(badType)]).toEqual([400, "type"]);
  });

  it("refuses a prospect record (pathways are followed on patient records) and an unknown one", async () => {
    const client = await secretary();
    const prospect = await buildProspect(t.current.system);
    const start = await startPregnancy(client, prospect.id, { ddr: "2026-01-01" });
    expect([start.statusCode, start.json().error.code]).toEqual([409, "pathway_patient_only"]);
    const list = await client.request("GET", url(prospect.id));
    expect(list.statusCode).toBe(409);
    const unknown = await client.request("GET", url("00000000-0000-4000-8000-000000000000"));
    expect(unknown.statusCode).toBe(404);
  });

  it("lets reception read but not start a pathway", async () => {
    const reception = await t.current.signIn("reception");
    const patient = await buildPatient(t.current.system);
    expect((await reception.request("GET", url(patient.id))).json()).toEqual({ asOf: "2026-03-02", items: [] });
    expect((await startPregnancy(reception, patient.id, { ddr: "2026-01-01" })).statusCode).toBe(403);
  });
});

describe("closing and correcting", () => {
  it("closes with a reason and lists open pathways first, then past ones", async () => {
    const client = await secretary();
    const patient = await buildPatient(t.current.system);
    const pregnancy = (await startPregnancy(client, patient.id, { ddr: "2026-01-01", startedOn: "2026-02-01" })).json();
    const gyn = (await client.request("POST", url(patient.id), { type: "gynecology", startedOn: "2026-01-05" })).json();
    const ended = await client.request("POST", url(patient.id, `/${pregnancy.id}/end`), {
      version: 1,
      endedOn: "2026-03-01",
      exitReason: "transferred",
      note: "Suivie à l'hôpital de Pikine",
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({
      endedOn: "2026-03-01",
      exitReason: "transferred",
      exitNote: "Suivie à l'hôpital de Pikine",
      version: 2,
    });
    const list = (await client.request("GET", url(patient.id))).json();
    expect(list.items.map((p: { id: string }) => p.id)).toEqual([gyn.id, pregnancy.id]);
    const audit = await t.current.services.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, pregnancy.id), eq(auditEvents.action, "pathway.end")));
    expect(audit).toHaveLength(1);

    const again = await client.request("POST", url(patient.id, `/${pregnancy.id}/end`), {
      version: 2,
      exitReason: "delivered",
    });
    expect([again.statusCode, again.json().error.code]).toEqual([409, "pathway_closed"]);
  });

  it("refuses a stale version (409), an end before the start, « other » without a note", async () => {
    const client = await secretary();
    const patient = await buildPatient(t.current.system);
    const pathway = (
      await client.request("POST", url(patient.id), { type: "gynecology", startedOn: "2026-02-01" })
    ).json();
    const end = (body: Record<string, unknown>) => client.request("POST", url(patient.id, `/${pathway.id}/end`), body);
    const stale = await end({ version: 7, exitReason: "moved_away" });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, "version_conflict"]);
    const early = await end({ version: 1, exitReason: "moved_away", endedOn: "2026-01-31" });
    expect([early.statusCode, issueField(early)]).toEqual([422, "endedOn"]);
    const future = await end({ version: 1, exitReason: "moved_away", endedOn: "2026-03-03" });
    expect([future.statusCode, issueField(future)]).toEqual([422, "endedOn"]);
    const other = await end({ version: 1, exitReason: "other", note: "  " });
    expect([other.statusCode, issueField(other)]).toEqual([422, "note"]);
    const badReason = await end({ version: 1, exitReason: "bored" });
    expect([badReason.statusCode, issueField(badReason)]).toEqual([400, "exitReason"]);
    const elsewhere = await buildPatient(t.current.system);
    const wrongPatient = await client.request("POST", url(elsewhere.id, `/${pathway.id}/end`), {
      version: 1,
      exitReason: "moved_away",
    });
    expect(wrongPatient.statusCode).toBe(404);
  });

  it("corrects a pregnancy's DDR, the DPA derived again; a stale version is a 409", async () => {
    const client = await secretary();
    const patient = await buildPatient(t.current.system);
    const pathway = (await startPregnancy(client, patient.id, { ddr: "2026-01-01" })).json();
    const corrected = await client.request("PATCH", url(patient.id, `/${pathway.id}`), {
      version: 1,
      ddr: "2026-01-08",
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({ version: 2, pregnancy: { ddr: "2026-01-08", dpa: "2026-10-22" } });
    const byDpa = await client.request("PATCH", url(patient.id, `/${pathway.id}`), { version: 2, dpa: "2026-10-15" });
    expect(byDpa.json()).toMatchObject({ version: 3, pregnancy: { ddr: "2026-01-01", dpa: "2026-10-15" } });
    const stale = await client.request("PATCH", url(patient.id, `/${pathway.id}`), { version: 1, ddr: "2026-01-02" });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, "version_conflict"]);
    const mismatch = await client.request("PATCH", url(patient.id, `/${pathway.id}`), {
      version: 3,
      ddr: "2026-01-02",
      dpa: "2026-10-15",
    });
    expect([mismatch.statusCode, issueField(mismatch)]).toEqual([422, "dpa"]);
    const audit = await t.current.services.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, pathway.id), eq(auditEvents.action, "pathway.correct_dates")));
    expect(audit).toHaveLength(2);

    const gyn = (await client.request("POST", url(patient.id), { type: "gynecology" })).json();
    const notPregnancy = await client.request("PATCH", url(patient.id, `/${gyn.id}`), {
      version: 1,
      ddr: "2026-01-01",
    });
    expect([notPregnancy.statusCode, notPregnancy.json().error.code]).toEqual([422, "pathway_not_pregnancy"]);
  });
});

describe("the patient list's pathway filter", () => {
  it("lists the patients of an open pathway type, or those « sans parcours »", async () => {
    const client = await secretary();
    const pregnant = await buildPatient(t.current.system, { lastName: "Filtreparcours", firstName: "Enceinte" });
    const closed = await buildPatient(t.current.system, { lastName: "Filtreparcours", firstName: "Terminée" });
    await buildPatient(t.current.system, { lastName: "Filtreparcours", firstName: "Aucun" });
    expect((await startPregnancy(client, pregnant.id, { ddr: "2026-01-01" })).statusCode).toBe(201);
    const started = await startPregnancy(client, closed.id, { ddr: "2025-06-01" });
    expect(started.statusCode).toBe(201);
    const ended = await client.request("POST", url(closed.id, `/${started.json().id}/end`), {
      version: started.json().version,
      exitReason: "delivered",
    });
    expect(ended.statusCode, ended.body).toBe(200);
    const names = async (pathway: string) => {
      const page = await client.request("GET", `/api/patients?q=Filtreparcours&pathway=${pathway}`);
      expect(page.statusCode, page.body).toBe(200);
      return (page.json().items as { firstName: string }[]).map((p) => p.firstName).sort();
    };
    expect(await names("pregnancy")).toEqual(["Enceinte"]);
    expect(await names("none")).toEqual(["Aucun", "Terminée"]);
    expect(await names("pediatrics")).toEqual([]);
    const wrong = await client.request("GET", "/api/patients?pathway=grossesse");
    expect([wrong.statusCode, issueField(wrong)]).toEqual([400, "pathway"]);
  });
});
