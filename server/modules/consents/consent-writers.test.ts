import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { people } from "../../db/schema/index.ts";
import { type Client, setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { recordInboundSms } from "../sms/inbound.ts";

/** The forms that already ask about the newsletters, and the STOP reply, write the consent register. */
const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });

type Entry = { purpose: string; channel: string; granted: boolean; source: string; note: string | null };

async function register(client: Client, personId: string) {
  const response = await client.request("GET", `/api/people/${personId}/consents`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { current: Entry[]; history: Entry[] };
}
const brief = (entries: Entry[]) => entries.map((e) => `${e.purpose}/${e.channel}/${e.granted}/${e.source}`).sort();

const CHECKLIST = {
  told: { prices: true, birthClasses: true, mothersGroup: true },
  plannedPlace: "nest",
  newsletterWish: "yes",
  newsletterChannels: ["email", "whatsapp"],
  mothersGroupNetworks: [],
  childFollowUp: "yes",
};

describe("the 36 SA call", () => {
  it("grants the channels chosen, and on a correction records only what changed", async () => {
    t.current.clock.set("2026-03-02T09:00:00Z");
    const client = await t.current.signIn("crm_secretary");
    const patient = await buildPatient(t.current.system);
    const pathway = await client.request("POST", `/api/patients/${patient.id}/pathways`, {
      type: "pregnancy",
      ddr: "2025-07-01",
    });
    const url = `/api/patients/${patient.id}/pathways/${pathway.json().id}/preparation-call`;
    const first = await client.request("PUT", url, CHECKLIST);
    expect(first.statusCode, first.body).toBe(200);
    expect(brief((await register(client, patient.id)).history)).toEqual([
      "newsletter/email/true/week36_call",
      "newsletter/whatsapp/true/week36_call",
    ]);

    // Corrected: e-mail and SMS, not WhatsApp.
    t.current.clock.set("2026-03-02T10:00:00Z");
    const corrected = await client.request("PUT", url, {
      ...CHECKLIST,
      newsletterChannels: ["email", "sms"],
      version: first.json().version,
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const after = await register(client, patient.id);
    expect(after.history).toHaveLength(4);
    expect(brief(after.history.slice(0, 2))).toEqual([
      "newsletter/sms/true/week36_call",
      "newsletter/whatsapp/false/week36_call",
    ]);
    expect(after.history[0]?.note).toBe("Réponse corrigée");
    expect(brief(after.current)).toEqual([
      "newsletter/email/true/week36_call",
      "newsletter/sms/true/week36_call",
      "newsletter/whatsapp/false/week36_call",
    ]);

    // No: withdrawn everywhere it was not already; undecided writes nothing.
    t.current.clock.set("2026-03-02T11:00:00Z");
    const refused = await client.request("PUT", url, {
      ...CHECKLIST,
      newsletterWish: "no",
      newsletterChannels: [],
      version: corrected.json().version,
    });
    expect(refused.statusCode, refused.body).toBe(200);
    const afterNo = await register(client, patient.id);
    expect(afterNo.history).toHaveLength(6);
    expect(afterNo.current.every((s) => !s.granted)).toBe(true);
    const undecided = await client.request("PUT", url, {
      ...CHECKLIST,
      newsletterWish: "undecided",
      newsletterChannels: [],
      version: refused.json().version,
    });
    expect(undecided.statusCode).toBe(200);
    expect((await register(client, patient.id)).history).toHaveLength(6);
  });

  it("writes nothing while she is undecided", async () => {
    t.current.clock.set("2026-03-02T09:00:00Z");
    const client = await t.current.signIn("crm_secretary");
    const patient = await buildPatient(t.current.system);
    const pathway = await client.request("POST", `/api/patients/${patient.id}/pathways`, {
      type: "pregnancy",
      ddr: "2025-07-01",
    });
    const url = `/api/patients/${patient.id}/pathways/${pathway.json().id}/preparation-call`;
    expect(
      (await client.request("PUT", url, { ...CHECKLIST, newsletterWish: "undecided", newsletterChannels: [] }))
        .statusCode,
    ).toBe(200);
    expect((await register(client, patient.id)).history).toEqual([]);
  });
});

describe("the entry interview", () => {
  const body = (overrides: Record<string, unknown> = {}) => ({
    transmittedFees: true,
    transmittedServices: true,
    fileCompleted: true,
    visitPurpose: "none",
    ...overrides,
  });

  it("records her newsletter answer (source entry_interview); yes needs a channel", async () => {
    t.current.clock.set("2026-03-02T09:00:00Z");
    const client = await t.current.signIn("medical_secretary");
    const patient = await buildPatient(t.current.system);
    const url = `/api/patients/${patient.id}/entry-interview`;
    const missing = await client.request("POST", url, body({ newsletterWish: "yes", newsletterChannels: [] }));
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.details.issues[0].field).toBe("newsletterChannels");
    const recorded = await client.request("POST", url, body({ newsletterWish: "yes", newsletterChannels: ["sms"] }));
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(brief((await register(client, patient.id)).history)).toEqual(["newsletter/sms/true/entry_interview"]);

    const other = await buildPatient(t.current.system);
    const no = await client.request(
      "POST",
      `/api/patients/${other.id}/entry-interview`,
      body({ newsletterWish: "no" }),
    );
    expect(no.statusCode, no.body).toBe(201);
    expect(brief((await register(client, other.id)).history)).toEqual([
      "newsletter/email/false/entry_interview",
      "newsletter/sms/false/entry_interview",
      "newsletter/whatsapp/false/entry_interview",
    ]);
    const silent = await buildPatient(t.current.system);
    expect((await client.request("POST", `/api/patients/${silent.id}/entry-interview`, body())).statusCode).toBe(201);
    expect((await register(client, silent.id)).history).toEqual([]);
  });
});

describe("the call screen's closing", () => {
  it("grants the newsletters on the channels ticked (source call) to the line's person", async () => {
    t.current.clock.set("2026-03-02T09:00:00Z");
    const reception = await t.current.signIn("reception");
    const prospect = await buildProspect(t.current.system, { phones: ["77 555 44 33"] });
    const created = await reception.request("POST", "/api/calls", { channel: "phone", personId: prospect.id });
    expect(created.statusCode, created.body).toBe(201);
    const closed = await reception.request("PATCH", `/api/calls/${created.json().id}`, {
      version: created.json().version,
      outcome: "answered",
      newsletterChannels: ["email", "whatsapp"],
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(brief((await register(reception, prospect.id)).history)).toEqual([
      "newsletter/email/true/call",
      "newsletter/whatsapp/true/call",
    ]);

    // A line without a person cannot carry a consent; nothing is saved.
    const anonymous = await reception.request("POST", "/api/calls", { channel: "phone" });
    const refused = await reception.request("PATCH", `/api/calls/${anonymous.json().id}`, {
      version: anonymous.json().version,
      outcome: "answered",
      newsletterChannels: ["sms"],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: "consent_person_required" });
    expect(refused.json().error.details.issues[0].field).toBe("newsletterChannels");
    expect((await reception.request("GET", `/api/calls/${anonymous.json().id}`)).json().outcome).toBeNull();
  });
});

describe("a STOP reply", () => {
  it("withdraws the newsletters, offers and reminders by SMS of every live record with that number, once", async () => {
    t.current.clock.set("2026-03-02T09:00:00Z");
    const reception = await t.current.signIn("reception");
    const patient = await buildPatient(t.current.system, { phones: ["77 123 98 76"] });
    const merged = await buildProspect(t.current.system, { phones: ["77 123 98 76"], confirmDuplicate: true });
    const { db } = t.current.services.database;
    await db.update(people).set({ mergedIntoId: patient.id }).where(eq(people.id, merged.id));
    await reception.request("POST", `/api/people/${patient.id}/consents`, {
      purpose: "newsletter",
      channel: "sms",
      granted: true,
      source: "web_form",
    });

    t.current.clock.set("2026-03-02T12:00:00Z");
    const later = await t.current.signIn("reception");
    expect(await recordInboundSms(t.current.services, { from: "+221771239876", text: "Stop" })).toBe("stop");
    const after = await register(later, patient.id);
    expect(brief(after.current)).toEqual([
      "newsletter/sms/false/stop_reply",
      "offers_events/sms/false/stop_reply",
      "reminders/sms/false/stop_reply",
    ]);
    expect(after.history.filter((e) => e.source === "stop_reply")).toHaveLength(3);
    const [row] = await db.select().from(people).where(eq(people.id, patient.id));
    expect(row).toMatchObject({ smsOptOutSource: "stop" });
    expect((await register(later, merged.id)).history).toEqual([]);

    // A second STOP writes nothing new.
    await recordInboundSms(t.current.services, { from: "+221771239876", text: "STOP" });
    expect((await register(later, patient.id)).history).toHaveLength(4);
  });
});
