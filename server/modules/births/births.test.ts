import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, interactions, pathways, people } from "../../db/schema/index.ts";
import { type Client, setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { followUpWorld } from "../followup/test-support.ts";

/**
 * The birth of procedure 5 on the API and in the engine, in Africa/Dakar (UTC+0: the instants read as the
 * clinic's times; it closes at 18:00). A DDR of 1 July 2025 reaches 36 SA + 0 on Tuesday 10 March 2026
 * (DDR + 252 days); its DPA is 15 April 2026 (French convention).
 */
const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });
const w = followUpWorld(t);
const DDR = "2025-07-01";
const WEEK36 = "2026-03-10";

const secretary = (): Promise<Client> => t.current.signIn("crm_secretary");

/** The clock moved to an instant, and a secretary signed in then (a session does not last weeks). */
async function at(instant: string, role: "crm_secretary" | "reception" = "crm_secretary"): Promise<Client> {
  t.current.clock.set(instant);
  return t.current.signIn(role);
}

async function pregnantPatient(ddr = DDR) {
  t.current.clock.set("2026-03-02T09:00:00Z");
  const patient = await buildPatient(t.current.system);
  const client = await secretary();
  const started = await client.request("POST", `/api/patients/${patient.id}/pathways`, { type: "pregnancy", ddr });
  expect(started.statusCode, started.body).toBe(201);
  return { patient, pathway: started.json() as { id: string; version: number }, client };
}

const CHECKLIST = {
  told: { prices: true, birthClasses: true, mothersGroup: true },
  plannedPlace: "nest",
  newsletterWish: "yes",
  newsletterChannels: ["email", "whatsapp"],
  mothersGroupNetworks: ["whatsapp"],
  childFollowUp: "yes",
};

const issueField = (response: { json(): unknown }) =>
  (response.json() as { error: { details: { issues?: { field: string }[]; field?: string } } }).error.details
    .issues?.[0]?.field ?? (response.json() as { error: { details: { field?: string } } }).error.details.field;

