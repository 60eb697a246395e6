import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { appointments, auditEvents, entryInterviews, pathways, people } from "../../db/schema/index.ts";
import { type Client, setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";

// Dakar is UTC+0 all year: 09:00Z is 09:00 at the clinic.
const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });

beforeEach(() => t.current.clock.set("2026-03-02T09:00:00Z"));

const url = (personId: string) => `/api/patients/${personId}/entry-interview`;

const body = (overrides: Record<string, unknown> = {}) => ({
  transmittedFees: true,
  transmittedServices: true,
  fileCompleted: true,
  visitPurpose: "none",
  ...overrides,
});

const issueField = (response: { json(): unknown }) =>
  (response.json() as { error: { details: { issues: { field: string }[] } } }).error.details.issues[0]?.field;

const errorCode = (response: { json(): unknown }) => (response.json() as { error: { code: string } }).error.code;

async function visit(personId: string, status: "attended" | "scheduled" | "cancelled" = "attended") {
  const start = new Date("2026-03-02T08:30:00Z");
  const [row] = await t.current.services.database.db
    .insert(appointments)
    .values({
      personId,
      site: "CLINIQUE",
      startsAt: start,
      endsAt: new Date(start.getTime() + 30 * 60_000),
      status,
      createdAt: start,
      updatedAt: start,
    })
    .returning();
  if (!row) throw new Error("no appointment");
  return row;
}

const secretary = (): Promise<Client> => t.current.signIn("medical_secretary");

