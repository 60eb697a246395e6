import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect, prospectRequest as newProspect } from "../../test/factories.ts";

const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });

describe("creating a prospect (procedure 2)", () => {
  it("stores the phone typed in national format as E.164, hot by default, first contact today", async () => {
    const reception = await t.current.signIn("reception");
    const response = await reception.request("POST", "/api/prospects", newProspect());
    expect(response.statusCode).toBe(201);
    const { person, duplicates } = response.json();
    expect(duplicates).toEqual([]);
    expect(person).toMatchObject({
      kind: "prospect",
      lastName: "Ndiaye",
      phones: ["+221778043666"],
      temperature: "hot",
      status: "normal",
      firstContactDate: "2026-03-02",
      origin: "event",
      possibleDuplicate: false,
      version: 1,
    });
    const read = await reception.request("GET", `/api/prospects/${person.id}`);
    expect(read.json().temperatureHistory).toEqual([
      expect.objectContaining({
        fromTemperature: null,
        toTemperature: "hot",
        changedBy: expect.stringMatching(/^Awa Diop\d+$/),
      }),
    ]);
  });

  it("shows the matches first (409), then creates anyway, flagged, when confirmed", async () => {
    const reception = await t.current.signIn("reception");
    const first = await reception.request(
      "POST",
      "/api/prospects",
      newProspect({ lastName: "Ba", firstName: "Aminata", phones: ["+221 76 904 71 13"] }),
    );
    expect(first.statusCode).toBe(201);
    const again = await reception.request(
      "POST",
      "/api/prospects",
      newProspect({ lastName: "Sow", firstName: "Mariama", phones: ["00221769047113"] }),
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: "possible_duplicate",
      details: { matches: [{ id: first.json().person.id, matchedOn: "phone" }] },
    });
    const confirmed = await reception.request(
      "POST",
      "/api/prospects",
      newProspect({ lastName: "Sow", firstName: "Mariama", phones: ["00221769047113"], confirmDuplicate: true }),
    );
    expect(confirmed.statusCode).toBe(201);
    expect(confirmed.json().person.possibleDuplicate).toBe(true);
  });

  it("matches on name and birth date whatever the accents, case and apostrophes, and matches patients too", async () => {
    const reception = await t.current.signIn("reception");
    const patient = await buildPatient(t.current.system, {
      lastName: "N'DIAYE",
      firstName: "Ndèye",
      birthDate: "1987-03-25",
    });
    const check = await reception.request(
      "GET",
      "/api/duplicates?lastName=ndiaye&firstName=ndeye&birthDate=1987-03-25",
    );
    expect(check.json().matches).toEqual([
      expect.objectContaining({ id: patient.id, kind: "patient", matchedOn: "name_birth_date" }),
    ]);
    const create = await reception.request(
      "POST",
      "/api/prospects",
      newProspect({ lastName: "Ndiaye", firstName: "Ndeye", birthDate: "1987-03-25", phones: ["78 000 00 01"] }),
    );
    expect(create.statusCode).toBe(409);
  });

  it("refuses bad input naming the field: phone, origin, birth date, missing names", async () => {
    const reception = await t.current.signIn("reception");
    const shortPhone = await reception.request("POST", "/api/prospects", newProspect({ phones: ["77 804 36"] }));
    expect(shortPhone.statusCode).toBe(400);
    expect(shortPhone.json().error.details.issues).toEqual([
      { field: "phones.0", location: "body", message: "numéro trop court (« 77 804 36 »)" },
    ]);
    const origin = await reception.request(
      "POST",
      "/api/prospects",
      newProspect({ origin: "pigeon", phones: ["78 111 11 11"] }),
    );
    expect([origin.statusCode, origin.json().error.details.issues[0].field]).toEqual([422, "origin"]);
    const date = await reception.request(
      "POST",
      "/api/prospects",
      newProspect({ birthDate: "1995-02-31", phones: ["78 111 11 12"] }),
    );
    expect([date.statusCode, date.json().error.details.issues[0].field]).toEqual([400, "birthDate"]);
    const names = await reception.request("POST", "/api/prospects", {
      phones: ["78 111 11 13"],
      birthDate: "1995-01-01",
      origin: "phone",
    });
    expect(
      names
        .json()
        .error.details.issues.map((i: { field: string }) => i.field)
        .sort(),
    ).toEqual(["firstName", "lastName"]);
    // Neither a phone nor an e-mail: nothing to answer her with.
    const noPhone = await reception.request("POST", "/api/prospects", newProspect({ phones: [] }));
    expect([noPhone.statusCode, noPhone.json().error.details.issues[0].field]).toEqual([422, "phones"]);
  });
});

