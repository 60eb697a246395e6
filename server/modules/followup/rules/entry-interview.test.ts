import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../../test/app.ts";
import { recordEntryInterview } from "../../entry-interviews/record-entry-interview.ts";
import { followUpWorld } from "../test-support.ts";

/**
 * Rule entry-interview at its boundaries, in Africa/Dakar (UTC+0, so the
 * instants below read as the clinic's local times; the clinic closes at 18:00).
 * 2026-03-02 is a Monday.
 */
const t = setupTestApp({ now: "2026-03-02T08:00:00Z" });
const w = followUpWorld(t);
const rule = "entry-interview" as const;

const interview = (personId: string, appointmentId: string | null = null) =>
  recordEntryInterview(t.current.system, personId, {
    appointmentId,
    transmittedFees: true,
    transmittedServices: true,
    fileCompleted: true,
    visitPurpose: "none",
  });

describe("entry-interview", () => {
  it("asks the medical secretary for the interview by closing time on a new patient's first visit only", async () => {
    // Files opened long before the visit: not new; the EHR case does not apply either (no recent file).
    const fresh = await w.patient("2026-02-20T08:00:00Z", "2026-02-20");
    const first = await w.appointment(fresh.id, "2026-03-02T10:00:00Z", "attended");
    const longStanding = await w.patient("2026-03-02T08:00:00Z", "2019-06-01");
    await w.appointment(longStanding.id, "2026-03-02T11:00:00Z", "attended");
    const booked = await w.patient("2026-02-20T08:00:00Z", "2026-02-20");
    await w.appointment(booked.id, "2026-03-02T15:00:00Z", "scheduled");
    await w.run("2026-03-02T12:00:00Z");
    expect(await w.tasks({ personId: fresh.id, rule })).toMatchObject([
      {
        sourceType: "appointment",
        sourceId: first.id,
        status: "open",
        dueAt: "2026-03-02T18:00:00.000Z",
        assigneeRole: "medical_secretary",
      },
    ]);
    expect(await w.tasks({ personId: longStanding.id, rule })).toEqual([]);
    expect(await w.tasks({ personId: booked.id, rule })).toEqual([]);
    // A second visit makes no second task.
    await w.appointment(fresh.id, "2026-03-04T10:00:00Z", "attended");
    await w.run("2026-03-04T12:00:00Z");
    expect(await w.tasks({ personId: fresh.id, rule })).toHaveLength(1);
  });

  it("closes itself when the interview is recorded, and makes none once it was", async () => {
    const patient = await w.patient("2026-02-20T08:00:00Z", "2026-02-20");
    const visit = await w.appointment(patient.id, "2026-03-02T10:00:00Z", "attended");
    await w.run("2026-03-02T10:30:00Z");
    const [task] = await w.tasks({ personId: patient.id, rule });
    expect(task?.status).toBe("open");
    // The engine closes it when the interview was recorded some other way than the form.
    await t.current.services.database.query(
      `insert into entry_interviews (person_id, appointment_id, held_at, transmitted_fees, transmitted_services,
         file_completed, visit_purpose, created_at)
       values ($1, $2, '2026-03-02T11:00:00Z', true, true, true, 'none', '2026-03-02T11:00:00Z')`,
      [patient.id, visit.id],
    );
    await w.run("2026-03-02T11:30:00Z");
    expect(await w.tasks({ personId: patient.id, rule })).toMatchObject([
      { status: "closed", closeReason: "interview_held" },
    ]);

    // Interviewed at the desk before the engine ran: no task.
    const early = await w.patient("2026-02-20T08:00:00Z", "2026-02-20");
    const earlyVisit = await w.appointment(early.id, "2026-03-02T13:00:00Z", "attended");
    await interview(early.id, earlyVisit.id);
    await w.run("2026-03-02T14:00:00Z");
    expect(await w.tasks({ personId: early.id, rule })).toEqual([]);
  });

  it("is marked done at once by the interview form", async () => {
    const patient = await w.patient("2026-02-20T08:00:00Z", "2026-02-20");
    const visit = await w.appointment(patient.id, "2026-03-02T10:00:00Z", "attended");
    await w.run("2026-03-02T10:30:00Z");
    const recorded = await interview(patient.id, visit.id);
    const tasks = await w.tasks({ personId: patient.id, rule });
    expect(tasks).toMatchObject([{ status: "done", closeReason: "interview_held" }]);
    expect(recorded.completedTaskIds).toEqual([tasks[0]?.id]);
  });

  it("links the interview to the task's visit when the form does not name one", async () => {
    const patient = await w.patient("2026-02-20T08:00:00Z", "2026-02-20");
    const visit = await w.appointment(patient.id, "2026-03-02T10:00:00Z", "attended");
    await w.run("2026-03-02T10:30:00Z");
    const recorded = await recordEntryInterview(t.current.system, patient.id, {
      transmittedFees: true,
      transmittedServices: false,
      fileCompleted: true,
      visitPurpose: "gynecology",
    });
    expect(recorded.interview).toMatchObject({ appointmentId: visit.id, visitPurpose: "gynecology" });
    expect(recorded).toMatchObject({ pathwayStarted: true, pathway: { type: "gynecology" } });
    expect(await w.tasks({ personId: patient.id, rule })).toMatchObject([{ status: "done" }]);
  });

  it("closes when the visit turns out not attended", async () => {
    const patient = await w.patient("2026-02-20T08:00:00Z", "2026-02-20");
    const visit = await w.appointment(patient.id, "2026-03-02T10:00:00Z", "attended");
    await w.run("2026-03-02T10:30:00Z");
    await w.setAppointmentStatus(visit.id, "no_show");
    await w.run("2026-03-02T11:00:00Z");
    expect(await w.tasks({ personId: patient.id, rule })).toMatchObject([
      { status: "closed", closeReason: "visit_not_attended" },
    ]);
  });

  it("asks for it on a new EHR file's first-visit day when Relais has no visit of hers", async () => {
    // Imported the next morning, file opened on Monday: due Monday at closing time (already late).
    const imported = await w.patient("2026-03-03T07:00:00Z", "2026-03-02");
    // An old file imported now is not a new patient.
    const old = await w.patient("2026-03-03T07:00:00Z", "2025-11-02");
    await w.run("2026-03-03T07:30:00Z");
    expect(await w.tasks({ personId: imported.id, rule })).toMatchObject([
      { sourceType: "person", sourceId: imported.id, status: "open", dueAt: "2026-03-02T18:00:00.000Z" },
    ]);
    expect(await w.tasks({ personId: old.id, rule })).toEqual([]);
    await interview(imported.id);
    expect(await w.tasks({ personId: imported.id, rule })).toMatchObject([{ status: "done" }]);
  });

  it("works the same in an incremental run", async () => {
    await w.run("2026-03-02T08:00:00Z");
    const patient = await w.patient("2026-02-20T08:00:00Z", "2026-02-20");
    const visit = await w.appointment(patient.id, "2026-03-02T09:00:00Z", "attended");
    await w.run("2026-03-02T09:30:00Z", "incremental");
    expect(await w.tasks({ personId: patient.id, rule })).toMatchObject([{ sourceId: visit.id, status: "open" }]);
  });
});
