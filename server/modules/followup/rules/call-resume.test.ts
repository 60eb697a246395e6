import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../../test/app.ts";
import { buildProspect, buildUser } from "../../../test/factories.ts";
import { followUpWorld } from "../test-support.ts";

/**
 * Rule call-resume at its boundaries, in Africa/Dakar (UTC+0, so the
 * instants below read as the clinic's local times). 2026-03-02 is a Monday;
 * 2026-05-01 (Fête du Travail) is a public holiday in the default settings.
 */
const t = setupTestApp({ now: "2026-03-02T08:00:00Z" });
const w = followUpWorld(t);

describe("call-resume", () => {
  it("resumes an unsatisfied register line the same day, by who answered it", async () => {
    const receptionist = await buildUser(t.current.system, { role: "reception" });
    const line = await w.call("2026-03-04T11:00:00Z", { outcome: "to_resume", answeredBy: receptionist.id });
    const fine = await w.call("2026-03-04T11:05:00Z", { outcome: "answered" });
    await w.run("2026-03-04T11:10:00Z");
    expect(await w.tasks({ sourceId: line.id })).toMatchObject([
      { rule: "call-resume", status: "open", dueAt: "2026-03-04T18:00:00.000Z", assigneeUserId: receptionist.id },
    ]);
    expect(await w.tasks({ sourceId: fine.id })).toEqual([]);
    // The line linked to a record afterwards keeps its one task.
    const person = await buildProspect(t.current.system);
    await t.current.services.database.query("update calls set person_id = $1 where id = $2", [person.id, line.id]);
    await w.run("2026-03-04T11:20:00Z");
    expect(await w.tasks({ sourceId: line.id })).toHaveLength(1);
    await t.current.services.database.query("update calls set resumed_at = $1, outcome = 'answered' where id = $2", [
      "2026-03-04T15:00:00Z",
      line.id,
    ]);
    await w.run("2026-03-04T15:05:00Z");
    expect(await w.tasks({ sourceId: line.id })).toMatchObject([{ status: "closed", closeReason: "resumed" }]);
  });
});
