import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../../test/app.ts";
import { followUpWorld } from "../test-support.ts";

/**
 * Rule warm-48h at its boundaries, in Africa/Dakar (UTC+0, so the
 * instants below read as the clinic's local times). 2026-03-02 is a Monday;
 * 2026-05-01 (Fête du Travail) is a public holiday in the default settings.
 */
const t = setupTestApp({ now: "2026-03-02T08:00:00Z" });
const w = followUpWorld(t);

const open = (tasks: Awaited<ReturnType<typeof w.tasks>>, rule: string) =>
  tasks.filter((x) => x.rule === rule && x.status === "open");

describe("warm-48h", () => {
  it("calls a warm prospect back 2 business days after the first contact, until an outgoing call", async () => {
    const p = await w.prospect("warm", "2026-03-06T15:30:00Z", { origin: "phone" }); // Friday
    await w.interaction(p.id, "2026-03-06T15:30:00Z", { requestTypes: ["prices"] });
    await w.run("2026-03-06T16:00:00Z");
    expect(open(await w.tasks({ personId: p.id }), "warm-48h")).toMatchObject([
      { dueAt: "2026-03-10T15:30:00.000Z", sourceType: "person" },
    ]);
    await w.interaction(p.id, "2026-03-10T15:29:00Z", { channel: "phone_out" });
    await w.run("2026-03-10T15:30:00Z");
    expect(await w.tasks({ personId: p.id })).toContainEqual(
      expect.objectContaining({ rule: "warm-48h", status: "closed", closeReason: "called" }),
    );
  });
});
