import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { ConversionComment } from "../../../shared/reports.ts";
import { setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { followUpWorld } from "../followup/test-support.ts";
import { mergeProspects } from "../people/merge-prospects.ts";
import { convertProspect } from "../people/reconcile.ts";
import { readSettings, updateSettings } from "../settings/settings.ts";
import type { ConversionLine, ConversionTable } from "./conversion.schema.ts";

// Monday 30 November 2026, 10:00 in Dakar (UTC+0): the default cohort is Monday 2 November (− 28 days).
const NOW = "2026-11-30T10:00:00Z";
const COHORT_DAY = "2026-11-02";
const t = setupTestApp({ now: NOW });
const w = followUpWorld(t);

let sequence = 0;
/** A distinct first name per record (A, B, … AA…): records match only when a test says so. */
function nextName(): string {
  sequence += 1;
  let n = sequence;
  let name = "";
  while (n > 0) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
    n = Math.floor((n - 1) / 26);
  }
  return `Awa${name.toLowerCase()}`;
}

type Identity = { lastName?: string; firstName?: string; birthDate?: string; phones?: string[]; ehrNumber?: string };

/** A prospect created at an instant (the clock moved there), with its own name unless told. */
async function prospect(createdAt: string, identity: Identity = {}) {
  t.current.clock.set(createdAt);
  return buildProspect(t.current.system, {
    lastName: "Ndiaye",
    firstName: nextName(),
    birthDate: "1991-04-03",
    origin: "website",
    temperature: "warm",
    firstContactDate: createdAt.slice(0, 10),
    ...identity,
  });
}

/** A patient imported at an instant, created in the EHR on `ehrCreatedOn`. */
async function patient(ehrCreatedOn: string, identity: Identity = {}, importedAt = `${ehrCreatedOn}T12:00:00Z`) {
  t.current.clock.set(importedAt);
  return buildPatient(t.current.system, {
    lastName: "Sarr",
    firstName: nextName(),
    birthDate: "1985-02-14",
    ehrCreatedOn,
    ...identity,
  });
}

