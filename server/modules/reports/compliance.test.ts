import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { RuleId } from "../../../shared/followup.ts";
import type { ComplianceShareId } from "../../../shared/reports.ts";
import {
  appointments,
  entryInterviews,
  firstResponseSla,
  followUpTasks,
  pathways,
  pregnancyCalls,
  smsMessages,
  surveyInvitations,
  vaccinationDoses,
  vaccinationReminders,
} from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect, buildUser } from "../../test/factories.ts";
import { pdfText } from "../../test/pdf-text.ts";
import { createCall } from "../calls/create-call.ts";
import { resumeCall } from "../calls/resume-call.ts";
import { updateCall } from "../calls/update-call.ts";
import { followUpWorld } from "../followup/test-support.ts";
import type { Compliance, ComplianceRecords } from "./compliance.schema.ts";
import { monthlyReport } from "./monthly-report.ts";

// The dashboard of November 2026, read on Tuesday 1 December at 10:00 (Dakar, UTC+0).
const NOW = "2026-12-01T10:00:00Z";
const t = setupTestApp({ now: NOW });
const w = followUpWorld(t);

const at = (iso: string) => {
  t.current.clock.set(iso);
  return new Date(iso);
};

/** A phone call logged at `receivedAt`, linked to a record at `linkedAt` (at once when equal; never when null). */
async function call(
  receivedAt: string,
  linkedAt: string | null,
  personId: string,
  channel: "phone" | "visit" = "phone",
) {
  at(receivedAt);
  const line = await createCall(t.current.system, {
    channel,
    receivedAt,
    phone: "77 600 00 00",
    ...(linkedAt === receivedAt ? { personId } : {}),
  });
  if (linkedAt && linkedAt !== receivedAt) {
    at(linkedAt);
    await updateCall(t.current.system, line.id, { version: line.version, personId });
  }
  return line;
}

/** A line not satisfied (to resume), resumed at `resumedAt` or never. */
async function unsatisfied(receivedAt: string, resumedAt: string | null) {
  at(receivedAt);
  const line = await createCall(t.current.system, { channel: "phone", receivedAt, outcome: "to_resume" });
  if (resumedAt) {
    at(resumedAt);
    await resumeCall(t.current.system, line.id, { version: line.version, outcome: "answered" });
  }
  return line;
}

/** A task as the engine makes it and a secretary leaves it (done, closed by the engine, or open). */
async function task(
  rule: RuleId,
  personId: string,
  dueAt: string,
  end: { status: "open" } | { status: "done" | "closed"; at: string; reason?: string },
  assigneeUserId: string | null = null,
) {
  const due = new Date(dueAt);
  await t.current.services.database.db.insert(followUpTasks).values({
    rule,
    personId,
    sourceType: "person",
    sourceId: randomUUID(),
    dueAt: due,
    originalDueAt: due,
    assigneeUserId,
    assigneeRole: "crm_secretary",
    status: end.status,
    createdAt: new Date(due.getTime() - 2 * 86_400_000),
    closedAt: end.status === "open" ? null : new Date(end.at),
    closeReason: end.status === "open" ? null : (end.reason ?? null),
  });
}

/** A first-response SLA row as the engine stores it. */
async function sla(
  personId: string,
  firstContactAt: string,
  dueAt: string,
  breachAt: string,
  answeredAt: string | null,
) {
  const answered = answeredAt ? new Date(answeredAt) : null;
  await t.current.services.database.db.insert(firstResponseSla).values({
    personId,
    temperature: "hot",
    firstContactAt: new Date(firstContactAt),
    dueAt: new Date(dueAt),
    breachAt: new Date(breachAt),
    answeredAt: answered,
    withinBusinessDays: answered !== null && answered <= new Date(dueAt),
    breached: answered === null ? new Date(breachAt) <= new Date(NOW) : answered > new Date(breachAt),
    responseSeconds: answered ? Math.round((answered.getTime() - Date.parse(firstContactAt)) / 1000) : null,
    computedAt: new Date(NOW),
  });
}

async function prospect(createdAt: string, temperature: "hot" | "warm" | "cold", firstName: string) {
  at(createdAt);
  return buildProspect(t.current.system, {
    lastName: "Diallo",
    firstName,
    temperature,
    origin: "phone",
    firstContactDate: createdAt.slice(0, 10),
  });
}

