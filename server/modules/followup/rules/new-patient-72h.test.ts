import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../../test/app.ts";
import { followUpWorld } from "../test-support.ts";

/**
 * Rule new-patient-72h at its boundaries, in Africa/Dakar (UTC+0, so the
 * instants below read as the clinic's local times). 2026-03-02 is a Monday;
 * 2026-05-01 (Fête du Travail) is a public holiday in the default settings.
 */
const t = setupTestApp({ now: "2026-03-02T08:00:00Z" });
const w = followUpWorld(t);

describe("new-patient-72h", () => {
  it("calls 72 h after a new patient's first attended visit only", async () => {
    const fresh = await w.patient("2026-03-02T08:00:00Z", "2026-03-02");
    const first = await w.appointment(fresh.id, "2026-03-02T10:00:00Z", "attended");
    await w.appointment(fresh.id, "2026-03-04T10:00:00Z", "attended");
    const longStanding = await w.patient("2026-03-02T08:00:00Z", "2019-06-01");
    await w.appointment(longStanding.id, "2026-03-02T11:00:00Z", "attended");
    const missed = await w.patient("2026-03-02T08:00:00Z", "2026-03-01");
    const noShow = await w.appointment(missed.id, "2026-03-02T12:00:00Z", "attended");
    await w.run("2026-03-04T12:00:00Z");
    expect(await w.tasks({ personId: fresh.id, rule: "new-patient-72h" })).toMatchObject([
      { rule: "new-patient-72h", sourceId: first.id, status: "open", dueAt: "2026-03-05T10:30:00.000Z" },
    ]);
    expect(await w.tasks({ personId: longStanding.id, rule: "new-patient-72h" })).toEqual([]);
    // A visit marked attended by mistake, corrected to a no-show.
    await w.setAppointmentStatus(noShow.id, "no_show");
    await w.run("2026-03-04T12:30:00Z");
    expect(await w.tasks({ personId: missed.id, rule: "new-patient-72h" })).toMatchObject([
      { rule: "new-patient-72h", status: "closed", closeReason: "visit_not_attended" },
    ]);
  });

  it("calls every new patient, a former cold prospect too (« rappelle systématiquement »)", async () => {
    const cold = await w.prospect("cold", "2026-03-02T08:00:00Z");
    const visit = await w.appointment(cold.id, "2026-03-02T10:00:00Z", "attended");
    await w.run("2026-03-02T12:00:00Z");
    expect(await w.tasks({ personId: cold.id })).toContainEqual(
      expect.objectContaining({ rule: "new-patient-72h", sourceId: visit.id, status: "open" }),
    );
  });
});
