import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, interactions } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";

const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });
const DAY = 86_400_000;

describe("interactions", () => {
  it("are recorded on prospects with motive, request types, documents and a past occurredAt", async () => {
    const { signIn, system } = t.current;
    const reception = await signIn("reception");
    const prospect = await buildProspect(system);
    const response = await reception.request("POST", `/api/prospects/${prospect.id}/interactions`, {
      channel: "phone_in",
      occurredAt: "2026-03-01T16:30:00Z",
      motive: "phone_information",
      requestTypes: ["delivery_quote", "programme_info"],
      comment: "Noté sur le cahier hier après-midi",
      documentsSent: ["Plaquette NEST", "Flyer Programme NEST"],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      occurredAt: "2026-03-01T16:30:00.000Z",
      recordedAt: "2026-03-02T09:00:00.000Z",
      // Named by her name, not her e-mail.
      author: expect.stringMatching(/^Awa Diop\d+$/),
      requestTypes: ["delivery_quote", "programme_info"],
    });
    const list = (await reception.request("GET", `/api/prospects/${prospect.id}/interactions`)).json();
    expect(list).toHaveLength(1);
    const person = (await reception.request("GET", `/api/prospects/${prospect.id}`)).json();
    expect(person.lastInteractionAt).toBe("2026-03-01T16:30:00.000Z");
  });

  it("go on the patient record when a patient asks for a quote (procedure 2, NB)", async () => {
    const reception = await t.current.signIn("reception");
    const patient = await buildPatient(t.current.system);
    const response = await reception.request("POST", `/api/patients/${patient.id}/interactions`, {
      channel: "visit",
      motive: "visit_information",
      requestTypes: ["myomectomy_quote"],
    });
    expect(response.statusCode).toBe(201);
    expect((await reception.request("GET", `/api/patients/${patient.id}/interactions`)).json()).toHaveLength(1);
  });

  it("move the status: a hot prospect lost after 31 days is normal again after a new call", async () => {
    const { signIn, system, clock } = t.current;
    const secretary = await signIn("crm_secretary");
    const prospect = await buildProspect(system, { firstContactDate: "2026-01-15" });
    const before = (await secretary.request("GET", `/api/prospects/${prospect.id}`)).json();
    expect(before.status).toBe("lost");
    await secretary.request("POST", `/api/prospects/${prospect.id}/interactions`, {
      channel: "phone_out",
      occurredAt: new Date(clock.now().getTime() - 15 * DAY).toISOString(),
    });
    expect((await secretary.request("GET", `/api/prospects/${prospect.id}`)).json().status).toBe("dormant");
    await secretary.request("POST", `/api/prospects/${prospect.id}/interactions`, { channel: "phone_out" });
    // An older interaction entered later does not move the last contact back.
    await secretary.request("POST", `/api/prospects/${prospect.id}/interactions`, {
      channel: "sms",
      occurredAt: "2026-02-01T10:00:00Z",
    });
    const after = (await secretary.request("GET", `/api/prospects/${prospect.id}`)).json();
    expect(after).toMatchObject({ status: "normal", lastInteractionAt: "2026-03-02T09:00:00.000Z" });
    // The status history, from what is known now: first contact 15 January, dormant on the 30th,
    // the SMS of 1 February (entered late), the call of 15 February, dormant on 2 March, today's call.
    expect(after.statusHistory.map((h: { status: string }) => h.status)).toEqual([
      "normal",
      "dormant",
      "normal",
      "dormant",
      "normal",
    ]);
    expect(after.statusHistory[1].at).toBe("2026-01-30T00:00:00.000Z");
  });

  it("note « documentation demandée » (rule docs-pending): false unless said, kept, shown and audited", async () => {
    const { signIn, system, services } = t.current;
    const reception = await signIn("reception");
    const prospect = await buildProspect(system, { temperature: "cold", email: null });
    const url = `/api/prospects/${prospect.id}/interactions`;

    const plain = await reception.request("POST", url, { channel: "phone_in", occurredAt: "2026-03-02T08:00:00Z" });
    expect(plain.statusCode).toBe(201);
    expect(plain.json().documentsRequested).toBe(false);
    const asked = await reception.request("POST", url, {
      channel: "phone_in",
      motive: "phone_information",
      requestTypes: ["programme_info"],
      comment: "Pas d'adresse e-mail pour le moment",
      documentsRequested: true,
    });
    expect(asked.statusCode).toBe(201);
    expect(asked.json()).toMatchObject({ documentsRequested: true, documentsSent: [] });
    const refused = await reception.request("POST", url, { channel: "phone_in", documentsRequested: "oui" });
    expect([refused.statusCode, refused.json().error.details.issues[0].field]).toEqual([400, "documentsRequested"]);

    // The timeline shows it, newest first; the column holds it.
    const timeline = (await reception.request("GET", url)).json();
    expect(timeline.map((i: { documentsRequested: boolean }) => i.documentsRequested)).toEqual([true, false]);
    const [row] = await services.database.db
      .select({ documentsRequested: interactions.documentsRequested })
      .from(interactions)
      .where(eq(interactions.id, asked.json().id));
    expect(row?.documentsRequested).toBe(true);
    const [event] = await services.database.db
      .select({ after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "interaction.create"), eq(auditEvents.entityId, asked.json().id)));
    expect(event?.after).toMatchObject({ documentsRequested: true });

    // On a patient record too (the same API).
    const patient = await buildPatient(system);
    const onPatient = await reception.request("POST", `/api/patients/${patient.id}/interactions`, {
      channel: "visit",
      documentsRequested: true,
    });
    expect(onPatient.json().documentsRequested).toBe(true);
  });

  it("refuse a future date, an unknown motive or request type, naming the field", async () => {
    const reception = await t.current.signIn("reception");
    const prospect = await buildProspect(t.current.system);
    const url = `/api/prospects/${prospect.id}/interactions`;
    const future = await reception.request("POST", url, { channel: "phone_in", occurredAt: "2026-03-03T09:00:00Z" });
    expect([future.statusCode, future.json().error.details.issues[0].field]).toEqual([422, "occurredAt"]);
    const motive = await reception.request("POST", url, { channel: "phone_in", motive: "gossip" });
    expect([motive.statusCode, motive.json().error.details.issues[0].field]).toEqual([422, "motive"]);
    const types = await reception.request("POST", url, { channel: "phone_in", requestTypes: ["prices", "horoscope"] });
    expect(types.statusCode).toBe(422);
    expect(types.json().error.details.issues).toEqual([
      { field: "requestTypes.1", location: "body", message: "type de demande inconnu (« horoscope »)" },
    ]);
    const channel = await reception.request("POST", url, { channel: "pigeon" });
    expect([channel.statusCode, channel.json().error.details.issues[0].field]).toEqual([400, "channel"]);
    const reachedEmail = await reception.request("POST", url, { channel: "email", reached: false });
    expect([reachedEmail.statusCode, reachedEmail.json().error.details.issues[0].field]).toEqual([422, "reached"]);
    expect((await reception.request("GET", url)).json()).toEqual([]);
  });

  it("tell a call that reached the person from an attempt: reached by default for a conversation, null for a message", async () => {
    const reception = await t.current.signIn("reception");
    const prospect = await buildProspect(t.current.system);
    const url = `/api/prospects/${prospect.id}/interactions`;
    const before = (await reception.request("GET", `/api/prospects/${prospect.id}`)).json().lastInteractionAt;
    const attempt = await reception.request("POST", url, {
      channel: "phone_out",
      reached: false,
      outcome: "Messagerie",
    });
    expect(attempt.json()).toMatchObject({ channel: "phone_out", reached: false });
    // An attempt is not a contact: the last contact (and so the status) does not move.
    expect((await reception.request("GET", `/api/prospects/${prospect.id}`)).json().lastInteractionAt).toBe(before);
    expect((await reception.request("POST", url, { channel: "visit" })).json().reached).toBe(true);
    expect((await reception.request("POST", url, { channel: "phone_out" })).json().reached).toBe(true);
    expect((await reception.request("POST", url, { channel: "email" })).json().reached).toBeNull();
  });
});
