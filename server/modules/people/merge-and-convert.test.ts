import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outboxEmails } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { createInteraction } from "../interactions/interactions.ts";
import { changeTemperature } from "./change-temperature.ts";

const t = setupTestApp({ now: "2026-06-10T09:00:00Z" });

describe("merging two prospect records", () => {
  it("keeps both histories on the kept record, adds the phones, fills empty fields, hides the merged one", async () => {
    const { signIn, system } = t.current;
    const manager = await signIn("prospects_manager");
    const keep = await buildProspect(system, {
      lastName: "Faye",
      firstName: "Oumy",
      phones: ["77 600 00 01"],
      firstContactDate: "2026-05-01",
    });
    const other = await buildProspect(system, {
      lastName: "FAYE",
      firstName: "Oumy",
      phones: ["77 600 00 01", "76 600 00 02"],
      email: "oumy.faye@example.sn",
      firstContactDate: "2026-05-20",
    });
    await createInteraction(system, "prospect", keep.id, {
      channel: "phone_in",
      occurredAt: "2026-05-01T10:00:00Z",
      requestTypes: [],
      documentsSent: [],
    });
    await createInteraction(system, "prospect", other.id, {
      channel: "visit",
      occurredAt: "2026-05-20T10:00:00Z",
      requestTypes: ["prices"],
      documentsSent: [],
    });
    const warmed = await changeTemperature(system, other.id, {
      version: other.version,
      temperature: "warm",
      reason: "réfléchit",
    });

    const refused = await (await signIn("reception")).request("POST", `/api/prospects/${keep.id}/merge`, {
      version: keep.version,
      mergeId: other.id,
      mergeVersion: warmed.version,
    });
    expect(refused.statusCode).toBe(403);
    const stale = await manager.request("POST", `/api/prospects/${keep.id}/merge`, {
      version: keep.version,
      mergeId: other.id,
      mergeVersion: 1,
    });
    expect(stale.statusCode).toBe(409);

    const merged = await manager.request("POST", `/api/prospects/${keep.id}/merge`, {
      version: keep.version,
      mergeId: other.id,
      mergeVersion: warmed.version,
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({
      id: keep.id,
      phones: ["+221776000001", "+221766000002"],
      email: "oumy.faye@example.sn",
      lastInteractionAt: "2026-05-20T10:00:00.000Z",
    });
    const timeline = (await manager.request("GET", `/api/prospects/${keep.id}/interactions`)).json();
    expect(timeline.map((i: { channel: string }) => i.channel)).toEqual(["visit", "phone_in"]);
    const history = (await manager.request("GET", `/api/prospects/${keep.id}`)).json().temperatureHistory;
    expect(history.map((h: { toTemperature: string }) => h.toTemperature)).toEqual(["hot", "hot", "warm"]);
    const absorbed = (await manager.request("GET", `/api/prospects/${other.id}`)).json();
    expect(absorbed.mergedIntoId).toBe(keep.id);
    const found = (await manager.request("GET", "/api/lookup?q=766000002")).json().results;
    expect(found.map((r: { id: string }) => r.id)).toEqual([keep.id]);
    const admin = await signIn("admin");
    const audit = (await admin.request("GET", `/api/audit?action=prospect.merge&entityId=${keep.id}`)).json();
    expect(audit.events[0].after.mergedId).toBe(other.id);
    const again = await manager.request("POST", `/api/prospects/${keep.id}/merge`, {
      version: merged.json().version,
      mergeId: other.id,
      mergeVersion: absorbed.version,
    });
    expect([again.statusCode, again.json().error.code]).toEqual([409, "already_merged"]);
  });

  it("moves the merged record's appointments, quotes, calls, messages and emails to the kept record", async () => {
    const { signIn, system } = t.current;
    const manager = await signIn("prospects_manager");
    const reception = await signIn("reception");
    const keep = await buildProspect(system, { lastName: "Gueye", firstName: "Astou" });
    const other = await buildProspect(system, {
      lastName: "GUEYE",
      firstName: "Astou",
      email: "astou.gueye@example.sn",
    });
    const created = async (method: string, url: string, body: Record<string, unknown>) => {
      const response = await reception.request(method, url, body);
      expect(response.statusCode, response.body).toBeLessThan(300);
      return response.json() as { id: string; emailId: string };
    };
    const appointmentOf = (personId: string, startsAt: string) =>
      created("POST", "/api/appointments", { site: "CLINIQUE", personId, startsAt, durationMinutes: 30 });
    const quoteOf = (personId: string) =>
      created("POST", "/api/quotes", {
        personId,
        lines: [{ label: "Consultation", unitPriceXof: 25_000, quantity: 1 }],
      });
    const callOf = (personId: string) => created("POST", "/api/calls", { channel: "phone", personId });

    const keptAppointment = await appointmentOf(keep.id, "2026-06-15T10:00:00Z");
    const movedAppointment = await appointmentOf(other.id, "2026-06-16T10:00:00Z");
    const keptQuote = await quoteOf(keep.id);
    const movedQuote = await quoteOf(other.id);
    const sent = await created("POST", `/api/quotes/${movedQuote.id}/send`, { from: "clinic" });
    const keptCall = await callOf(keep.id);
    const movedCall = await callOf(other.id);
    const message = await created("POST", "/api/messages", {
      forUserId: reception.userId,
      personId: other.id,
      body: "Rappeler Mme Gueye",
    });
    const otherNow = (await manager.request("GET", `/api/prospects/${other.id}`)).json();
    const keepNow = (await manager.request("GET", `/api/prospects/${keep.id}`)).json();

    const merged = await manager.request("POST", `/api/prospects/${keep.id}/merge`, {
      version: keepNow.version,
      mergeId: other.id,
      mergeVersion: otherNow.version,
    });
    expect(merged.statusCode, merged.body).toBe(200);

    const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();
    const appointments = (await manager.request("GET", `/api/appointments?personId=${keep.id}`)).json();
    expect(ids(appointments.items)).toEqual([keptAppointment.id, movedAppointment.id].sort());
    const quotes = (await manager.request("GET", `/api/quotes?personId=${keep.id}`)).json();
    expect(ids(quotes)).toEqual([keptQuote.id, movedQuote.id].sort());
    const calls = (await manager.request("GET", `/api/calls?personId=${keep.id}`)).json();
    expect(ids(calls.items)).toEqual([keptCall.id, movedCall.id].sort());
    // Nothing is left on the hidden record.
    expect((await manager.request("GET", `/api/appointments?personId=${other.id}`)).json().total).toBe(0);
    expect((await manager.request("GET", `/api/quotes?personId=${other.id}`)).json()).toEqual([]);
    expect((await manager.request("GET", `/api/calls?personId=${other.id}`)).json().total).toBe(0);
    const waiting = (await reception.request("GET", "/api/messages/inbox")).json().items;
    expect(waiting.find((m: { id: string }) => m.id === message.id)?.person?.id).toBe(keep.id);
    const [email] = await t.current.services.database.db
      .select({ personId: outboxEmails.personId })
      .from(outboxEmails)
      .where(eq(outboxEmails.id, sent.emailId));
    expect(email?.personId).toBe(keep.id);

    const admin = await signIn("admin");
    const audit = (await admin.request("GET", `/api/audit?action=prospect.merge&entityId=${keep.id}`)).json();
    expect(audit.events[0].after).toMatchObject({
      mergedId: other.id,
      movedAppointments: [movedAppointment.id],
      movedQuotes: [movedQuote.id],
      movedCalls: [movedCall.id],
      movedMessages: [message.id],
      movedEmails: [sent.emailId],
    });
  });

  it("carries her consents: the newest answer per purpose and channel holds, whichever record it was given on", async () => {
    const { signIn, system, clock } = t.current;
    const start = clock.now().toISOString();
    const manager = await signIn("prospects_manager");
    const reception = await signIn("reception");
    const keep = await buildProspect(system, { lastName: "Sall", firstName: "Ndeye" });
    const other = await buildProspect(system, { lastName: "SALL", firstName: "Ndèye" });
    const consent = async (personId: string, channel: string, granted: boolean, purpose = "newsletter") => {
      const response = await reception.request("POST", `/api/people/${personId}/consents`, {
        purpose,
        channel,
        granted,
        source: "call",
      });
      expect(response.statusCode, response.body).toBe(201);
      clock.advance(60_000);
    };
    // E-mail: granted on the kept record, withdrawn later on the duplicate. SMS: withdrawn on the kept
    // record, granted later on the duplicate. WhatsApp: only on the duplicate.
    await consent(keep.id, "email", true);
    await consent(other.id, "sms", false);
    await consent(keep.id, "sms", false);
    await consent(other.id, "email", false);
    await consent(other.id, "sms", true);
    await consent(other.id, "whatsapp", true);
    // Reminders by SMS: refused on the kept record (its SMS opt-out ticked), accepted later on the duplicate.
    await consent(keep.id, "sms", false, "reminders");
    await consent(other.id, "sms", true, "reminders");
    expect((await manager.request("GET", `/api/prospects/${keep.id}`)).json().smsOptOut).not.toBeNull();
    const keepNow = (await manager.request("GET", `/api/prospects/${keep.id}`)).json();
    const otherNow = (await manager.request("GET", `/api/prospects/${other.id}`)).json();
    const merged = await manager.request("POST", `/api/prospects/${keep.id}/merge`, {
      version: keepNow.version,
      mergeId: other.id,
      mergeVersion: otherNow.version,
    });
    expect(merged.statusCode, merged.body).toBe(200);

    const register = (await reception.request("GET", `/api/people/${keep.id}/consents`)).json() as {
      current: { purpose: string; channel: string; granted: boolean }[];
      history: unknown[];
    };
    const state = Object.fromEntries(
      register.current.filter((c) => c.purpose === "newsletter").map((c) => [c.channel, c.granted]),
    );
    expect(state).toEqual({ email: false, sms: true, whatsapp: true });
    expect(register.history).toHaveLength(8);
    // The newest answer on reminders holds, and the record's SMS opt-out follows it.
    expect(register.current.find((c) => c.purpose === "reminders" && c.channel === "sms")?.granted).toBe(true);
    expect((await manager.request("GET", `/api/prospects/${keep.id}`)).json().smsOptOut).toBeNull();
    clock.set(start);
  });

  it("refuses merging a record into itself", async () => {
    const manager = await t.current.signIn("prospects_manager");
    const p = await buildProspect(t.current.system);
    const response = await manager.request("POST", `/api/prospects/${p.id}/merge`, {
      version: 1,
      mergeId: p.id,
      mergeVersion: 1,
    });
    expect([response.statusCode, response.json().error.code]).toEqual([422, "merge_into_itself"]);
  });
});

describe("reconciling prospects with patients", () => {
  it("suggests matches by phone or by name and birth date, then marks the prospect converted with the patient's provenance", async () => {
    const { signIn, system } = t.current;
    const secretary = await signIn("crm_secretary");
    const byPhone = await buildProspect(system, {
      lastName: "Sow",
      firstName: "Khady",
      phones: ["70 700 00 01"],
      firstContactDate: "2026-04-01",
    });
    const byName = await buildProspect(system, {
      lastName: "Ndao",
      firstName: "Yacine",
      birthDate: "1993-02-02",
      phones: ["70 700 00 02"],
      firstContactDate: "2026-04-02",
    });
    await buildProspect(system, { lastName: "Seul", firstName: "Personne", phones: ["70 700 00 03"] });
    const patientA = await buildPatient(system, {
      lastName: "Sow",
      firstName: "Khadidiatou",
      phones: ["+221707000001"],
      ehrCreatedOn: "2026-04-20",
    });
    const patientB = await buildPatient(system, {
      lastName: "NDAO",
      firstName: "Yacine",
      birthDate: "1993-02-02",
      phones: ["78 999 99 99"],
      ehrCreatedOn: "2025-12-01",
    });

    const { suggestions } = (await secretary.request("GET", "/api/reconciliation/suggestions")).json();
    const pairs = suggestions.map(
      (s: { prospect: { id: string }; patient: { id: string }; matchedOn: string; patientCreatedAfter: boolean }) => [
        s.prospect.id,
        s.patient.id,
        s.matchedOn,
        s.patientCreatedAfter,
      ],
    );
    expect(pairs).toEqual([
      [byPhone.id, patientA.id, "phone", true],
      [byName.id, patientB.id, "name_birth_date", false],
    ]);

    const converted = await secretary.request("POST", `/api/prospects/${byPhone.id}/convert`, {
      version: byPhone.version,
      patientId: patientA.id,
    });
    expect(converted.statusCode).toBe(200);
    expect(converted.json()).toMatchObject({
      status: "converted",
      convertedToId: patientA.id,
      convertedAt: "2026-06-10T09:00:00.000Z",
    });
    expect((await secretary.request("GET", `/api/patients/${patientA.id}`)).json().sourceProspectId).toBe(byPhone.id);
    const twice = await secretary.request("POST", `/api/prospects/${byPhone.id}/convert`, {
      version: converted.json().version,
      patientId: patientA.id,
    });
    expect(twice.json().error.code).toBe("already_converted");
    const left = (await secretary.request("GET", "/api/reconciliation/suggestions")).json().suggestions;
    expect(left.map((s: { prospect: { id: string } }) => s.prospect.id)).toEqual([byName.id]);
    expect(
      (await secretary.request("GET", "/api/prospects?converted=true")).json().items.map((p: { id: string }) => p.id),
    ).toEqual([byPhone.id]);
  });
  it("keeps a patient's provenance from the entry interview and proposes that prospect first, before phone or name matches", async () => {
    const { signIn, system } = t.current;
    const secretary = await signIn("crm_secretary");
    const older = await buildProspect(system, {
      lastName: "Gaye",
      firstName: "Ndeye",
      phones: ["70 710 00 01"],
      firstContactDate: "2026-01-05",
    });
    // She came after calling under her married name, from another phone: only she can tell.
    const told = await buildProspect(system, {
      lastName: "Diouf",
      firstName: "Ndeye",
      phones: ["70 710 00 02"],
      firstContactDate: "2026-05-05",
    });
    const refused = await secretary.request("POST", "/api/patients", {
      lastName: "Gaye",
      firstName: "Ndeye",
      phones: ["70 710 00 01"],
      provenanceOrigin: "pigeon",
      confirmDuplicate: true,
    });
    expect([refused.statusCode, refused.json().error.details.issues[0].field]).toEqual([422, "provenanceOrigin"]);
    const patient = await secretary.request("POST", "/api/patients", {
      lastName: "Gaye",
      firstName: "Ndeye",
      phones: ["70 710 00 01"],
      provenanceOrigin: "facebook",
      provenanceProspectId: told.id,
      confirmDuplicate: true,
    });
    expect(patient.statusCode, patient.body).toBe(201);
    expect(patient.json().person).toMatchObject({ provenanceOrigin: "facebook", provenanceProspectId: told.id });
    const notAProspect = await secretary.request("PATCH", `/api/patients/${patient.json().person.id}`, {
      version: 1,
      provenanceProspectId: patient.json().person.id,
    });
    expect([notAProspect.statusCode, notAProspect.json().error.details.issues[0].field]).toEqual([
      422,
      "provenanceProspectId",
    ]);
    const { suggestions } = (await secretary.request("GET", "/api/reconciliation/suggestions")).json();
    const mine = suggestions.filter((s: { patient: { id: string } }) => s.patient.id === patient.json().person.id);
    expect(mine.map((s: { prospect: { id: string }; matchedOn: string }) => [s.prospect.id, s.matchedOn])).toEqual([
      [told.id, "provenance"],
      [older.id, "phone"],
    ]);

    // Corrected later on the record: the new provenance leads the suggestions, cleared it leads nothing.
    const corrected = await secretary.request("PATCH", `/api/patients/${patient.json().person.id}`, {
      version: 1,
      provenanceOrigin: "referral",
      provenanceProspectId: older.id,
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({ provenanceOrigin: "referral", provenanceProspectId: older.id });
    const afterCorrection = (await secretary.request("GET", "/api/reconciliation/suggestions")).json().suggestions;
    expect(
      afterCorrection
        .filter((s: { patient: { id: string } }) => s.patient.id === patient.json().person.id)
        .map((s: { prospect: { id: string }; matchedOn: string }) => [s.prospect.id, s.matchedOn]),
    ).toEqual([[older.id, "provenance"]]);
    const cleared = await secretary.request("PATCH", `/api/patients/${patient.json().person.id}`, {
      version: 2,
      provenanceOrigin: null,
      provenanceProspectId: null,
    });
    expect(cleared.json()).toMatchObject({ provenanceOrigin: null, provenanceProspectId: null });
    const afterClearing = (await secretary.request("GET", "/api/reconciliation/suggestions")).json().suggestions;
    expect(
      afterClearing
        .filter((s: { patient: { id: string } }) => s.patient.id === patient.json().person.id)
        .map((s: { prospect: { id: string }; matchedOn: string }) => [s.prospect.id, s.matchedOn]),
    ).toEqual([[older.id, "phone"]]);
  });
});