describe("editing a record", () => {
  it("needs the current version: a stale edit gets 409 and changes nothing", async () => {
    const secretary = await t.current.signIn("crm_secretary");
    const prospect = await buildProspect(t.current.system, { lastName: "Thiam", firstName: "Penda" });
    const first = await secretary.request("PATCH", `/api/prospects/${prospect.id}`, {
      version: prospect.version,
      email: "penda.thiam@example.sn",
      phones: ["77 000 00 02", "+221 33 821 00 00"],
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      version: 2,
      email: "penda.thiam@example.sn",
      phones: ["+221770000002", "+221338210000"],
    });
    const stale = await secretary.request("PATCH", `/api/prospects/${prospect.id}`, {
      version: prospect.version,
      lastName: "Autre",
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details.currentVersion).toBe(2);
    expect((await secretary.request("GET", `/api/prospects/${prospect.id}`)).json().lastName).toBe("Thiam");
  });

  it("records a written request without a phone (an e-mail is enough), marks it incomplete, lists it, until completed", async () => {
    const { signIn } = t.current;
    const secretary = await signIn("crm_secretary");
    const none = await secretary.request(
      "POST",
      "/api/prospects",
      newProspect({ lastName: "Faye", firstName: "Rokhaya", phones: [], birthDate: undefined }),
    );
    expect([none.statusCode, none.json().error.code, none.json().error.details.issues[0].field]).toEqual([
      422,
      "phone_or_email_required",
      "phones",
    ]);
    const created = await secretary.request(
      "POST",
      "/api/prospects",
      newProspect({
        lastName: "Faye",
        firstName: "Rokhaya",
        phones: [],
        birthDate: undefined,
        email: "rokhaya@example.sn",
      }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const person = created.json().person;
    expect(person).toMatchObject({ phones: [], birthDate: null, missingFields: ["phones", "birthDate"] });
    const listed = async (incomplete: string) =>
      (await secretary.request("GET", `/api/prospects?incomplete=${incomplete}&q=Faye`))
        .json()
        .items.map((p: { id: string }) => p.id);
    expect(await listed("true")).toEqual([person.id]);
    expect(await listed("false")).toEqual([]);
    // Without a phone, her e-mail cannot be erased.
    const erased = await secretary.request("PATCH", `/api/prospects/${person.id}`, { version: 1, email: null });
    expect([erased.statusCode, erased.json().error.details.issues[0].field]).toEqual([422, "email"]);
    // The next call completes her record.
    const completed = await secretary.request("PATCH", `/api/prospects/${person.id}`, {
      version: 1,
      phones: ["77 321 00 99"],
      birthDate: "1993-09-09",
    });
    expect(completed.json()).toMatchObject({ missingFields: [], version: 2 });
    expect(await listed("true")).toEqual([]);
  });

  it("keeps every temperature change with date, author and reason", async () => {
    const { signIn, system, clock } = t.current;
    const secretary = await signIn("crm_secretary");
    const prospect = await buildProspect(system);
    clock.advance(60_000);
    const warm = await secretary.request("POST", `/api/prospects/${prospect.id}/temperature`, {
      version: prospect.version,
      temperature: "warm",
      reason: "veut réfléchir",
    });
    expect(warm.json()).toMatchObject({ temperature: "warm", version: 2 });
    const history = (await secretary.request("GET", `/api/prospects/${prospect.id}`)).json().temperatureHistory;
    expect(history.map((h: { toTemperature: string }) => h.toTemperature)).toEqual(["hot", "warm"]);
    expect(history[1]).toMatchObject({
      fromTemperature: "hot",
      reason: "veut réfléchir",
      changedBy: expect.stringMatching(/^Awa Diop\d+$/),
    });
    const patientTemperature = await secretary.request(
      "POST",
      `/api/prospects/${(await buildPatient(system)).id}/temperature`,
      {
        version: 1,
        temperature: "cold",
        reason: "x",
      },
    );
    expect(patientTemperature.statusCode).toBe(404);
    // Reception records the first temperature only; a later change is the pilot's (procedure 4).
    const reception = await signIn("reception");
    const refused = await reception.request("POST", `/api/prospects/${prospect.id}/temperature`, {
      version: 2,
      temperature: "cold",
      reason: "ne rappelle pas",
    });
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, "forbidden"]);
    const byReception = await reception.request(
      "POST",
      "/api/prospects",
      newProspect({ lastName: "Ba", firstName: "Coumba", phones: ["77 654 32 10"], temperature: "warm" }),
    );
    expect(byReception.statusCode, byReception.body).toBe(201);
    expect(byReception.json().person.temperature).toBe("warm");
  });

  it("lets the viewer read but not write", async () => {
    const viewer = await t.current.signIn("viewer");
    const prospect = await buildProspect(t.current.system);
    expect((await viewer.request("GET", `/api/prospects/${prospect.id}`)).statusCode).toBe(200);
    expect(
      (await viewer.request("PATCH", `/api/prospects/${prospect.id}`, { version: 1, notes: "x" })).statusCode,
    ).toBe(403);
  });
});

describe("patients", () => {
  it("are keyed by their EHR number, and reading one is audited", async () => {
    const { signIn, system } = t.current;
    const admin = await signIn("admin");
    const secretary = await signIn("medical_secretary");
    const patient = await buildPatient(system, { ehrNumber: "NEST-000777" });
    const twice = await secretary.request("POST", "/api/patients", {
      lastName: "Fall",
      firstName: "Khady",
      ehrNumber: "NEST-000777",
      phones: ["70 123 45 67"],
    });
    expect([twice.statusCode, twice.json().error.code]).toEqual([422, "ehr_number_taken"]);
    expect((await secretary.request("GET", `/api/patients/${patient.id}`)).statusCode).toBe(200);
    const audit = (await admin.request("GET", `/api/audit?action=patient.read&entityId=${patient.id}`)).json();
    expect(audit.events[0]).toMatchObject({ actorLabel: secretary.email, entityType: "patient" });
    // A patient is not a prospect: the prospect routes do not find it.
    expect((await secretary.request("GET", `/api/prospects/${patient.id}`)).statusCode).toBe(404);
  });
});

describe("a patient's sex (the vaccination calendar: HPV is for girls)", () => {
  it("is recorded at creation, corrected, and refused when unknown, naming the field", async () => {
    const secretary = await t.current.signIn("medical_secretary");
    const created = await secretary.request("POST", "/api/patients", {
      lastName: "Sarr",
      firstName: "Awa",
      birthDate: "2025-06-01",
      sex: "female",
    });
    expect(created.statusCode).toBe(201);
    const person = created.json().person;
    expect(person).toMatchObject({ sex: "female", motherId: null });
    const corrected = await secretary.request("PATCH", `/api/patients/${person.id}`, { version: 1, sex: "male" });
    expect(corrected.json()).toMatchObject({ sex: "male", version: 2 });
    const bad = await secretary.request("PATCH", `/api/patients/${person.id}`, { version: 2, sex: "girl" });
    expect([bad.statusCode, bad.json().error.details.issues[0].field]).toEqual([400, "sex"]);
    const cleared = await secretary.request("PATCH", `/api/patients/${person.id}`, { version: 2, sex: null });
    expect(cleared.json().sex).toBeNull();
    // A prospect has no sex field: refused as unknown.
    const prospect = await buildProspect(t.current.system);
    const onProspect = await secretary.request("PATCH", `/api/prospects/${prospect.id}`, { version: 1, sex: "female" });
    expect(onProspect.statusCode).toBe(400);
  });
});
