import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../../test/app.ts";
import { followUpWorld } from "../test-support.ts";

/**
 * Rule recall-7d at its boundaries, in Africa/Dakar (UTC+0, so the
 * instants below read as the clinic's local times). 2026-03-02 is a Monday;
 * 2026-05-01 (Fête du Travail) is a public holiday in the default settings.
 */
const t = setupTestApp({ now: "2026-03-02T08:00:00Z" });
const w = followUpWorld(t);

const open = (tasks: Awaited<ReturnType<typeof w.tasks>>, rule: string) =>
  tasks.filter((x) => x.rule === rule && x.status === "open");

describe("recall-7d", () => {
  it("recalls 7 days after a quote, pricing or programme request, prospect or patient; done by RAPPEL 7 JOURS", async () => {
    const p = await w.prospect("hot", "2026-03-02T09:00:00Z", { origin: "phone" });
    const quote = await w.interaction(p.id, "2026-03-02T09:00:00Z", { requestTypes: ["delivery_quote"] });
    const patient = await w.patient("2026-03-02T09:00:00Z", "2025-01-10");
    const programme = await w.interaction(patient.id, "2026-03-02T09:10:00Z", { requestTypes: ["programme_info"] });
    const other = await w.prospect("warm", "2026-03-02T09:00:00Z", { origin: "phone" });
    await w.interaction(other.id, "2026-03-02T09:00:00Z", { requestTypes: ["appointment"] });
    await w.run("2026-03-02T10:00:00Z");
    expect(open(await w.tasks({ personId: p.id }), "recall-7d")).toMatchObject([
      { sourceId: quote.id, dueAt: "2026-03-09T09:00:00.000Z" },
    ]);
    expect(open(await w.tasks({ personId: patient.id }), "recall-7d")).toMatchObject([{ sourceId: programme.id }]);
    expect(open(await w.tasks({ personId: other.id }), "recall-7d")).toEqual([]);
    await w.interaction(p.id, "2026-03-09T10:00:00Z", { channel: "phone_out", comment: "RAPPEL 7 JOURS – rappelée" });
    await w.run("2026-03-09T10:05:00Z");
    const after = await w.tasks({ personId: p.id });
    expect(after).toContainEqual(expect.objectContaining({ rule: "recall-7d", closeReason: "recall_recorded" }));
    expect(open(after, "recall-7d")).toEqual([]);
  });

  it("for a cold prospect too (« toutes les interactions »); a recall that reached nobody is not made", async () => {
    const p = await w.prospect("cold", "2026-03-02T09:00:00Z", { origin: "phone" });
    await w.interaction(p.id, "2026-03-02T09:00:00Z", { requestTypes: ["prices"] });
    await w.run("2026-03-09T10:00:00Z");
    expect(open(await w.tasks({ personId: p.id }), "recall-7d")).toMatchObject([{ dueAt: "2026-03-09T09:00:00.000Z" }]);
    await w.interaction(p.id, "2026-03-09T10:30:00Z", {
      channel: "phone_out",
      comment: "RAPPEL 7 JOURS",
      reached: false,
    });
    await w.run("2026-03-09T10:35:00Z");
    expect(open(await w.tasks({ personId: p.id }), "recall-7d")).toHaveLength(1);
  });
});
