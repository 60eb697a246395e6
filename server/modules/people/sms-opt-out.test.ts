import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, people } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/app.ts";
import { buildPatient, prospectRequest } from "../../test/factories.ts";

const t = setupTestApp({ now: "2026-06-10T09:00:00Z" });

describe("« ne souhaite pas recevoir de SMS » on a record", () => {
  it("is ticked from the record (since now), kept when ticked again, cleared when unticked, all audited", async () => {
    const { system, clock, services } = t.current;
    const reception = await t.current.signIn("reception");
    const patient = await buildPatient(system, { lastName: "Sow", firstName: "Mariama" });
    expect(patient.smsOptOut).toBeNull();

    const ticked = await reception.request("PATCH", `/api/patients/${patient.id}`, {
      version: patient.version,
      smsOptOut: true,
    });
    expect(ticked.statusCode).toBe(200);
    expect(ticked.json().smsOptOut).toEqual({ at: "2026-06-10T09:00:00.000Z", source: "record" });

    clock.advance(60 * 60_000);
    const again = await reception.request("PATCH", `/api/patients/${patient.id}`, {
      version: ticked.json().version,
      smsOptOut: true,
      notes: "préfère les appels",
    });
    expect(again.statusCode).toBe(200);
    // The first date stays: ticked again, nothing new was asked.
    expect(again.json().smsOptOut).toEqual({ at: "2026-06-10T09:00:00.000Z", source: "record" });

    const read = await reception.request("GET", `/api/patients/${patient.id}`);
    expect(read.json().smsOptOut).toEqual({ at: "2026-06-10T09:00:00.000Z", source: "record" });

    const unticked = await reception.request("PATCH", `/api/patients/${patient.id}`, {
      version: again.json().version,
      smsOptOut: false,
    });
    expect(unticked.statusCode).toBe(200);
    expect(unticked.json().smsOptOut).toBeNull();
    const [row] = await services.database.db.select().from(people).where(eq(people.id, patient.id));
    expect(row).toMatchObject({ smsOptOutAt: null, smsOptOutSource: null });

    const audit = await services.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, patient.id), eq(auditEvents.action, "patient.update")))
      .orderBy(auditEvents.occurredAt);
    expect(audit).toHaveLength(3);
    expect(audit[0]?.before).toMatchObject({ smsOptOutAt: null, smsOptOutSource: null });
    expect(audit[0]?.after).toMatchObject({ smsOptOutAt: "2026-06-10T09:00:00.000Z", smsOptOutSource: "record" });
    expect(audit[2]?.after).toMatchObject({ smsOptOutAt: null, smsOptOutSource: null });
  });

  it("clears a STOP when unticked (the person told the staff she wants them again)", async () => {
    const { system, services } = t.current;
    const reception = await t.current.signIn("reception");
    const patient = await buildPatient(system, { lastName: "Ba", firstName: "Khady" });
    await services.database.db
      .update(people)
      .set({ smsOptOutAt: new Date("2026-06-01T18:30:00Z"), smsOptOutSource: "stop" })
      .where(eq(people.id, patient.id));

    const read = await reception.request("GET", `/api/patients/${patient.id}`);
    expect(read.json().smsOptOut).toEqual({ at: "2026-06-01T18:30:00.000Z", source: "stop" });

    const cleared = await reception.request("PATCH", `/api/patients/${patient.id}`, {
      version: read.json().version,
      smsOptOut: false,
    });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().smsOptOut).toBeNull();
  });

  it("may be ticked when a record is created, a prospect's too; an edit without it changes nothing", async () => {
    const reception = await t.current.signIn("reception");
    const created = await reception.request(
      "POST",
      "/api/prospects",
      prospectRequest({ phones: ["77 123 45 67"], smsOptOut: true, confirmDuplicate: true }),
    );
    expect(created.statusCode).toBe(201);
    const prospect = created.json().person;
    expect(prospect.smsOptOut).toEqual({ at: t.current.clock.now().toISOString(), source: "record" });

    const edited = await reception.request("PATCH", `/api/prospects/${prospect.id}`, {
      version: prospect.version,
      address: "Sicap Liberté",
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().smsOptOut).toEqual(prospect.smsOptOut);

    const patient = await reception.request("POST", "/api/patients", {
      lastName: "Diallo",
      firstName: "Aminata",
      phones: ["78 123 45 67"],
      smsOptOut: false,
    });
    expect(patient.statusCode).toBe(201);
    expect(patient.json().person.smsOptOut).toBeNull();
  });

  it("refuses anything but a boolean", async () => {
    const reception = await t.current.signIn("reception");
    const patient = await buildPatient(t.current.system);
    const response = await reception.request("PATCH", `/api/patients/${patient.id}`, {
      version: patient.version,
      smsOptOut: "oui",
    });
    expect(response.statusCode).toBe(400);
  });
});
