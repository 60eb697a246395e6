import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { people } from "../../../db/schema/index.ts";
import { setupTestApp } from "../../../test/app.ts";
import { buildPatient, buildProspect } from "../../../test/factories.ts";
import { followUpWorld } from "../test-support.ts";

/**
 * Rule vaccine-late in Africa/Dakar (UTC+0): a dose not given 14 days after its due day is late the
 * 15th day, from opening time (08:00). A girl born on 2026-01-01: BCG and VPO0 due that day, late on
 * 2026-01-16 at 08:00.
 */
const t = setupTestApp({ now: "2026-01-01T08:00:00Z" });
const w = followUpWorld(t);

beforeEach(() => t.current.clock.set("2026-01-01T08:00:00Z"));

const child = (overrides: Parameters<typeof buildPatient>[1] = {}) =>
  buildPatient(t.current.system, { birthDate: "2026-01-01", sex: "female", ehrCreatedOn: null, ...overrides });

const lateTasks = async (personId: string) =>
  (await w.tasks({ personId })).filter((task) => task.rule === "vaccine-late");

describe("vaccine-late", () => {
  it("makes one call task per late dose for the CRM secretary, closed when the dose is recorded", async () => {
    const baby = await child();
    await w.run("2026-01-16T07:59:00Z");
    expect(await lateTasks(baby.id)).toEqual([]);
    await w.run("2026-01-16T08:00:00Z");
    const tasks = await lateTasks(baby.id);
    expect(tasks.map((task) => task.sourceId).sort()).toEqual([`${baby.id}:BCG#1`, `${baby.id}:VPO#0`]);
    expect(tasks[0]).toMatchObject({
      status: "open",
      sourceType: "vaccine_dose",
      assigneeRole: "crm_secretary",
      dueAt: "2026-01-16T08:00:00.000Z",
    });

    t.current.clock.set("2026-01-16T09:00:00Z");
    const secretary = await t.current.signIn("crm_secretary");
    // The task says which dose, by the schedule's label.
    const listed = (await secretary.request("GET", `/api/tasks?personId=${baby.id}`)).json();
    expect(listed.items.map((task: { source: unknown }) => task.source)).toEqual(
      expect.arrayContaining([
        { type: "vaccine_dose", id: `${baby.id}:BCG#1`, vaccine: "BCG", dose: 1, label: "BCG" },
        { type: "vaccine_dose", id: `${baby.id}:VPO#0`, vaccine: "VPO", dose: 0, label: "Polio oral (VPO0)" },
      ]),
    );
    const recorded = await secretary.request("POST", `/api/patients/${baby.id}/vaccinations/doses`, {
      vaccine: "BCG",
      dose: 1,
      givenOn: "2026-01-02",
      place: "elsewhere",
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    // The next run, incremental, sees the dose recorded.
    await w.run("2026-01-16T09:05:00Z", "incremental");
    const after = await lateTasks(baby.id);
    expect(after.find((task) => task.sourceId.endsWith("BCG#1"))).toMatchObject({
      status: "closed",
      closeReason: "dose_recorded",
    });
    expect(after.find((task) => task.sourceId.endsWith("VPO#0"))).toMatchObject({ status: "open" });
    // Again later: nothing more for these doses.
    await w.run("2026-01-20T08:00:00Z");
    expect(await lateTasks(baby.id)).toHaveLength(2);
  });

  it("is made by the incremental run of the morning the dose goes late, the child's record untouched", async () => {
    // Born on 1 February: late on the 16th at 08:00 (after the other tests' runs, so the run may be incremental).
    t.current.clock.set("2026-02-01T08:00:00Z");
    const baby = await child({ birthDate: "2026-02-01" });
    await w.run("2026-02-15T18:00:00Z");
    expect(await lateTasks(baby.id)).toEqual([]);
    const result = await w.run("2026-02-16T08:05:00Z", "incremental");
    expect(result.mode).toBe("incremental");
    expect((await lateTasks(baby.id)).map((task) => task.sourceId).sort()).toEqual([
      `${baby.id}:BCG#1`,
      `${baby.id}:VPO#0`,
    ]);
  });

  it("counts a dose pushed back by its previous dose given late", async () => {
    const baby = await child();
    // HEXA 1 given on 2026-03-01 (due 2026-02-12): HEXA 2 is due 4 weeks after, 2026-03-29, not 2026-03-12.
    t.current.clock.set("2026-03-01T09:00:00Z");
    const secretary = await t.current.signIn("medical_secretary");
    await secretary.request("POST", `/api/patients/${baby.id}/vaccinations/doses`, {
      vaccine: "HEXA",
      dose: 1,
      givenOn: "2026-03-01",
      place: "nest",
    });
    await w.run("2026-04-12T12:00:00Z");
    const hexa2 = `${baby.id}:HEXA#2`;
    expect((await lateTasks(baby.id)).map((task) => task.sourceId)).not.toContain(hexa2);
    // PCV13 2, not pushed back (its first dose was never given), is late since 2026-03-27.
    expect((await lateTasks(baby.id)).map((task) => task.sourceId)).toContain(`${baby.id}:PCV13#2`);
    await w.run("2026-04-13T08:00:00Z");
    expect(await w.tasks({ sourceId: hexa2 })).toMatchObject([{ status: "open", dueAt: "2026-04-13T08:00:00.000Z" }]);
  });

  it("makes none for a dose late long before (a back-log), a prospect, a merged record, a boy's HPV", async () => {
    // Born 2025-01-01: RR1 and VAA due 2025-10-01, late since 2025-10-16 — more than 30 days before.
    const older = await child({ birthDate: "2025-01-01" });
    const prospect = await buildProspect(t.current.system, { birthDate: "2026-01-01", firstContactDate: "2026-01-01" });
    const kept = await child();
    const merged = await child();
    await t.current.services.database.db.update(people).set({ mergedIntoId: kept.id }).where(eq(people.id, merged.id));
    // A boy of 9 years and a half without HPV: none.
    const boy = await child({ birthDate: "2016-07-01", sex: "male" });
    await w.run("2026-01-16T08:00:00Z");
    expect(await lateTasks(older.id)).toEqual([]);
    expect(await lateTasks(prospect.id)).toEqual([]);
    expect(await lateTasks(merged.id)).toEqual([]);
    expect(await lateTasks(kept.id)).toHaveLength(2);
    expect(await lateTasks(boy.id)).toEqual([]);
  });
});