describe("week-36", () => {
  it("makes the preparation call at 36 SA + 0, due at closing time, and not the day before", async () => {
    const { patient, pathway } = await pregnantPatient();
    await w.run("2026-03-09T17:00:00Z");
    expect(await w.tasks({ personId: patient.id })).toEqual([]);
    await w.run(`${WEEK36}T08:30:00Z`);
    expect(await w.tasks({ personId: patient.id })).toMatchObject([
      {
        rule: "week-36",
        sourceType: "pathway",
        sourceId: pathway.id,
        status: "open",
        assigneeRole: "crm_secretary",
        dueAt: `${WEEK36}T18:00:00.000Z`,
      },
    ]);
  });

  it("is found by an incremental run the day the pregnancy reaches 36 SA", async () => {
    const { patient } = await pregnantPatient();
    await w.run("2026-03-09T17:00:00Z");
    const result = await w.run(`${WEEK36}T08:30:00Z`, "incremental");
    expect(result.mode).toBe("incremental");
    expect(await w.tasks({ personId: patient.id })).toMatchObject([{ rule: "week-36", status: "open" }]);
  });

  it("is due the day a pregnancy recorded past 36 SA was recorded, never before", async () => {
    const client = await at("2026-03-20T09:00:00Z");
    const patient = await buildPatient(t.current.system);
    await client.request("POST", `/api/patients/${patient.id}/pathways`, { type: "pregnancy", ddr: DDR });
    await w.run("2026-03-20T10:00:00Z");
    expect(await w.tasks({ personId: patient.id })).toMatchObject([
      { rule: "week-36", dueAt: "2026-03-20T18:00:00.000Z" },
    ]);
  });

  it("is done by recording the checklist, which is kept as data, on the timeline, audited", async () => {
    const { patient, pathway } = await pregnantPatient();
    await w.run(`${WEEK36}T08:30:00Z`);
    const client = await at(`${WEEK36}T08:30:00Z`);
    const url = `/api/patients/${patient.id}/pathways/${pathway.id}/preparation-call`;
    expect((await client.request("GET", url)).json()).toEqual({ call: null });

    const recorded = await client.request("PUT", url, { ...CHECKLIST, note: "Questions sur la péridurale" });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(recorded.json()).toMatchObject({
      pathwayId: pathway.id,
      heldAt: `${WEEK36}T08:30:00.000Z`,
      told: { prices: true, birthClasses: true, mothersGroup: true },
      plannedPlace: "nest",
      plannedPlaceNote: null,
      newsletterChannels: ["email", "whatsapp"],
      mothersGroupNetworks: ["whatsapp"],
      childFollowUp: "yes",
      version: 1,
    });
    expect(await w.tasks({ personId: patient.id })).toMatchObject([
      { rule: "week-36", status: "done", closeReason: "checklist_recorded" },
    ]);
    const calls = await t.current.services.database.db
      .select()
      .from(interactions)
      .where(eq(interactions.personId, patient.id));
    expect(calls).toMatchObject([{ channel: "phone_out", reached: true }]);

    // Recorded once: a second recording must say which version it corrects.
    expect((await client.request("PUT", url, CHECKLIST)).statusCode).toBe(409);
    const corrected = await client.request("PUT", url, {
      ...CHECKLIST,
      version: 1,
      plannedPlace: "elsewhere",
      plannedPlaceNote: "Hôpital de Pikine",
      newsletterWish: "no",
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({
      version: 2,
      plannedPlaceNote: "Hôpital de Pikine",
      // No wish, no channel kept.
      newsletterChannels: [],
    });
    const audit = await t.current.services.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.entityType, "pregnancy_call"));
    expect(audit.map((a) => a.action).sort()).toEqual(["pregnancy_call.create", "pregnancy_call.update"]);
    // One call on the timeline: the correction is not another call.
    expect(
      await t.current.services.database.db.select().from(interactions).where(eq(interactions.personId, patient.id)),
    ).toHaveLength(1);
  });

  it("refuses a checklist that cannot be acted on, naming the field", async () => {
    const { patient, pathway, client } = await pregnantPatient();
    const url = `/api/patients/${patient.id}/pathways/${pathway.id}/preparation-call`;
    const noChannel = await client.request("PUT", url, { ...CHECKLIST, newsletterChannels: [] });
    expect(noChannel.statusCode).toBe(422);
    expect(issueField(noChannel)).toBe("newsletterChannels");
    const badPlace = await client.request("PUT", url, { ...CHECKLIST, plannedPlace: "maison" });
    expect(badPlace.statusCode).toBe(400);
    expect(badPlace.body).toContain("plannedPlace");
    const gyn = await client.request("POST", `/api/patients/${patient.id}/pathways`, { type: "gynecology" });
    expect(
      (await client.request("PUT", `/api/patients/${patient.id}/pathways/${gyn.json().id}/preparation-call`, CHECKLIST))
        .statusCode,
    ).toBe(409);
    // The reception does not follow pregnancies.
    const reception = await t.current.signIn("reception");
    expect((await reception.request("PUT", url, CHECKLIST)).statusCode).toBe(403);
  });

  it("closes itself when the pregnancy ends, or when its dates move 36 SA later", async () => {
    const ended = await pregnantPatient();
    const corrected = await pregnantPatient();
    await w.run(`${WEEK36}T08:30:00Z`);
    const client = await at(`${WEEK36}T09:00:00Z`);
    const end = await client.request("POST", `/api/patients/${ended.patient.id}/pathways/${ended.pathway.id}/end`, {
      version: 1,
      exitReason: "miscarriage",
    });
    expect(end.statusCode, end.body).toBe(200);
    const moved = await client.request(
      "PATCH",
      `/api/patients/${corrected.patient.id}/pathways/${corrected.pathway.id}`,
      { version: 1, ddr: "2025-07-15" },
    );
    expect(moved.statusCode, moved.body).toBe(200);
    await w.run(`${WEEK36}T10:00:00Z`, "incremental");
    expect(await w.tasks({ personId: ended.patient.id })).toMatchObject([
      { rule: "week-36", status: "closed", closeReason: "pathway_ended" },
    ]);
    expect(await w.tasks({ personId: corrected.patient.id })).toMatchObject([
      { rule: "week-36", status: "closed", closeReason: "dates_corrected" },
    ]);
  });
});

