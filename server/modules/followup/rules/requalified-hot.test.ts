import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../../test/app.ts";
import { followUpWorld } from "../test-support.ts";

/**
 * Rule requalified-hot at its boundaries, in Africa/Dakar (UTC+0, so the
 * instants below read as the clinic's local times). 2026-03-02 is a Monday;
 * 2026-05-01 (Fête du Travail) is a public holiday in the default settings.
 */
const t = setupTestApp({ now: "2026-03-02T08:00:00Z" });
const w = followUpWorld(t);

const open = (tasks: Awaited<ReturnType<typeof w.tasks>>, rule: string) =>
  tasks.filter((x) => x.rule === rule && x.status === "open");

describe("requalified-hot", () => {
  it("calls within 2 business days of a cold prospect turned hot; cold ones get no call", async () => {
    const p = await w.prospect("cold", "2026-03-02T09:00:00Z", { origin: "event" });
    await w.interaction(p.id, "2026-03-02T09:00:00Z", { channel: "visit" });
    await w.run("2026-03-05T09:00:00Z");
    expect(await w.tasks({ personId: p.id })).toEqual([]);
    await w.changeTemperature(p.id, "hot", "2026-03-06T16:00:00Z"); // Friday
    await w.run("2026-03-06T16:05:00Z");
    const tasks = await w.tasks({ personId: p.id });
    expect(open(tasks, "requalified-hot")).toMatchObject([
      { dueAt: "2026-03-10T16:00:00.000Z", sourceType: "temperature_change" },
    ]);
    // The last interaction predates the requalification: the requalification's task is the one.
    expect(open(tasks, "hot-48h")).toEqual([]);
    await w.interaction(p.id, "2026-03-09T10:00:00Z", { channel: "phone_out" });
    await w.run("2026-03-09T10:05:00Z");
    expect(await w.tasks({ personId: p.id })).toContainEqual(
      expect.objectContaining({ rule: "requalified-hot", status: "closed", closeReason: "called" }),
    );
  });
});
