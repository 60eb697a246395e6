import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../../test/app.ts";
import { followUpWorld } from "../test-support.ts";

/**
 * Rule hot-48h at its boundaries, in Africa/Dakar (UTC+0, so the
 * instants below read as the clinic's local times). 2026-03-02 is a Monday;
 * 2026-05-01 (Fête du Travail) is a public holiday in the default settings.
 */
const t = setupTestApp({ now: "2026-03-02T08:00:00Z" });
const w = followUpWorld(t);

const open = (tasks: Awaited<ReturnType<typeof w.tasks>>, rule: string) =>
  tasks.filter((x) => x.rule === rule && x.status === "open");

describe("hot-48h", () => {
  it("is due exactly 2 business days after the last interaction and still open at that instant", async () => {
    const p = await w.prospect("hot", "2026-03-03T10:00:00Z", { origin: "phone" }); // Tuesday
    const first = await w.interaction(p.id, "2026-03-03T10:00:00Z");
    await w.run("2026-03-05T10:00:00Z");
    expect(open(await w.tasks({ personId: p.id }), "hot-48h")).toMatchObject([
      { dueAt: "2026-03-05T10:00:00.000Z", sourceType: "interaction", sourceId: first.id },
    ]);
  });

  it("does not take a call that reached nobody for a new interaction: the task stays, on the same source", async () => {
    const p = await w.prospect("hot", "2026-03-03T10:00:00Z", { origin: "phone" });
    const first = await w.interaction(p.id, "2026-03-03T10:00:00Z");
    await w.run("2026-03-05T10:00:00Z");
    await w.interaction(p.id, "2026-03-05T10:30:00Z", { channel: "phone_out", reached: false });
    await w.run("2026-03-05T10:35:00Z");
    expect((await w.tasks({ personId: p.id })).filter((x) => x.rule === "hot-48h")).toMatchObject([
      { sourceId: first.id, status: "open" },
    ]);
  });

  it("moves on when a new interaction arrives just before the due time", async () => {
    const p = await w.prospect("hot", "2026-03-03T10:00:00Z", { origin: "phone" });
    const first = await w.interaction(p.id, "2026-03-03T10:00:00Z");
    await w.run("2026-03-04T09:00:00Z");
    const second = await w.interaction(p.id, "2026-03-05T09:59:00Z");
    await w.run("2026-03-05T10:00:00Z");
    const tasks = (await w.tasks({ personId: p.id })).filter((x) => x.rule === "hot-48h");
    expect(tasks).toMatchObject([
      { sourceId: first.id, status: "closed", closeReason: "new_interaction" },
      { sourceId: second.id, status: "open", dueAt: "2026-03-09T09:59:00.000Z" }, // Thursday → Monday
    ]);
  });

  it("is closed when the temperature changes mid-way, and skipped with an appointment coming", async () => {
    const cooled = await w.prospect("hot", "2026-03-03T10:00:00Z", { origin: "phone" });
    await w.interaction(cooled.id, "2026-03-03T10:00:00Z");
    const booked = await w.prospect("hot", "2026-03-03T10:00:00Z", { origin: "phone" });
    await w.interaction(booked.id, "2026-03-03T10:00:00Z");
    await w.run("2026-03-03T11:00:00Z");
    await w.changeTemperature(cooled.id, "warm", "2026-03-04T09:00:00Z");
    await w.appointment(booked.id, "2026-03-12T09:00:00Z", "scheduled", "2026-03-04T09:00:00Z");
    await w.run("2026-03-04T09:30:00Z");
    expect(await w.tasks({ personId: cooled.id })).toContainEqual(
      expect.objectContaining({ rule: "hot-48h", status: "closed", closeReason: "temperature_changed" }),
    );
    expect(await w.tasks({ personId: booked.id })).toContainEqual(
      expect.objectContaining({ rule: "hot-48h", status: "closed", closeReason: "appointment_booked" }),
    );
  });

  it("does not start again from the call that completed it", async () => {
    const p = await w.prospect("hot", "2026-03-03T10:00:00Z", { origin: "phone" });
    await w.interaction(p.id, "2026-03-03T10:00:00Z");
    await w.run("2026-03-05T10:00:00Z");
    const [task] = open(await w.tasks({ personId: p.id }), "hot-48h");
    const call = await w.interaction(p.id, "2026-03-05T11:00:00Z", { channel: "phone_out" });
    await w.complete(task?.id ?? "", call.id);
    await w.run("2026-03-10T11:00:00Z");
    expect(open(await w.tasks({ personId: p.id }), "hot-48h")).toEqual([]);
  });
});