/** The table through the API, as the CRM secretary reads it now. */
async function table(query: string): Promise<ConversionTable> {
  t.current.clock.set(NOW);
  const secretary = await t.current.signIn("crm_secretary");
  const response = await secretary.request("GET", `/api/reports/conversion${query ? `?${query}` : ""}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** Each test draws up the table of its own cohort day: the base is shared by the file's tests. */
const ofDay = (day: string, extra = "") => `from=${day}&to=${day}${extra}`;

async function lineOf(personId: string, query: string): Promise<ConversionLine> {
  const found = (await table(query)).lines.find((line) => line.id === personId);
  if (!found) throw new Error(`no line for ${personId}`);
  return found;
}

const commentOf = async (personId: string, query: string): Promise<ConversionComment> =>
  (await lineOf(personId, query)).comment;

describe("the conversion tracking table (procedure 2, DESIGN §4)", () => {
  it("gives each prospect of the cohort the comment of the first case that matches, with the evidence", async () => {
    const DAY = "2026-10-05";
    const at = `${DAY}T09:00:00Z`;
    // 1. Converti: a patient with the same phone, created in the EHR after the prospect.
    const converted = await prospect(at, { phones: ["77 310 00 01"] });
    const itsPatient = await patient("2026-11-10", { phones: ["+221773100001"], ehrNumber: "NEST-000101" });
    // 2. Déjà Patient: a patient with the same phone, created in the EHR before.
    const oldPatient = await patient("2024-05-06", { phones: ["77 310 00 02"] });
    const alreadyPatient = await prospect(at, { phones: ["77 310 00 02"] });
    // 3. Doublon Prospect: another prospect record with the same phone, created before.
    const first = await prospect("2026-09-15T11:00:00Z", { phones: ["77 310 00 03"] });
    const duplicate = await prospect(at, { phones: ["77 310 00 03"] });
    // 4. RDV à venir.
    const upcoming = await prospect(at);
    const booked = await w.appointment(upcoming.id, "2026-12-03T10:00:00Z", "scheduled", "2026-11-05T09:00:00Z");
    // 5. RDV annulé.
    const cancelled = await prospect(at);
    const cancelledAppointment = await w.appointment(
      cancelled.id,
      "2026-11-10T10:00:00Z",
      "cancelled",
      "2026-11-03T09:00:00Z",
    );
    // 6. Pas venu en RDV.
    const noShow = await prospect(at);
    const missed = await w.appointment(noShow.id, "2026-11-12T15:30:00Z", "no_show", "2026-11-03T09:00:00Z");
    // 7. Renseignements, refined by the request types.
    const programme = await prospect(at);
    await w.interaction(programme.id, "2026-11-02T09:05:00Z", { requestTypes: ["prices"] });
    const aboutProgramme = await w.interaction(programme.id, "2026-11-04T11:00:00Z", {
      requestTypes: ["delivery_quote", "programme_info"],
    });
    const quote = await prospect(at);
    const aboutQuote = await w.interaction(quote.id, "2026-11-02T09:10:00Z", {
      requestTypes: ["delivery_quote", "prices"],
    });
    const information = await prospect(at);
    const aboutPrices = await w.interaction(information.id, "2026-11-02T09:15:00Z", {
      channel: "visit",
      requestTypes: ["prices"],
    });
    // 8. Vide.
    const empty = await prospect(at);

    const result = await table(ofDay(DAY));
    expect(result).toMatchObject({ from: DAY, to: DAY, asOf: "2026-11-30T10:00:00.000Z", total: 10 });
    expect(result.counts).toEqual({
      converted: 1,
      already_patient: 1,
      duplicate_prospect: 1,
      upcoming_appointment: 1,
      cancelled_appointment: 1,
      no_show: 1,
      information_programme: 1,
      information_quote: 1,
      information: 1,
      empty: 1,
    });
    const byId = new Map(result.lines.map((line) => [line.id, line]));
    const line = (id: string) => byId.get(id) as ConversionLine;

    expect(line(converted.id)).toMatchObject({
      lastName: "Ndiaye",
      firstName: converted.firstName,
      phones: ["+221773100001"],
      birthDate: "1991-04-03",
      firstContactDate: DAY,
      origin: { code: "website", label: expect.any(String) },
      createdAt: `${DAY}T09:00:00.000Z`,
      comment: "converted",
      commentLabel: "Converti",
      evidence: {
        kind: "patient",
        id: itsPatient.id,
        ehrNumber: "NEST-000101",
        createdOn: "2026-11-10",
        matchedOn: "phone",
      },
      explanation: `Patient NEST-000101 Sarr ${itsPatient.firstName} créé le 10/11/2026 (même téléphone)`,
    });
    expect(line(alreadyPatient.id)).toMatchObject({
      commentLabel: "Déjà Patient",
      evidence: { kind: "patient", id: oldPatient.id, createdOn: "2024-05-06", matchedOn: "phone" },
    });
    expect(line(duplicate.id)).toMatchObject({
      commentLabel: "Doublon Prospect",
      evidence: { kind: "prospect", id: first.id, createdAt: "2026-09-15T11:00:00.000Z", matchedOn: "phone" },
      explanation: `Fiche prospect Ndiaye ${first.firstName} créée le 15/09/2026 à 11:00 (même téléphone)`,
    });
    expect(line(upcoming.id)).toMatchObject({
      commentLabel: "RDV à venir",
      evidence: { kind: "appointment", id: booked.id, status: "scheduled", startsAt: "2026-12-03T10:00:00.000Z" },
      explanation: "RDV du 03/12/2026 à 10:00 : prévu",
    });
    expect(line(cancelled.id)).toMatchObject({
      commentLabel: "RDV annulé",
      evidence: { kind: "appointment", id: cancelledAppointment.id, status: "cancelled" },
    });
    expect(line(noShow.id)).toMatchObject({
      commentLabel: "Pas venu en RDV",
      evidence: { kind: "appointment", id: missed.id, status: "no_show" },
      explanation: "RDV du 12/11/2026 à 15:30 : pas venu",
    });
    expect(line(programme.id)).toMatchObject({
      commentLabel: "Renseignements / Programme",
      evidence: { kind: "interaction", id: aboutProgramme.id, channel: "phone_in" },
    });
    expect(line(quote.id)).toMatchObject({
      commentLabel: "Renseignements / Devis",
      evidence: { kind: "interaction", id: aboutQuote.id },
      explanation: "Interaction du 02/11/2026 à 09:10 (Appel entrant) : DEVIS ACCOUCHEMENT, TARIFS",
    });
    // A pricing question is « Renseignements » without refinement: procedure 2 refines by programme or quote only.
    expect(line(information.id)).toMatchObject({
      commentLabel: "Renseignements",
      evidence: { kind: "interaction", id: aboutPrices.id, channel: "visit" },
    });
    expect(line(empty.id)).toMatchObject({
      commentLabel: "Vide",
      evidence: null,
      explanation: "Aucune interaction ni aucun RDV dans la fiche",
    });
    // The earlier prospect and the patients are not in the cohort.
    expect(byId.has(first.id)).toBe(false);
    expect(byId.has(itsPatient.id)).toBe(false);
  });

  it("puts an upcoming appointment before an earlier cancelled one (RDV à venir)", async () => {
    const DAY = "2026-10-06";
    const p = await prospect(`2026-10-06T10:00:00Z`);
    await w.appointment(p.id, "2026-11-09T10:00:00Z", "cancelled", "2026-11-03T09:00:00Z");
    await w.appointment(p.id, "2026-11-20T10:00:00Z", "no_show", "2026-11-12T09:00:00Z");
    await w.appointment(p.id, "2026-12-07T10:00:00Z", "scheduled", "2026-11-21T09:00:00Z");
    expect(await commentOf(p.id, ofDay(DAY))).toBe("upcoming_appointment");
  });

  it("takes the latest appointment that is not upcoming: a cancellation after a no-show is « RDV annulé », and back", async () => {
    const DAY = "2026-10-07";
    const cancelledLast = await prospect(`2026-10-07T10:00:00Z`);
    await w.appointment(cancelledLast.id, "2026-11-09T10:00:00Z", "no_show", "2026-11-03T09:00:00Z");
    // Cancelled, whenever it was to take place (here next week).
    await w.appointment(cancelledLast.id, "2026-12-08T10:00:00Z", "cancelled", "2026-11-10T09:00:00Z");
    const noShowLast = await prospect(`2026-10-07T10:05:00Z`);
    await w.appointment(noShowLast.id, "2026-11-09T10:00:00Z", "cancelled", "2026-11-03T09:00:00Z");
    await w.appointment(noShowLast.id, "2026-11-16T10:00:00Z", "no_show", "2026-11-10T09:00:00Z");
    // An attended appointment with no patient record is neither: the interactions decide.
    const attended = await prospect(`2026-10-07T10:10:00Z`);
    await w.appointment(attended.id, "2026-11-16T10:00:00Z", "attended", "2026-11-10T09:00:00Z");
    expect(await commentOf(cancelledLast.id, ofDay(DAY))).toBe("cancelled_appointment");
    expect(await commentOf(noShowLast.id, ofDay(DAY))).toBe("no_show");
    expect(await commentOf(attended.id, ofDay(DAY))).toBe("empty");
  });

  it("says « Déjà Patient » for a duplicate prospect that is also an earlier patient", async () => {
    const DAY = "2026-10-08";
    await patient("2025-01-20", { phones: ["77 320 00 01"] });
    await prospect("2026-06-01T09:00:00Z", { phones: ["77 320 00 01"] });
    const again = await prospect(`2026-10-08T11:00:00Z`, { phones: ["77 320 00 01"] });
    expect(await commentOf(again.id, ofDay(DAY))).toBe("already_patient");
  });

  it("matches a patient by names and birth date without a phone in common, accents and case aside", async () => {
    const DAY = "2026-10-09";
    const p = await prospect(`2026-10-09T11:30:00Z`, {
      lastName: "N'Diaye",
      firstName: "Ndèye Fatou",
      birthDate: "1993-07-21",
      phones: ["77 330 00 01"],
    });
    const same = await patient("2026-11-16", {
      lastName: "NDIAYE",
      firstName: "Ndeye Fatou",
      birthDate: "1993-07-21",
      phones: ["76 330 00 09"],
    });
    // Same names, another birth date: someone else.
    await patient("2020-03-03", {
      lastName: "Ndiaye",
      firstName: "Ndèye Fatou",
      birthDate: "1993-07-22",
      phones: ["76 330 00 08"],
    });
    const line = await lineOf(p.id, ofDay(DAY));
    expect(line).toMatchObject({
      comment: "converted",
      evidence: { kind: "patient", id: same.id, matchedOn: "identity" },
      explanation: expect.stringContaining("(mêmes nom, prénom et date de naissance)"),
    });
  });

  it("counts a patient created in the EHR the prospect's creation day as converted, the day before as already a patient", async () => {
    const DAY = "2026-10-12";
    const sameDay = await prospect(`2026-10-12T08:30:00Z`, { phones: ["77 340 00 01"] });
    await patient(DAY, { phones: ["77 340 00 01"] }, `2026-10-12T16:00:00Z`);
    const dayBefore = await prospect(`2026-10-12T08:40:00Z`, { phones: ["77 340 00 02"] });
    await patient("2026-10-11", { phones: ["77 340 00 02"] });
    expect(await commentOf(sameDay.id, ofDay(DAY))).toBe("converted");
    expect(await commentOf(dayBefore.id, ofDay(DAY))).toBe("already_patient");
  });

  it("follows a reconciliation even when phone, names and birth date all differ", async () => {
    const DAY = "2026-10-13";
    const p = await prospect(`2026-10-13T12:00:00Z`, { phones: ["77 350 00 01"] });
    const other = await patient("2026-11-18", { lastName: "Faye", phones: ["76 350 00 09"] });
    t.current.clock.set("2026-11-19T09:00:00Z");
    await convertProspect(t.current.system, p.id, { version: p.version, patientId: other.id });
    expect(await lineOf(p.id, ofDay(DAY))).toMatchObject({
      comment: "converted",
      evidence: { kind: "patient", id: other.id, matchedOn: "reconciliation" },
    });
  });

  it("makes only the later of two prospect records a duplicate, and leaves merged records out", async () => {
    const DAY = "2026-10-14";
    const earlier = await prospect(`2026-10-14T09:00:00Z`, { phones: ["77 360 00 01"] });
    const later = await prospect(`2026-10-14T15:00:00Z`, { phones: ["77 360 00 01"] });
    const result = await table(ofDay(DAY));
    expect(result.lines.find((l) => l.id === earlier.id)?.comment).toBe("empty");
    expect(result.lines.find((l) => l.id === later.id)).toMatchObject({
      comment: "duplicate_prospect",
      evidence: { id: earlier.id },
    });

    t.current.clock.set("2026-11-20T09:00:00Z");
    await mergeProspects(t.current.system, {
      keepId: earlier.id,
      keepVersion: earlier.version,
      mergeId: later.id,
      mergeVersion: later.version,
    });
    const after = await table(ofDay(DAY));
    expect(after.lines.map((l) => l.id)).toEqual([earlier.id]);
    expect(after.lines[0]?.comment).toBe("empty");
  });

  it("is drawn up as of an instant: later records, appointments and interactions are not seen", async () => {
    const DAY = "2026-10-15";
    const p = await prospect(`${DAY}T09:00:00Z`, { phones: ["77 370 00 01"] });
    await w.interaction(p.id, "2026-10-16T10:00:00Z", { requestTypes: ["delivery_quote"] });
    await w.appointment(p.id, "2026-10-26T10:00:00Z", "scheduled", "2026-10-20T09:00:00Z");
    await patient("2026-10-27", { phones: ["77 370 00 01"] });
    const asOf = (instant: string) => commentOf(p.id, ofDay(DAY, `&asOf=${instant}`));
    expect(await asOf("2026-10-15T12:00:00Z")).toBe("empty");
    expect(await asOf("2026-10-19T12:00:00Z")).toBe("information_quote");
    expect(await asOf("2026-10-22T12:00:00Z")).toBe("upcoming_appointment");
    expect(await asOf("2026-10-27T18:00:00Z")).toBe("converted");
    // Before the prospect existed, the cohort is empty.
    expect((await table(ofDay(DAY, "&asOf=2026-10-15T08:00:00Z"))).total).toBe(0);
  });

  it("reads appointments as they stood at asOf: cancelled later, it was still upcoming; cancelled by then, « RDV annulé »", async () => {
    const DAY = "2026-10-19";
    const p = await prospect(`${DAY}T09:00:00Z`);
    const booked = await w.appointment(p.id, "2026-10-26T10:00:00Z", "scheduled", "2026-10-20T09:00:00Z");
    await t.current.services.database.query(
      "update appointments set status = 'cancelled', cancelled_at = $2, updated_at = $2 where id = $1",
      [booked.id, "2026-10-25T08:00:00Z"],
    );
    const asOf = (instant: string) => commentOf(p.id, ofDay(DAY, `&asOf=${instant}`));
    expect(await asOf("2026-10-19T18:00:00Z")).toBe("empty");
    expect(await asOf("2026-10-22T12:00:00Z")).toBe("upcoming_appointment");
    expect(await asOf("2026-10-25T12:00:00Z")).toBe("cancelled_appointment");
    // Two appointments at one time: the one booked last decides (a cancelled slot rebooked, then missed).
    const q = await prospect(`${DAY}T09:30:00Z`);
    await w.appointment(q.id, "2026-10-27T10:00:00Z", "cancelled", "2026-10-20T09:00:00Z");
    await w.appointment(q.id, "2026-10-27T10:00:00Z", "no_show", "2026-10-21T09:00:00Z");
    expect(await commentOf(q.id, ofDay(DAY))).toBe("no_show");
  });

  it("counts days in the clinic's time zone, whichever it is", async () => {
    const { db } = t.current.services.database;
    const { version, settings } = await readSettings(db);
    await updateSettings(t.current.system, { version, settings: { ...settings, timeZone: "Europe/Paris" } });
    try {
      // 23:30 UTC on 20 October is 01:30 on the 21st in Paris (UTC+2).
      const late = await prospect("2026-10-20T23:30:00Z");
      expect((await table(ofDay("2026-10-21"))).lines.map((l) => l.id)).toContain(late.id);
      expect((await table(ofDay("2026-10-20"))).lines.map((l) => l.id)).not.toContain(late.id);
      // Its patient, created in the EHR on the 21st (its Paris creation day): a conversion, not an old patient.
      await patient("2026-10-21", { phones: late.phones });
      expect(await commentOf(late.id, ofDay("2026-10-21"))).toBe("converted");
    } finally {
      const current = await readSettings(db);
      await updateSettings(t.current.system, {
        version: current.version,
        settings: { ...current.settings, timeZone: "Africa/Dakar" },
      });
    }
  });

  it("takes today − 28 days in the clinic's time zone by default, any range when asked, and pages a comment's lines", async () => {
    const onCohortDay = await prospect(`${COHORT_DAY}T23:30:00Z`); // Dakar is UTC+0: still 2 November.
    const dayAfter = await prospect("2026-11-03T00:10:00Z");
    const dayBefore = await prospect("2026-11-01T23:50:00Z");
    const byDefault = await table("");
    expect(byDefault).toMatchObject({ from: COHORT_DAY, to: COHORT_DAY, total: 1 });
    expect(byDefault.lines.map((l) => l.id)).toEqual([onCohortDay.id]);

    const range = await table("from=2026-11-01&to=2026-11-03&comment=empty&pageSize=2");
    expect(range).toMatchObject({ total: 3, comment: "empty", page: 1, pageSize: 2 });
    expect(range.counts.empty).toBe(3);
    expect(range.lines.map((l) => l.id)).toEqual([dayBefore.id, onCohortDay.id]);
    const second = await table("from=2026-11-01&to=2026-11-03&comment=empty&pageSize=2&page=2");
    expect(second.lines.map((l) => l.id)).toEqual([dayAfter.id]);
    expect((await table("from=2026-11-01&to=2026-11-03&comment=converted")).lines).toEqual([]);
    // Only `to`: that day.
    expect((await table("to=2026-11-03")).lines.map((l) => l.id)).toEqual([dayAfter.id]);
  });

  it("refuses a period backwards, longer than a year or not a date, naming the field", async () => {
    const secretary = await t.current.signIn("crm_secretary");
    const cases: [string, string][] = [
      ["from=2026-11-05&to=2026-11-04", "to"],
      ["from=2025-01-01&to=2026-01-02", "to"],
      ["from=2026-02-30", "from"],
      ["from=02/11/2026", "from"],
      ["comment=converti", "comment"],
      ["pageSize=501", "pageSize"],
      ["from=9999-12-31", "from"],
      ["to=0001-01-01", "to"],
    ];
    for (const [query, field] of cases) {
      const response = await secretary.request("GET", `/api/reports/conversion?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(
        response.json().error.details.issues.map((i: { field: string }) => i.field),
        query,
      ).toContain(field);
    }
    const rates = await secretary.request("GET", "/api/reports/conversion/rates?from=9999-12-31");
    expect(rates.statusCode).toBe(400);
    expect(rates.json().error.details.issues[0].field).toBe("from");
    const backwards = await secretary.request("GET", "/api/reports/conversion.csv?from=2026-11-05&to=2026-11-04");
    expect(backwards.json().error.details.issues[0].message).toBe("la date de fin précède la date de début");
  });

  it("exports the table as CSV and XLSX with the prospect list's columns, the comment and its justification", async () => {
    const DAY = "2026-10-16";
    await prospect(`${DAY}T09:00:00Z`, {
      lastName: "Diop",
      firstName: "Coumba",
      birthDate: "1987-03-25",
      phones: ["77 380 00 01", "76 380 00 02"],
    });
    await patient("2026-11-20", { phones: ["76 380 00 02"], ehrNumber: "NEST-000777" });
    t.current.clock.set(NOW);
    const viewer = await t.current.signIn("viewer");
    // The table's file is a bulk export of prospects: the viewer reads the table on screen only.
    for (const format of ["csv", "xlsx"]) {
      const refused = await viewer.request("GET", `/api/reports/conversion.${format}?from=${DAY}`);
      expect([refused.statusCode, refused.json().error.code]).toEqual([403, "forbidden"]);
    }
    const secretary = await t.current.signIn("crm_secretary");

    const csv = await secretary.request("GET", `/api/reports/conversion.csv?from=${DAY}`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.headers["content-disposition"]).toBe(`attachment; filename="suivi-conversion-${DAY}.csv"`);
    const text = csv.rawPayload.toString("utf8");
    expect(text.startsWith("\ufeff")).toBe(true);
    const rows = text.slice(1).trim().split("\r\n");
    expect(rows[0]).toBe(
      "Nom;Prénom;Téléphone;Date de naissance;E-mail;Date de premier contact;Origine;Date de création;Commentaires;Justification",
    );
    expect(rows[1]).toMatch(
      /^Diop;Coumba;\+221 77 380 00 01 \/ \+221 76 380 00 02;25\/03\/1987;;16\/10\/2026;[^;]+;16\/10\/2026;Converti;Patient NEST-000777 Sarr \S+ créé le 20\/11\/2026 \(même téléphone\)$/,
    );
    expect(rows).toHaveLength(2);

    // Narrowed as on screen: a comment's lines only.
    const only = async (query: string) =>
      (await secretary.request("GET", `/api/reports/conversion.csv?from=${DAY}&${query}`)).rawPayload
        .toString("utf8")
        .trim()
        .split("\r\n").length - 1;
    expect(await only("comment=converted")).toBe(1);
    expect(await only("comment=empty")).toBe(0);
    expect(await only("origin=facebook")).toBe(0);

    const xlsx = await secretary.request("GET", `/api/reports/conversion.xlsx?from=${DAY}`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.name).toBe("Suivi conversion");
    expect(sheet?.getRow(1).getCell(9).value).toBe("Commentaires");
    const row = sheet?.getRow(2);
    expect(row?.getCell(1).value).toBe("Diop");
    expect(row?.getCell(4).value).toEqual(new Date("1987-03-25T00:00:00Z"));
    expect(row?.getCell(8).value).toEqual(new Date(`${DAY}T00:00:00Z`));
    expect(row?.getCell(9).value).toBe("Converti");

    const audit = await t.current.services.database.query<{ action: string; after: { format: string; rows: number } }>(
      "select action, after from audit_events where action = 'report.conversion.export' order by id",
    );
    expect(audit.map((a) => [a.after.format, a.after.rows])).toEqual([
      ["csv", 1],
      ["csv", 1],
      ["csv", 0],
      ["csv", 0],
      ["xlsx", 1],
    ]);
  });

  it("is read by the CRM secretary, the prospects manager, management and the admin only", async () => {
    for (const role of ["reception", "medical_secretary"] as const) {
      const client = await t.current.signIn(role);
      expect((await client.request("GET", "/api/reports/conversion")).statusCode, role).toBe(403);
    }
  });
});
