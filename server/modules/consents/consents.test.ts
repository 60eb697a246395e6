import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { CONSENT_WORDINGS } from "../../../shared/consents.ts";
import { auditEvents, consentEvents, people } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { consentGranted, serviceAllowed } from "./consent-checks.ts";

// Dakar is UTC+0 all year.
const t = setupTestApp({ now: "2026-06-10T09:00:00Z" });

beforeEach(() => t.current.clock.set("2026-06-10T09:00:00Z"));

const url = (personId: string) => `/api/people/${personId}/consents`;
const grant = (overrides: Record<string, unknown> = {}) => ({
  purpose: "newsletter",
  channel: "email",
  granted: true,
  source: "call",
  ...overrides,
});

const issueField = (response: { json(): unknown }) =>
  (response.json() as { error: { details: { issues: { field: string }[] } } }).error.details.issues[0]?.field;
const errorCode = (response: { json(): unknown }) => (response.json() as { error: { code: string } }).error.code;

describe("the consent register", () => {
  it("keeps every entry, newest first; the current state is the newest; audited", async () => {
    const reception = await t.current.signIn("reception");
    const patient = await buildPatient(t.current.system);
    const first = await reception.request("POST", url(patient.id), grant({ note: "  Dit à l'accueil  " }));
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      purpose: "newsletter",
      channel: "email",
      granted: true,
      source: "call",
      wording: CONSENT_WORDINGS.newsletter,
      note: "Dit à l'accueil",
      recordedAt: "2026-06-10T09:00:00.000Z",
      recordedBy: { id: expect.any(String), name: expect.any(String) },
    });

    t.current.clock.set("2026-06-12T15:30:00Z");
    const reception2 = await t.current.signIn("reception");
    const second = await reception2.request("POST", url(patient.id), grant({ granted: false, source: "record" }));
    expect(second.statusCode, second.body).toBe(201);

    const register = await reception2.request("GET", url(patient.id));
    expect(register.statusCode).toBe(200);
    expect(register.json()).toEqual({
      current: [
        {
          purpose: "newsletter",
          channel: "email",
          granted: false,
          since: "2026-06-12T15:30:00.000Z",
          source: "record",
        },
      ],
      history: [
        expect.objectContaining({ id: second.json().id, granted: false, source: "record", note: null }),
        expect.objectContaining({ id: first.json().id, granted: true, source: "call", note: "Dit à l'accueil" }),
      ],
    });
    const audit = await t.current.services.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, patient.id));
    expect(audit.map((a) => a.action).filter((a) => a.startsWith("consent."))).toEqual([
      "consent.grant",
      "consent.withdraw",
    ]);
    expect(audit.find((a) => a.action === "consent.grant")?.after).toMatchObject({
      purpose: "newsletter",
      channel: "email",
      source: "call",
    });
    // The first entry is still there, unchanged.
    const rows = await t.current.services.database.db
      .select()
      .from(consentEvents)
      .where(eq(consentEvents.personId, patient.id));
    expect(rows).toHaveLength(2);
  });

  it("gives the wordings it stores", async () => {
    const viewer = await t.current.signIn("viewer");
    const response = await viewer.request("GET", "/api/consents/wordings");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ wordings: CONSENT_WORDINGS });
  });

  it("names the field at fault; the system's own sources are refused (422 naming source)", async () => {
    const reception = await t.current.signIn("reception");
    const prospect = await buildProspect(t.current.system);
    const cases: [Record<string, unknown>, string, number][] = [
      [{ purpose: "promotions" }, "purpose", 400],
      [{ channel: "fax" }, "channel", 400],
      [{ source: "guess" }, "source", 400],
      [{ granted: "oui" }, "granted", 400],
      [{ note: "x".repeat(501) }, "note", 400],
      [{ source: "unsubscribe_link" }, "source", 422],
      [{ source: "stop_reply" }, "source", 422],
    ];
    for (const [overrides, field, status] of cases) {
      const response = await reception.request("POST", url(prospect.id), grant(overrides));
      expect(response.statusCode, JSON.stringify(overrides)).toBe(status);
      expect(issueField(response), JSON.stringify(overrides)).toBe(field);
    }
    expect((await reception.request("GET", url(prospect.id))).json()).toEqual({ current: [], history: [] });
  });

  it("refuses unknown, merged and anonymised records", async () => {
    const reception = await t.current.signIn("reception");
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await reception.request("GET", url(unknown))).statusCode).toBe(404);
    expect((await reception.request("POST", url(unknown), grant())).statusCode).toBe(404);
    const kept = await buildProspect(t.current.system);
    const merged = await buildProspect(t.current.system, { phones: ["77 222 33 44"], confirmDuplicate: true });
    const gone = await buildProspect(t.current.system, { phones: ["77 222 33 55"], confirmDuplicate: true });
    const { db } = t.current.services.database;
    await db.update(people).set({ mergedIntoId: kept.id }).where(eq(people.id, merged.id));
    await db
      .update(people)
      .set({ anonymizedAt: new Date("2026-06-01T00:00:00Z") })
      .where(eq(people.id, gone.id));
    const onMerged = await reception.request("POST", url(merged.id), grant());
    expect([onMerged.statusCode, errorCode(onMerged)]).toEqual([409, "merged_record"]);
    const onGone = await reception.request("POST", url(gone.id), grant());
    expect([onGone.statusCode, errorCode(onGone)]).toEqual([409, "consent_anonymized_record"]);
    // Still readable.
    expect((await reception.request("GET", url(merged.id))).statusCode).toBe(200);
  });

  it("is read by everyone, written by those who talk to the person", async () => {
    const patient = await buildPatient(t.current.system);
    const viewer = await t.current.signIn("viewer");
    expect((await viewer.request("GET", url(patient.id))).statusCode).toBe(200);
    const refused = await viewer.request("POST", url(patient.id), grant());
    expect([refused.statusCode, errorCode(refused)]).toEqual([403, "forbidden"]);
    const secretary = await t.current.signIn("medical_secretary");
    expect((await secretary.request("POST", url(patient.id), grant())).statusCode).toBe(201);
  });

  it("answers consentGranted (promotional: granted only) and serviceAllowed (service: unless refused)", async () => {
    const reception = await t.current.signIn("reception");
    const patient = await buildPatient(t.current.system);
    const { db } = t.current.services.database;
    expect(await consentGranted(db, patient.id, "newsletter", "email")).toBe(false);
    expect(await serviceAllowed(db, patient.id, "reminders", "sms")).toBe(true);
    expect(await serviceAllowed(db, patient.id, "reminders", "email")).toBe(true);
    await reception.request("POST", url(patient.id), grant());
    await reception.request("POST", url(patient.id), grant({ purpose: "reminders", channel: "email", granted: false }));
    expect(await consentGranted(db, patient.id, "newsletter", "email")).toBe(true);
    expect(await consentGranted(db, patient.id, "newsletter", "sms")).toBe(false);
    expect(await serviceAllowed(db, patient.id, "reminders", "email")).toBe(false);
    // An opt-out on the record from before the register counts as a refusal by SMS.
    await db
      .update(people)
      .set({ smsOptOutAt: new Date(), smsOptOutSource: "record" })
      .where(eq(people.id, patient.id));
    expect(await serviceAllowed(db, patient.id, "reminders", "sms")).toBe(false);
  });

  it("keeps reminders by SMS and « Ne souhaite pas recevoir de SMS » in step, both ways", async () => {
    const reception = await t.current.signIn("reception");
    const patient = await buildPatient(t.current.system);
    const { db } = t.current.services.database;
    const record = async () => (await db.select().from(people).where(eq(people.id, patient.id)))[0];

    // From the register to the record.
    await reception.request("POST", url(patient.id), grant({ purpose: "reminders", channel: "sms", granted: false }));
    expect(await record()).toMatchObject({ smsOptOutSource: "record", version: 2 });
    expect((await reception.request("GET", `/api/patients/${patient.id}`)).json().smsOptOut).toEqual({
      at: "2026-06-10T09:00:00.000Z",
      source: "record",
    });
    await reception.request("POST", url(patient.id), grant({ purpose: "reminders", channel: "sms", granted: true }));
    expect(await record()).toMatchObject({ smsOptOutAt: null, smsOptOutSource: null, version: 3 });
    const audit = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, patient.id)));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["person.sms_opt_out", "person.sms_opt_in"]));

    // From the record to the register: ticked, then ticked again (nothing new), then unticked.
    const ticked = await reception.request("PATCH", `/api/patients/${patient.id}`, { version: 3, smsOptOut: true });
    expect(ticked.statusCode, ticked.body).toBe(200);
    expect(ticked.json().version).toBe(4);
    const again = await reception.request("PATCH", `/api/patients/${patient.id}`, { version: 4, smsOptOut: true });
    expect(again.statusCode).toBe(200);
    const unticked = await reception.request("PATCH", `/api/patients/${patient.id}`, { version: 5, smsOptOut: false });
    expect(unticked.statusCode).toBe(200);
    expect(unticked.json()).toMatchObject({ smsOptOut: null, version: 6 });
    const history = (await reception.request("GET", url(patient.id))).json().history;
    expect(history.map((e: { granted: boolean; source: string }) => [e.granted, e.source])).toEqual([
      [true, "record"],
      [false, "record"],
      [true, "call"],
      [false, "call"],
    ]);
  });

  it("writes the refusal of a record created with « Ne souhaite pas recevoir de SMS »", async () => {
    const reception = await t.current.signIn("reception");
    const created = await buildProspect(t.current.system, { smsOptOut: true });
    const register = (await reception.request("GET", url(created.id))).json();
    expect(register.current).toMatchObject([
      { purpose: "reminders", channel: "sms", granted: false, source: "record" },
    ]);
    const plain = await buildProspect(t.current.system, { phones: ["77 999 88 11"], confirmDuplicate: true });
    expect((await reception.request("GET", url(plain.id))).json().history).toEqual([]);
  });
});
