import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../../test/app.ts";
import { buildUser } from "../../../test/factories.ts";
import { followUpWorld } from "../test-support.ts";

/**
 * Rule docs-pending at its boundaries, in Africa/Dakar (UTC+0, so the
 * instants below read as the clinic's local times). 2026-03-02 is a Monday;
 * 2026-05-01 (Fête du Travail) is a public holiday in the default settings.
 */
const t = setupTestApp({ now: "2026-03-02T08:00:00Z" });
const w = followUpWorld(t);

const open = (tasks: Awaited<ReturnType<typeof w.tasks>>, rule: string) =>
  tasks.filter((x) => x.rule === rule && x.status === "open");

describe("docs-pending", () => {
  it("is due at closing time the same day, for whoever noted the request, until documents are sent", async () => {
    const secretary = await buildUser(t.current.system, { role: "crm_secretary" });
    const p = await w.prospect("cold", "2026-03-03T10:00:00Z", { origin: "phone" });
    const asked = await w.interaction(p.id, "2026-03-03T10:00:00Z", {
      documentsRequested: true,
      authorId: secretary.id,
    });
    await w.run("2026-03-03T10:05:00Z");
    expect(open(await w.tasks({ personId: p.id }), "docs-pending")).toMatchObject([
      { sourceId: asked.id, dueAt: "2026-03-03T18:00:00.000Z", assigneeUserId: secretary.id },
    ]);
    await w.interaction(p.id, "2026-03-03T17:00:00Z", { channel: "email", documentsSent: ["Plaquette"] });
    await w.run("2026-03-03T17:05:00Z");
    expect(await w.tasks({ personId: p.id })).toContainEqual(
      expect.objectContaining({ rule: "docs-pending", status: "closed", closeReason: "documents_sent" }),
    );
  });
});