describe("recording an entry interview", () => {
  it("keeps what was transmitted and collected, writes the provenance on the record, audited", async () => {
    const client = await secretary();
    const patient = await buildPatient(t.current.system);
    const prospect = await buildProspect(t.current.system);
    const appointment = await visit(patient.id);
    const response = await client.request(
      "POST",
      url(patient.id),
      body({
        appointmentId: appointment.id,
        transmittedServices: false,
        provenanceOrigin: "website",
        provenanceProspectId: prospect.id,
        note: "  Vient sur recommandation d'une amie.  ",
      }),
    );
    expect(response.statusCode, response.body).toBe(201);
    const recorded = response.json();
    expect(recorded).toMatchObject({
      interview: {
        personId: patient.id,
        appointmentId: appointment.id,
        heldAt: "2026-03-02T09:00:00.000Z",
        transmittedFees: true,
        transmittedServices: false,
        fileCompleted: true,
        provenanceOrigin: "website",
        provenanceProspectId: prospect.id,
        visitPurpose: "none",
        pathwayId: null,
        note: "Vient sur recommandation d'une amie.",
      },
      pathway: null,
      pathwayStarted: false,
      completedTaskIds: [],
    });
    expect(recorded.interview.heldBy.id).toBeTruthy();
    const [record] = await t.current.services.database.db.select().from(people).where(eq(people.id, patient.id));
    expect(record).toMatchObject({ provenanceOrigin: "website", provenanceProspectId: prospect.id, version: 2 });
    const audit = await t.current.services.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, recorded.interview.id));
    expect(audit.map((a) => a.action)).toEqual(["entry_interview.create"]);

    const list = await client.request("GET", url(patient.id));
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toMatchObject([{ id: recorded.interview.id, heldBy: { name: expect.any(String) } }]);
    // The patient record shows the provenance the reconciliation reads.
    const person = await client.request("GET", `/api/patients/${patient.id}`);
    expect(person.json()).toMatchObject({ provenanceOrigin: "website", provenanceProspectId: prospect.id });
  });

  it("starts the pathway of the visit's purpose in the same transaction, a pregnancy with its DDR", async () => {
    const client = await secretary();
    const patient = await buildPatient(t.current.system);
    const response = await client.request(
      "POST",
      url(patient.id),
      body({ visitPurpose: "pregnancy", ddr: "2026-01-01" }),
    );
    expect(response.statusCode, response.body).toBe(201);
    const recorded = response.json();
    expect(recorded).toMatchObject({
      pathwayStarted: true,
      pathway: { type: "pregnancy", startedOn: "2026-03-02", pregnancy: { ddr: "2026-01-01", dpa: "2026-10-15" } },
    });
    expect(recorded.interview.pathwayId).toBe(recorded.pathway.id);
    const audit = await t.current.services.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, recorded.pathway.id), eq(auditEvents.action, "pathway.start")));
    expect(audit).toHaveLength(1);
  });

  it("keeps a pathway of that type already open", async () => {
    const client = await secretary();
    const patient = await buildPatient(t.current.system);
    const started = await client.request("POST", `/api/patients/${patient.id}/pathways`, { type: "gynecology" });
    expect(started.statusCode).toBe(201);
    const response = await client.request("POST", url(patient.id), body({ visitPurpose: "gynecology" }));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ pathwayStarted: false, pathway: { id: started.json().id } });
    const open = await t.current.services.database.db.select().from(pathways).where(eq(pathways.personId, patient.id));
    expect(open).toHaveLength(1);
  });

  it("writes nothing when the pregnancy lacks its dates (422 naming ddr)", async () => {
    const client = await secretary();
    const patient = await buildPatient(t.current.system, { provenanceOrigin: "phone" });
    const response = await client.request(
      "POST",
      url(patient.id),
      body({ visitPurpose: "pregnancy", provenanceOrigin: "website" }),
    );
    expect(response.statusCode).toBe(422);
    expect(issueField(response)).toBe("ddr");
    const db = t.current.services.database.db;
    expect(await db.select().from(entryInterviews).where(eq(entryInterviews.personId, patient.id))).toEqual([]);
    const [record] = await db.select().from(people).where(eq(people.id, patient.id));
    expect(record?.provenanceOrigin).toBe("phone");
  });

  it("names the field at fault", async () => {
    const client = await secretary();
    const patient = await buildPatient(t.current.system);
    const other = await buildPatient(t.current.system);
    // Malformed bodies are 400, refusals of the rules 422: both name the field.
    const cases: [Record<string, unknown>, string, number][] = [
      [{ fileCompleted: undefined }, "fileCompleted", 400],
      [{ visitPurpose: "dentistry" }, "visitPurpose", 400],
      [{ provenanceOrigin: "nowhere" }, "provenanceOrigin", 422],
      [{ provenanceProspectId: other.id }, "provenanceProspectId", 422],
      [{ ddr: "2026-01-01" }, "ddr", 422],
      [{ visitPurpose: "pregnancy", ddr: "2026-02-30" }, "ddr", 400],
      [{ appointmentId: (await visit(other.id)).id }, "appointmentId", 422],
      [{ appointmentId: (await visit(patient.id, "cancelled")).id }, "appointmentId", 422],
    ];
    for (const [overrides, field, status] of cases) {
      const response = await client.request("POST", url(patient.id), body(overrides));
      expect(response.statusCode, JSON.stringify(overrides)).toBe(status);
      expect(issueField(response), JSON.stringify(overrides)).toBe(field);
    }
  });

  it("holds one interview per visit (409)", async () => {
    const client = await secretary();
    const patient = await buildPatient(t.current.system);
    const appointment = await visit(patient.id, "scheduled");
    expect((await client.request("POST", url(patient.id), body({ appointmentId: appointment.id }))).statusCode).toBe(
      201,
    );
    const again = await client.request("POST", url(patient.id), body({ appointmentId: appointment.id }));
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe("entry_interview_exists");
  });

  it("refuses prospects, merged records and unknown ones", async () => {
    const client = await secretary();
    const prospect = await buildProspect(t.current.system);
    const refused = await client.request("POST", url(prospect.id), body());
    expect(refused.statusCode).toBe(409);
    expect(errorCode(refused)).toBe("entry_interview_patient_only");
    const kept = await buildPatient(t.current.system);
    const merged = await buildPatient(t.current.system);
    await t.current.services.database.db.update(people).set({ mergedIntoId: kept.id }).where(eq(people.id, merged.id));
    const onMerged = await client.request("POST", url(merged.id), body());
    expect(onMerged.statusCode).toBe(409);
    expect(errorCode(onMerged)).toBe("merged_record");
    const unknown = await client.request("POST", url("00000000-0000-4000-8000-000000000000"), body());
    expect(unknown.statusCode).toBe(404);
  });

  it("is the medical secretary's and the admin's to record; everyone reads", async () => {
    const patient = await buildPatient(t.current.system);
    const crm = await t.current.signIn("crm_secretary");
    expect((await crm.request("POST", url(patient.id), body())).statusCode).toBe(403);
    expect((await crm.request("GET", url(patient.id))).statusCode).toBe(200);
    const admin = await t.current.signIn("admin");
    expect((await admin.request("POST", url(patient.id), body())).statusCode).toBe(201);
  });
});