describe("the procedure-compliance dashboard", () => {
  it("gives each indicator of a hand-built month the figure written here, its trend, and the records behind it", async () => {
    const patient = await buildPatient(t.current.system, { lastName: "Sy", firstName: "Oumy" });
    const secretary = await buildUser(t.current.system, {
      role: "crm_secretary",
      firstName: "Awa",
      lastName: "Ndiaye",
    });

    // Procedure 1: phone calls linked to a record by the end of their day — 2 of 3 (a visit does not count).
    await call("2026-11-03T09:00:00Z", "2026-11-03T09:00:00Z", patient.id);
    await call("2026-11-04T10:00:00Z", "2026-11-04T16:00:00Z", patient.id);
    const lateLink = await call("2026-11-05T10:00:00Z", "2026-11-06T09:00:00Z", patient.id);
    await call("2026-11-05T11:00:00Z", "2026-11-05T11:00:00Z", patient.id, "visit");
    await call("2026-10-20T10:00:00Z", "2026-10-20T10:00:00Z", patient.id); // October: the period before, 1 of 1.

    // Procedure 3: unsatisfied lines resumed the same day — 1 of 3. These three callers were never
    // identified: procedure 1's share counts them as calls not linked (2 of 6).
    await unsatisfied("2026-11-10T09:00:00Z", "2026-11-10T15:00:00Z");
    await unsatisfied("2026-11-11T09:00:00Z", "2026-11-12T09:00:00Z");
    await unsatisfied("2026-11-12T09:00:00Z", null);

    // Four prospects for the SLA and the statuses (at the end of November, thresholds hot 15/30, warm 30/60, cold 60/90).
    const a = await prospect("2026-11-20T09:00:00Z", "hot", "Aby"); // 11 days since first contact: normal
    const b = await prospect("2026-10-01T09:00:00Z", "hot", "Binta"); // last interaction 10 November: dormant
    await w.interaction(b.id, "2026-11-10T10:00:00Z");
    const c = await prospect("2026-08-01T09:00:00Z", "warm", "Codou"); // last interaction 1 September: lost
    await w.interaction(c.id, "2026-09-01T10:00:00Z");
    await prospect("2026-11-15T09:00:00Z", "cold", "Daba"); // 16 days: normal

    // Procedure 4: first requests answered within 2 business days (1 of 3) and within 15 days (2 of 3).
    await sla(b.id, "2026-11-02T09:00:00Z", "2026-11-04T09:00:00Z", "2026-11-17T09:00:00Z", "2026-11-03T10:00:00Z");
    await sla(a.id, "2026-11-20T09:00:00Z", "2026-11-24T09:00:00Z", "2026-12-05T09:00:00Z", "2026-11-26T10:00:00Z");
    await sla(c.id, "2026-11-09T09:00:00Z", "2026-11-11T09:00:00Z", "2026-11-24T09:00:00Z", null);

    // Procedure 4, hot prospects called within 48 business hours: 2 of 4 (a merged record's task is no longer due).
    await task("hot-48h", a.id, "2026-11-05T12:00:00Z", { status: "done", at: "2026-11-05T17:00:00Z" });
    await task("hot-48h", a.id, "2026-11-06T12:00:00Z", { status: "done", at: "2026-11-07T09:00:00Z" });
    await task("hot-48h", b.id, "2026-11-09T12:00:00Z", {
      status: "closed",
      at: "2026-11-08T10:00:00Z",
      reason: "new_interaction",
    });
    await task("hot-48h", b.id, "2026-11-10T12:00:00Z", {
      status: "closed",
      at: "2026-11-09T10:00:00Z",
      reason: "merged",
    });
    await task("hot-48h", b.id, "2026-11-20T12:00:00Z", { status: "open" }, secretary.id);
    // Procedure 2, 7-day recalls done (late or not): 2 of 3.
    await task("recall-7d", c.id, "2026-11-12T10:00:00Z", { status: "done", at: "2026-11-20T10:00:00Z" });
    await task("recall-7d", c.id, "2026-11-14T10:00:00Z", {
      status: "closed",
      at: "2026-11-13T10:00:00Z",
      reason: "recall_recorded",
    });
    await task("recall-7d", c.id, "2026-11-25T10:00:00Z", { status: "open" });
    // Procedure 5, new patients called within 72 h: 1 of 1 (December's is not in the period).
    await task("new-patient-72h", patient.id, "2026-11-16T10:00:00Z", { status: "done", at: "2026-11-16T11:00:00Z" });
    await task("new-patient-72h", patient.id, "2026-12-03T10:00:00Z", { status: "open" });

    // No-show rate: 1 of 4 attended or missed appointments (scheduled and cancelled ones do not count).
    const bookedAt = new Map<string, string>();
    for (const [startsAt, status] of [
      ["2026-11-03T10:00:00Z", "attended"],
      ["2026-11-04T10:00:00Z", "attended"],
      ["2026-11-17T10:00:00Z", "attended"],
      ["2026-11-18T10:00:00Z", "no_show"],
      ["2026-11-19T10:00:00Z", "cancelled"],
      ["2026-12-04T10:00:00Z", "scheduled"],
    ] as const) {
      const start = new Date(startsAt);
      const [booked] = await t.current.services.database.db
        .insert(appointments)
        .values({
          personId: patient.id,
          site: "CLINIQUE",
          startsAt: start,
          endsAt: new Date(start.getTime() + 1_800_000),
          status,
          createdAt: new Date("2026-10-01T09:00:00Z"),
          updatedAt: new Date("2026-10-01T09:00:00Z"),
        })
        .returning({ id: appointments.id });
      bookedAt.set(startsAt, booked?.id as string);
    }
    // Procedure 5, the reminder SMS: the 3rd's went the day before (delivered), the 4th's an hour before (too late),
    // the 17th had no mobile, the 18th's went the day before (no receipt); the one cancelled does not count.
    const reminder = async (startsAt: string, status: string, sentAt: string | null, provider = "orange") =>
      t.current.services.database.db.insert(smsMessages).values({
        kind: "appointment_reminder",
        personId: patient.id,
        appointmentId: bookedAt.get(startsAt),
        appointmentStartsAt: new Date(startsAt),
        reminderOffset: "1@10:00",
        toPhone: sentAt ? "+221771234567" : null,
        text: "Rappel",
        encoding: "GSM-7",
        segments: 1,
        status,
        provider: sentAt ? provider : null,
        nextAttemptAt: new Date("2026-11-01T08:00:00Z"),
        createdAt: new Date("2026-11-01T08:00:00Z"),
        sentAt: sentAt ? new Date(sentAt) : null,
      });
    await reminder("2026-11-03T10:00:00Z", "delivered", "2026-11-02T10:00:00Z");
    await reminder("2026-11-04T10:00:00Z", "sent", "2026-11-04T09:00:00Z");
    await reminder("2026-11-17T10:00:00Z", "skipped", null);
    await reminder("2026-11-18T10:00:00Z", "sent", "2026-11-17T10:00:00Z");

    at(NOW);
    const manager = await t.current.signIn("prospects_manager");
    const response = await manager.request("GET", "/api/reports/compliance?from=2026-11-01&to=2026-11-30");
    expect(response.statusCode, response.body).toBe(200);
    const dashboard: Compliance = response.json();
    expect(dashboard).toMatchObject({ from: "2026-11-01", to: "2026-11-30", bucket: "week" });
    const figure = (id: ComplianceShareId) => {
      const share = dashboard.shares.find((s) => s.id === id);
      return share && [share.numerator, share.denominator];
    };
    expect(Object.fromEntries(dashboard.shares.map((s) => [s.id, [s.numerator, s.denominator]]))).toEqual({
      "calls-linked": [2, 6],
      "calls-resumed": [1, 3],
      "first-response-2bd": [1, 3],
      "first-response-15d": [2, 3],
      "hot-48h": [2, 4],
      "recall-7d": [2, 3],
      "entry-interview": [0, 0],
      "new-patient-72h": [1, 1],
      "week-36": [0, 0],
      "post-discharge-10d": [0, 0],
      "surveys-answered": [0, 0],
      "vaccine-reminded": [0, 0],
      "vaccine-doses-late": [0, 0],
      "vaccine-late": [0, 0],
      "no-show": [1, 4],
      "sms-reminded": [2, 4],
      "sms-delivered": [1, 3],
      "no-show-reminded": [1, 2],
      "no-show-not-reminded": [0, 2],
    });
    expect(figure("hot-48h")).toEqual([2, 4]);
    const linked = dashboard.shares.find((s) => s.id === "calls-linked");
    expect(linked).toMatchObject({
      procedure: "Procédure 1 — Accueil téléphonique (argumentaire)",
      value: 2 / 6,
      previous: { numerator: 1, denominator: 1, value: 1 },
    });
    // Weeks from the Monday of 1 November (26 October) to that of 30 November.
    expect(linked?.trend.map((b) => [b.start, b.numerator, b.denominator])).toEqual([
      ["2026-10-26", 0, 0],
      ["2026-11-02", 2, 3],
      ["2026-11-09", 0, 3],
      ["2026-11-16", 0, 0],
      ["2026-11-23", 0, 0],
      ["2026-11-30", 0, 0],
    ]);
    expect(dashboard.shares.find((s) => s.id === "no-show")).toMatchObject({ lowerIsBetter: true, value: 0.25 });

    // Overdue at the end of November: the open hot-48h (Awa's) and the open recall (the secretaries').
    expect(dashboard.overdue).toMatchObject({ at: "2026-12-01T00:00:00.000Z", total: 2 });
    expect(dashboard.overdue.byRule.map((r) => [r.rule, r.count])).toEqual([
      ["hot-48h", 1],
      ["recall-7d", 1],
    ]);
    expect(dashboard.overdue.byAssignee.map((r) => [r.name, r.count])).toEqual([
      ["Awa Ndiaye", 1],
      ["Secrétaires GRC", 1],
    ]);
    expect(dashboard.overdue.trend.map((b) => b.count)).toEqual([0, 0, 1, 1, 2, 2]);

    expect(dashboard.prospects).toMatchObject({ total: 4 });
    expect(dashboard.prospects.byTemperature).toEqual([
      { temperature: "hot", normal: 1, dormant: 1, lost: 0 },
      { temperature: "warm", normal: 0, dormant: 0, lost: 1 },
      { temperature: "cold", normal: 1, dormant: 0, lost: 0 },
    ]);

    // The records behind a figure: the call linked the next day, then the three anonymous ones.
    const missed: ComplianceRecords = (
      await manager.request(
        "GET",
        "/api/reports/compliance/records?indicator=calls-linked&from=2026-11-01&to=2026-11-30",
      )
    ).json();
    expect(missed).toMatchObject({ part: "missed", total: 4 });
    expect(missed.records.map((r) => [r.kind, r.at])).toEqual([
      ["call", "2026-11-05T10:00:00.000Z"],
      ["call", "2026-11-10T09:00:00.000Z"],
      ["call", "2026-11-11T09:00:00.000Z"],
      ["call", "2026-11-12T09:00:00.000Z"],
    ]);
    expect(missed.records[0]?.id).toBe(lateLink.id);
    expect(missed.records[0]?.person).toMatchObject({ id: patient.id, kind: "patient", lastName: "Sy" });
    const recalls: ComplianceRecords = (
      await manager.request(
        "GET",
        "/api/reports/compliance/records?indicator=recall-7d&part=all&from=2026-11-01&to=2026-11-30",
      )
    ).json();
    expect(recalls.records.map((r) => [r.at.slice(0, 10), r.met, r.detail])).toEqual([
      ["2026-11-12", true, "faite"],
      ["2026-11-14", true, "close : recall_recorded"],
      ["2026-11-25", false, "ouverte"],
    ]);
  });

  it("prints the month's dashboard for the management review (PDF) and gives its figures (XLSX)", async () => {
    at(NOW);
    const manager = await t.current.signIn("prospects_manager");
    // Without a month: the month before the current one (November, the base of the first test).
    const pdf = await manager.request("GET", "/api/reports/compliance/monthly.pdf");
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.headers["content-disposition"]).toBe('attachment; filename="rapport-qualite-2026-11.pdf"');
    expect(pdf.rawPayload.subarray(0, 5).toString("latin1")).toBe("%PDF-");

    const { buffer } = await monthlyReport(t.current.system, { month: "2026-11" }, "pdf", { compress: false });
    const text = pdfText(buffer);
    expect(text).toContain("Rapport qualité mensuel — novembre 2026");
    expect(text).toContain("Revue de direction ISO 9001 · du 01/11/2026 au 30/11/2026");
    expect(text).toContain("Appels du registre rattachés à une fiche le jour même");
    expect(text).toContain("2 / 6");
    expect(text).toContain("Tâches de relance en retard au 01/12/2026 : 2");

    const xlsx = await manager.request("GET", "/api/reports/compliance/monthly.xlsx?month=2026-11");
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Indicateurs");
    if (!sheet) throw new Error("no « Indicateurs » sheet");
    const rows = [2, 3].map((n) => (sheet.getRow(n).values as unknown[]).slice(1, 7));
    expect(rows).toEqual([
      [
        "Procédure 1 — Accueil téléphonique (argumentaire)",
        "Appels du registre rattachés à une fiche le jour même",
        2,
        6,
        2 / 6,
        1,
      ],
      [
        "Procédure 3 — Réponse téléphonique à l'accueil",
        "Lignes non satisfaites reprises le jour même",
        1,
        3,
        1 / 3,
        undefined, // no such line in October: an empty cell
      ],
    ]);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      "Indicateurs",
      "Tâches en retard",
      "Prospects",
      "Enquêtes (P5)",
    ]);
    const wrong = await manager.request("GET", "/api/reports/compliance/monthly.pdf?month=2026-13");
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.issues[0].field).toBe("month");
  });

  it("counts procedure 5's entry interviews held the day of the first visit, and the interviews held", async () => {
    // June 2026, read on 1 July; nothing else of this file is in June or May.
    const [held, late, none, noShow, july, walkIn] = await Promise.all(
      ["Ndour", "Faye", "Gueye", "Kane", "Mbaye", "Cisse"].map((lastName) =>
        buildPatient(t.current.system, { lastName }),
      ),
    );
    const interview = (personId: string, heldAt: string) =>
      t.current.services.database.db.insert(entryInterviews).values({
        personId,
        heldAt: new Date(heldAt),
        transmittedFees: true,
        transmittedServices: true,
        fileCompleted: true,
        visitPurpose: "none",
        createdAt: new Date(heldAt),
      });
    // Held the day of the visit (after closing time still counts), held the next morning, never held.
    await task("entry-interview", held?.id as string, "2026-06-08T18:00:00Z", {
      status: "done",
      at: "2026-06-08T19:00:00Z",
    });
    await interview(held?.id as string, "2026-06-08T19:00:00Z");
    await task("entry-interview", late?.id as string, "2026-06-09T18:00:00Z", {
      status: "done",
      at: "2026-06-10T09:00:00Z",
    });
    await interview(late?.id as string, "2026-06-10T09:00:00Z");
    await task("entry-interview", none?.id as string, "2026-06-10T18:00:00Z", { status: "open" });
    // A visit that turned out not attended is not counted; July's is not in the period.
    await task("entry-interview", noShow?.id as string, "2026-06-15T18:00:00Z", {
      status: "closed",
      at: "2026-06-15T19:00:00Z",
      reason: "visit_not_attended",
    });
    await task("entry-interview", july?.id as string, "2026-07-01T18:00:00Z", { status: "open" });
    // An interview without a task (held at the desk before the engine ran) counts in the interviews held.
    await interview(walkIn?.id as string, "2026-06-20T10:00:00Z");

    at("2026-07-01T10:00:00Z");
    const manager = await t.current.signIn("prospects_manager");
    const dashboard: Compliance = (
      await manager.request("GET", "/api/reports/compliance?from=2026-06-01&to=2026-06-30")
    ).json();
    expect(dashboard.shares.find((s) => s.id === "entry-interview")).toMatchObject({
      procedure: "Procédure 5 — Suivi des patients (nouveau patient)",
      label: "Entretiens d'entrée tenus le jour de la première visite",
      numerator: 1,
      denominator: 3,
      previous: { numerator: 0, denominator: 0 },
    });
    expect(dashboard.entryInterviews).toEqual({ held: 3, previous: 0 });
    const missed: ComplianceRecords = (
      await manager.request(
        "GET",
        "/api/reports/compliance/records?indicator=entry-interview&from=2026-06-01&to=2026-06-30",
      )
    ).json();
    expect(missed.records.map((r) => [r.person?.lastName, r.detail])).toEqual([
      ["Faye", "entretien tenu plus tard"],
      ["Gueye", "pas d'entretien"],
    ]);
    const { buffer } = await monthlyReport(t.current.system, { month: "2026-06" }, "pdf", { compress: false });
    expect(pdfText(buffer)).toContain("Entretiens d'entrée tenus (procédure 5) : 3 (période précédente : 0)");
    // On the 10th at noon, the 10th's task is not due yet: not counted; the 9th's interview, held that morning, is late.
    at("2026-06-10T12:00:00Z");
    const early: Compliance = (
      await manager.request("GET", "/api/reports/compliance?from=2026-06-01&to=2026-06-30")
    ).json();
    expect(early.shares.find((s) => s.id === "entry-interview")).toMatchObject({ numerator: 1, denominator: 2 });
    expect(early.entryInterviews).toEqual({ held: 2, previous: 0 });
  });

  it("counts procedure 5's 36 SA calls made before 37 SA, and the mothers called 10 days after their discharge", async () => {
    // September 2026, read on 5 October; 36 SA is DDR + 252 days, 37 SA DDR + 259.
    const [inTime, late, never, lost, pending] = await Promise.all(
      ["Sow", "Ba", "Fall", "Thiam", "Wade"].map((lastName) => buildPatient(t.current.system, { lastName })),
    );
    const db = t.current.services.database.db;
    const pregnancy = async (personId: string, ddr: string, dpa: string, ended?: string) => {
      const [row] = await db
        .insert(pathways)
        .values({
          personId,
          type: "pregnancy",
          startedOn: "2026-03-01",
          ddr,
          dpa,
          dueDateConvention: "french",
          ...(ended ? { endedOn: ended, exitReason: "miscarriage" } : {}),
          createdAt: new Date("2026-03-01T10:00:00Z"),
          updatedAt: new Date("2026-03-01T10:00:00Z"),
        })
        .returning();
      return row?.id as string;
    };
    const call = (pathwayId: string, personId: string, heldAt: string) =>
      db.insert(pregnancyCalls).values({
        pathwayId,
        personId,
        heldAt: new Date(heldAt),
        toldPrices: true,
        toldBirthClasses: true,
        toldMothersGroup: true,
        plannedPlace: "nest",
        newsletterWish: "no",
        childFollowUp: "yes",
        updatedAt: new Date(heldAt),
      });
    // 36 SA on 7 September, called on the 9th (in time); on the 8th, called on the 16th (37 SA + 1); on the
    // 3rd, never called; a pregnancy lost before 36 SA owes no call; one at 36 SA on the 30th is not due yet.
    await call(
      await pregnancy(inTime?.id as string, "2025-12-29", "2026-10-12"),
      inTime?.id as string,
      "2026-09-09T10:00:00Z",
    );
    await call(
      await pregnancy(late?.id as string, "2025-12-30", "2026-10-13"),
      late?.id as string,
      "2026-09-16T10:00:00Z",
    );
    await pregnancy(never?.id as string, "2025-12-25", "2026-10-08");
    await pregnancy(lost?.id as string, "2025-12-31", "2026-10-14", "2026-08-20");
    await pregnancy(pending?.id as string, "2026-01-21", "2026-11-04");
    // The 10-day calls: done the day due, done two days late, still open.
    await task("post-discharge-10d", inTime?.id as string, "2026-09-10T18:00:00Z", {
      status: "done",
      at: "2026-09-10T11:00:00Z",
    });
    await task("post-discharge-10d", late?.id as string, "2026-09-12T18:00:00Z", {
      status: "done",
      at: "2026-09-14T11:00:00Z",
    });
    await task("post-discharge-10d", never?.id as string, "2026-09-20T18:00:00Z", { status: "open" });

    // Survey links sent in September: one answered, one expired unanswered, one still valid (not counted yet).
    const link = (personId: string, createdAt: string, usedOn: string | null) =>
      db.insert(surveyInvitations).values({
        tokenHash: randomUUID(),
        kind: "discharge",
        personId,
        createdAt: new Date(createdAt),
        expiresAt: new Date(Date.parse(createdAt) + 14 * 86_400_000),
        usedOn,
      });
    await link(inTime?.id as string, "2026-09-02T10:00:00Z", "2026-09-04");
    await link(late?.id as string, "2026-09-03T10:00:00Z", null);
    await link(never?.id as string, "2026-09-29T10:00:00Z", null);
    // Vaccine reminders of doses due in September: sent the day before, sent the day itself (too late), skipped.
    const vaccineSms = async (
      personId: string,
      dose: number,
      dueOn: string,
      status: "sent" | "skipped",
      sentAt: string | null,
    ) => {
      const [sms] = await db
        .insert(smsMessages)
        .values({
          kind: "vaccine_reminder",
          personId,
          toPhone: sentAt ? "+221771234567" : null,
          text: "Rappel vaccin",
          encoding: "GSM-7",
          segments: 1,
          status,
          reason: status === "skipped" ? "pas de mobile" : null,
          nextAttemptAt: new Date(`${dueOn}T08:00:00Z`),
          createdAt: new Date(`${dueOn}T08:00:00Z`),
          sentAt: sentAt ? new Date(sentAt) : null,
        })
        .returning();
      await db.insert(vaccinationReminders).values({
        personId,
        vaccine: "HEXA",
        dose,
        dueOn,
        smsMessageId: sms?.id,
        createdAt: new Date(`${dueOn}T08:00:00Z`),
      });
    };
    await vaccineSms(inTime?.id as string, 1, "2026-09-10", "sent", "2026-09-08T10:00:00Z");
    await vaccineSms(inTime?.id as string, 2, "2026-09-11", "sent", "2026-09-11T10:00:00Z");
    await vaccineSms(late?.id as string, 1, "2026-09-12", "skipped", null);
    // Of these three doses (late from the 15th day after their due day, in September): the first given in
    // time, the second 15 days after its day (late), the third never.
    const given = (personId: string, dose: number, givenOn: string) =>
      db.insert(vaccinationDoses).values({
        personId,
        vaccine: "HEXA",
        dose,
        givenOn,
        place: "nest",
        recordedAt: new Date(`${givenOn}T10:00:00Z`),
        updatedAt: new Date(`${givenOn}T10:00:00Z`),
      });
    await given(inTime?.id as string, 1, "2026-09-10");
    await given(inTime?.id as string, 2, "2026-09-26");
    // Late-dose calls: one made the day due, one closed because the dose was recorded (no longer due).
    await task("vaccine-late", inTime?.id as string, "2026-09-20T18:00:00Z", {
      status: "done",
      at: "2026-09-20T12:00:00Z",
    });
    await task("vaccine-late", late?.id as string, "2026-09-21T18:00:00Z", {
      status: "closed",
      at: "2026-09-21T09:00:00Z",
      reason: "dose_recorded",
    });

    at("2026-10-05T10:00:00Z");
    const manager = await t.current.signIn("prospects_manager");
    const dashboard: Compliance = (
      await manager.request("GET", "/api/reports/compliance?from=2026-09-01&to=2026-09-30")
    ).json();
    const figure = (id: string) => {
      const share = dashboard.shares.find((s) => s.id === id);
      return share && [share.numerator, share.denominator];
    };
    expect(figure("surveys-answered")).toEqual([1, 2]);
    expect(figure("vaccine-reminded")).toEqual([1, 3]);
    expect(figure("vaccine-late")).toEqual([1, 1]);
    expect(figure("vaccine-doses-late")).toEqual([2, 3]);
    expect(dashboard.shares.find((s) => s.id === "vaccine-doses-late")?.lowerIsBetter).toBe(true);
    expect(dashboard.shares.find((s) => s.id === "week-36")).toMatchObject({
      label: "Appels de 36 SA faits avant 37 SA",
      numerator: 1,
      denominator: 3,
    });
    expect(dashboard.shares.find((s) => s.id === "post-discharge-10d")).toMatchObject({
      label: "Mamans rappelées 10 jours après leur sortie",
      numerator: 1,
      denominator: 3,
    });
    const missed: ComplianceRecords = (
      await manager.request("GET", "/api/reports/compliance/records?indicator=week-36&from=2026-09-01&to=2026-09-30")
    ).json();
    expect(missed.records.map((r) => [r.kind, r.person?.lastName, r.detail])).toEqual([
      ["pregnancy", "Fall", "pas d'appel"],
      ["pregnancy", "Ba", "appel fait après 37 SA"],
    ]);
  });

  it("does not count a call whose day is not over yet, nor a task not yet due, until they are", async () => {
    const patient = await buildPatient(t.current.system, { lastName: "Ba", firstName: "Fatou" });
    await call("2026-12-07T09:00:00Z", null, patient.id);
    await task("recall-7d", patient.id, "2026-12-09T10:00:00Z", { status: "open" });
    const asOf = async (instant: string) => {
      at(instant);
      const viewer = await t.current.signIn("viewer");
      const dashboard: Compliance = (
        await viewer.request("GET", "/api/reports/compliance?from=2026-12-07&to=2026-12-13")
      ).json();
      return Object.fromEntries(dashboard.shares.map((s) => [s.id, [s.numerator, s.denominator]]));
    };
    expect(await asOf("2026-12-07T12:00:00Z")).toMatchObject({ "calls-linked": [0, 0], "recall-7d": [0, 0] });
    expect(await asOf("2026-12-08T08:00:00Z")).toMatchObject({ "calls-linked": [0, 1], "recall-7d": [0, 0] });
    expect(await asOf("2026-12-09T12:00:00Z")).toMatchObject({ "calls-linked": [0, 1], "recall-7d": [0, 1] });
  });

  it("reports a running month up to the clock's day only, with the dashboard's figures, marked « en cours »", async () => {
    // Tuesday 8 December: the December data of the test before (a call on the 7th never linked, a 7-day
    // recall due on the 9th) and November's (the period before) are in the base.
    at("2026-12-08T12:00:00Z");
    const viewer = await t.current.signIn("viewer");
    const dashboard: Compliance = (await viewer.request("GET", "/api/reports/compliance")).json();
    expect(dashboard).toMatchObject({ from: "2026-12-01", to: "2026-12-08", through: "2026-12-08", running: true });
    expect(dashboard.targetPercent).toBe(90);
    // The whole month asked on the screen: the same figures, nothing after the 8th.
    const wholeMonth: Compliance = (
      await viewer.request("GET", "/api/reports/compliance?from=2026-12-01&to=2026-12-31")
    ).json();
    expect(wholeMonth).toMatchObject({ to: "2026-12-31", through: "2026-12-08", running: true });
    expect(wholeMonth.shares).toEqual(dashboard.shares);
    expect(wholeMonth.overdue).toEqual(dashboard.overdue);
    const linked = dashboard.shares.find((s) => s.id === "calls-linked");
    expect(linked).toMatchObject({ numerator: 0, denominator: 1 });
    // Weeks of Monday 30 November and Monday 7 December; none to come.
    expect(linked?.trend.map((b) => b.start)).toEqual(["2026-11-30", "2026-12-07"]);
    expect(dashboard.overdue.trend.map((b) => b.start)).toEqual(["2026-11-30", "2026-12-07"]);

    // The XLSX of December: every share's figures are the dashboard's, its weeks the same two.
    const xlsx = await monthlyReport(t.current.system, { month: "2026-12" }, "xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.buffer as unknown as ArrayBuffer);
    expect(workbook.title).toBe("Rapport qualité — décembre 2026 (en cours)");
    const sheet = workbook.getWorksheet("Indicateurs");
    if (!sheet) throw new Error("no « Indicateurs » sheet");
    expect((sheet.getRow(1).values as unknown[]).slice(7)).toEqual(["sem. du 30/11", "sem. du 07/12"]);
    const cell = (value: number | null) => value ?? undefined;
    dashboard.shares.forEach((share, i) => {
      const expected = [
        share.procedure,
        share.label,
        share.numerator,
        share.denominator,
        cell(share.value),
        cell(share.previous.value),
        ...share.trend.map((b) => cell(b.value)),
      ];
      // A row read back ends at its last filled cell.
      while (expected.length > 0 && expected.at(-1) === undefined) expected.pop();
      expect((sheet.getRow(i + 2).values as unknown[]).slice(1), share.id).toEqual(expected);
    });

    // The PDF: marked en cours, up to the 8th, no week to come, « 0 % » with a no-break space.
    const { buffer } = await monthlyReport(t.current.system, { month: "2026-12" }, "pdf", { compress: false });
    const text = pdfText(buffer);
    expect(text).toContain("Rapport qualité mensuel — décembre 2026 (en cours)");
    expect(text).toContain("mois en cours : du 01/12/2026 au 08/12/2026");
    expect(text).toMatch(/Période\s+précédente/);
    expect(text).toContain("sem. du 07/12 : 0\u00a0%");
    expect(text).not.toContain("sem. du 14/12");
    expect(text).not.toMatch(/\d %/);

    // November, finished, is no longer « en cours ».
    const november = pdfText(
      (await monthlyReport(t.current.system, { month: "2026-11" }, "pdf", { compress: false })).buffer,
    );
    expect(november).toContain("Rapport qualité mensuel — novembre 2026");
    expect(november).not.toContain("en cours");
    expect(november).toContain("Mois précédent");
  });

  it("takes the current month by default and refuses a period backwards, naming the field", async () => {
    at("2026-12-15T10:00:00Z");
    const viewer = await t.current.signIn("viewer");
    const dashboard: Compliance = (await viewer.request("GET", "/api/reports/compliance")).json();
    expect(dashboard).toMatchObject({ from: "2026-12-01", to: "2026-12-15", bucket: "week" });
    const fromOnly: Compliance = (await viewer.request("GET", "/api/reports/compliance?from=2025-06-01")).json();
    expect(fromOnly).toMatchObject({ from: "2025-06-01", to: "2026-06-01", bucket: "month" });
    const wrong = await viewer.request("GET", "/api/reports/compliance?from=2026-12-10&to=2026-12-01");
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.issues[0].field).toBe("to");
    const unknown = await viewer.request("GET", "/api/reports/compliance/records?indicator=bonheur");
    expect(unknown.statusCode).toBe(400);
    const reception = await t.current.signIn("reception");
    expect((await reception.request("GET", "/api/reports/compliance")).statusCode).toBe(403);
  });
});
