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
    // A call nobody answered does not qualify her.
    await w.interaction(p.id, "2026-03-10T10:00:00Z", { channel: "phone_out", reached: false });
    await w.run("2026-03-10T10:05:00Z");
    expect(open(await w.tasks({ personId: p.id }), "warm-48h")).toHaveLength(1);
    await w.interaction(p.id, "2026-03-10T15:29:00Z", { channel: "phone_out" });
    await w.run("2026-03-10T15:30:00Z");
    expect(await w.tasks({ personId: p.id })).toContainEqual(
      expect.objectContaining({ rule: "warm-48h", status: "closed", closeReason: "called" }),
    );
  });

  it("qualify, then send the documentation: after the call that reached her, a docs-pending task unless sent or declined", async () => {
    const sec = await t.current.signIn("crm_secretary");
    const complete = async (personId: string, body: object) => {
      const id = open(await w.tasks({ personId }), "warm-48h")[0]?.id;
      const { version } = (await sec.request("GET", `/api/tasks/${id}`)).json();
      const response = await sec.request("POST", `/api/tasks/${id}/complete`, { version, ...body });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const asked = await w.prospect("warm", "2026-03-02T09:00:00Z");
    const sent = await w.prospect("warm", "2026-03-02T09:00:00Z");
    const declined = await w.prospect("warm", "2026-03-02T09:00:00Z");
    await w.run("2026-03-04T09:00:00Z");
    t.current.clock.set(new Date("2026-03-04T10:00:00Z"));
    // Nobody answers: the task stays open, nothing to send yet.
    expect(await complete(asked.id, { outcome: "not_reached" })).toMatchObject({ status: "open" });
    expect(
      await complete(asked.id, { outcome: "reached", note: "Qualifiée : 1re grossesse, terme août" }),
    ).toMatchObject({ status: "done" });
    await complete(sent.id, { outcome: "reached", interaction: { documentsSent: ["Programme NEST"] } });
    await complete(declined.id, { outcome: "reached", documentationRefused: true });
    await w.run("2026-03-04T10:05:00Z");
    expect(open(await w.tasks({ personId: asked.id }), "docs-pending")).toMatchObject([
      { dueAt: "2026-03-04T18:00:00.000Z" },
    ]);
    expect(open(await w.tasks({ personId: sent.id }), "docs-pending")).toEqual([]);
    expect(open(await w.tasks({ personId: declined.id }), "docs-pending")).toEqual([]);
    const timeline = (await sec.request("GET", `/api/prospects/${declined.id}/interactions`)).json();
    expect(timeline[0].comment).toContain("Documentation proposée, déclinée par la personne.");
    // « Documentation déclinée » only fits the qualifying call that reached her.
    const unreached = await w.prospect("warm", "2026-03-02T09:00:00Z");
    await w.run("2026-03-04T10:10:00Z");
    const id = open(await w.tasks({ personId: unreached.id }), "warm-48h")[0]?.id;
    const refused = await sec.request("POST", `/api/tasks/${id}/complete`, {
      version: 1,
      outcome: "not_reached",
      documentationRefused: true,
    });
    expect([refused.statusCode, refused.json().error.details.issues[0].field]).toEqual([422, "documentationRefused"]);
  });
});