describe("a delivery", () => {
  it("ends the pregnancy, starts postpartum and makes each twin a patient in paediatrics, linked to the mother", async () => {
    const { patient, pathway } = await pregnantPatient();
    const client = await at("2026-04-12T09:00:00Z");
    const response = await client.request("POST", `/api/patients/${patient.id}/deliveries`, {
      deliveredOn: "2026-04-11",
      place: "nest",
      mode: "cesarean",
      babies: [
        { firstName: "Awa", lastName: "Diop", sex: "female" },
        { firstName: "Adama", lastName: "Diop", sex: "male" },
      ],
    });
    expect(response.statusCode, response.body).toBe(201);
    const delivery = response.json();
    expect(delivery).toMatchObject({
      motherId: patient.id,
      pathwayId: pathway.id,
      deliveredOn: "2026-04-11",
      place: "nest",
      mode: "cesarean",
      dischargedOn: null,
      children: [
        { firstName: "Awa", lastName: "Diop", sex: "female" },
        { firstName: "Adama", lastName: "Diop", sex: "male" },
      ],
    });
    const db = t.current.services.database.db;
    const mine = await db.select().from(pathways).where(eq(pathways.personId, patient.id));
    expect(mine.find((p) => p.type === "pregnancy")).toMatchObject({ endedOn: "2026-04-11", exitReason: "delivered" });
    expect(mine.find((p) => p.type === "postpartum")).toMatchObject({ startedOn: "2026-04-11", endedOn: null });
    for (const child of delivery.children as { id: string }[]) {
      const [record] = await db.select().from(people).where(eq(people.id, child.id));
      expect(record).toMatchObject({ kind: "patient", birthDate: "2026-04-11", motherId: patient.id });
      const [followed] = await db.select().from(pathways).where(eq(pathways.personId, child.id));
      expect(followed).toMatchObject({ type: "pediatrics", startedOn: "2026-04-11", endedOn: null });
    }
    const audit = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "delivery"), eq(auditEvents.entityId, delivery.id)));
    expect(audit).toEqual([{ action: "delivery.create" }]);
    const listed = await client.request("GET", `/api/patients/${patient.id}/deliveries`);
    expect(listed.json().items).toHaveLength(1);
    // The mother of children followed in paediatrics: procedure 5's « parents » of the « sans parcours » population.
    const parents = await client.request("GET", "/api/patients?pathway=parents&pageSize=100");
    expect(parents.statusCode, parents.body).toBe(200);
    expect((parents.json().items as { id: string }[]).map((p) => p.id)).toContain(patient.id);
    const pediatrics = await client.request("GET", "/api/patients?pathway=pediatrics&pageSize=100");
    const followed = (pediatrics.json().items as { id: string }[]).map((p) => p.id);
    expect(followed).toEqual(expect.arrayContaining(delivery.children.map((c: { id: string }) => c.id)));
    expect(followed).not.toContain(patient.id);
  });

  it("refuses what cannot be, naming the field, and writes nothing", async () => {
    const { patient } = await pregnantPatient();
    const client = await at("2026-04-12T09:00:00Z");
    const body = {
      deliveredOn: "2026-04-11",
      place: "nest",
      mode: "vaginal",
      babies: [{ firstName: "Awa", lastName: "Diop", sex: "female" }],
    };
    const url = `/api/patients/${patient.id}/deliveries`;
    const future = await client.request("POST", url, { ...body, deliveredOn: "2026-04-13" });
    expect([future.statusCode, issueField(future)]).toEqual([422, "deliveredOn"]);
    const early = await client.request("POST", url, { ...body, dischargedOn: "2026-04-10" });
    expect([early.statusCode, issueField(early)]).toEqual([422, "dischargedOn"]);
    const beforePregnancy = await client.request("POST", url, { ...body, deliveredOn: "2026-03-01" });
    expect([beforePregnancy.statusCode, issueField(beforePregnancy)]).toEqual([422, "deliveredOn"]);
    const noBaby = await client.request("POST", url, { ...body, babies: [] });
    expect(noBaby.statusCode).toBe(400);
    expect(noBaby.body).toContain("babies");
    const badSex = await client.request("POST", url, {
      ...body,
      babies: [{ firstName: "A", lastName: "B", sex: "x" }],
    });
    expect(badSex.statusCode).toBe(400);
    const prospect = await buildProspect(t.current.system);
    expect((await client.request("POST", `/api/patients/${prospect.id}/deliveries`, body)).statusCode).toBe(409);
    const db = t.current.services.database.db;
    expect(await db.select().from(people).where(eq(people.motherId, patient.id))).toEqual([]);
    expect((await client.request("GET", url)).json().items).toEqual([]);
  });
});

describe("post-discharge-10d", () => {
  async function delivered(place: "nest" | "elsewhere", dischargedOn?: string) {
    const { patient } = await pregnantPatient();
    const client = await at("2026-04-14T09:00:00Z");
    const response = await client.request("POST", `/api/patients/${patient.id}/deliveries`, {
      deliveredOn: "2026-04-11",
      place,
      ...(place === "elsewhere" ? { placeNote: "Hôpital Principal" } : {}),
      mode: "vaginal",
      ...(dischargedOn ? { dischargedOn } : {}),
      babies: [{ firstName: "Awa", lastName: "Diop", sex: "female" }],
    });
    expect(response.statusCode, response.body).toBe(201);
    return { patient, delivery: response.json() as { id: string; version: number } };
  }

  it("calls a mother delivered at NEST 10 days after her discharge, at closing time; none for a delivery elsewhere", async () => {
    const atNest = await delivered("nest");
    const elsewhere = await delivered("elsewhere", "2026-04-13");
    await w.run("2026-04-14T10:00:00Z");
    expect(await w.tasks({ personId: atNest.patient.id })).toEqual([]);
    const client = await at("2026-04-14T11:00:00Z");
    const discharged = await client.request("POST", `/api/deliveries/${atNest.delivery.id}/discharge`, {
      version: 1,
      dischargedOn: "2026-04-14",
    });
    expect(discharged.statusCode, discharged.body).toBe(200);
    await w.run("2026-04-14T12:00:00Z", "incremental");
    expect(await w.tasks({ personId: atNest.patient.id })).toMatchObject([
      {
        rule: "post-discharge-10d",
        sourceType: "delivery",
        sourceId: atNest.delivery.id,
        status: "open",
        dueAt: "2026-04-24T18:00:00.000Z",
      },
    ]);
    expect(await w.tasks({ personId: elsewhere.patient.id })).toEqual([]);

    // The discharge day corrected: the call moves with it.
    const fixed = await client.request("POST", `/api/deliveries/${atNest.delivery.id}/discharge`, {
      version: 2,
      dischargedOn: "2026-04-13",
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(await w.tasks({ personId: atNest.patient.id })).toMatchObject([
      { rule: "post-discharge-10d", status: "open", dueAt: "2026-04-23T18:00:00.000Z" },
    ]);
    const stale = await client.request("POST", `/api/deliveries/${atNest.delivery.id}/discharge`, {
      version: 2,
      dischargedOn: "2026-04-14",
    });
    expect(stale.statusCode).toBe(409);
    const future = await client.request("POST", `/api/deliveries/${atNest.delivery.id}/discharge`, {
      version: 3,
      dischargedOn: "2026-04-15",
    });
    expect([future.statusCode, issueField(future)]).toEqual([422, "dischargedOn"]);
  });
});

describe("the guest book", () => {
  it("keeps what she wrote with her delivery, and lists what may be quoted", async () => {
    const { patient } = await pregnantPatient();
    const client = await at("2026-04-14T09:00:00Z");
    const delivery = (
      await client.request("POST", `/api/patients/${patient.id}/deliveries`, {
        deliveredOn: "2026-04-11",
        place: "nest",
        mode: "vaginal",
        dischargedOn: "2026-04-14",
        babies: [{ firstName: "Awa", lastName: "Diop", sex: "female" }],
      })
    ).json();
    const reception = await at("2026-04-14T09:00:00Z", "reception");
    const quoted = await reception.request("POST", `/api/deliveries/${delivery.id}/guest-book`, {
      text: "Merci à toute l'équipe de la maternité !",
      mayQuote: true,
    });
    expect(quoted.statusCode, quoted.body).toBe(201);
    expect(quoted.json().guestBook).toMatchObject([{ mayQuote: true, writtenOn: "2026-04-14" }]);
    await reception.request("POST", `/api/deliveries/${delivery.id}/guest-book`, {
      text: "Pour nous seulement",
      mayQuote: false,
    });
    const empty = await reception.request("POST", `/api/deliveries/${delivery.id}/guest-book`, {
      text: "  ",
      mayQuote: false,
    });
    expect(empty.statusCode).toBe(400);
    const quotable = await reception.request("GET", "/api/guest-book?quotable=true");
    expect(quotable.json()).toMatchObject({ total: 1, items: [{ text: "Merci à toute l'équipe de la maternité !" }] });
    expect((await reception.request("GET", "/api/guest-book")).json().total).toBe(2);
  });
});
