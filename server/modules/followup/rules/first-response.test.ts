import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../../test/app.ts";
import { followUpWorld } from "../test-support.ts";

/**
 * Rule first-response at its boundaries, in Africa/Dakar (UTC+0, so the
 * instants below read as the clinic's local times). 2026-03-02 is a Monday;
 * 2026-05-01 (Fête du Travail) is a public holiday in the default settings.
 */
const t = setupTestApp({ now: "2026-03-02T08:00:00Z" });
const w = followUpWorld(t);

const open = (tasks: Awaited<ReturnType<typeof w.tasks>>, rule: string) =>
  tasks.filter((x) => x.rule === rule && x.status === "open");

describe("first-response", () => {
  it("is due 2 business days after a web request, over the weekend, and closed once answered", async () => {
    const p = await w.prospect("warm", "2026-03-06T10:00:00Z"); // Friday
    await w.interaction(p.id, "2026-03-06T10:00:00Z", { channel: "web_form", requestTypes: ["delivery_quote"] });
    await w.run("2026-03-06T10:05:00Z");
    expect(open(await w.tasks({ personId: p.id }), "first-response")).toMatchObject([
      { dueAt: "2026-03-10T10:00:00.000Z", sourceType: "person", assigneeRole: "crm_secretary" },
    ]);
    // An email with the documentation answers it.
    await w.interaction(p.id, "2026-03-09T11:00:00Z", { channel: "email", documentsSent: ["Plaquette"] });
    await w.run("2026-03-09T11:05:00Z");
    expect(await w.tasks({ personId: p.id })).toContainEqual(
      expect.objectContaining({ rule: "first-response", status: "closed", closeReason: "answered" }),
    );
  });

  it("is not answered by a call that reached nobody: the task stays open and the SLA is not met", async () => {
    const p = await w.prospect("hot", "2026-03-03T09:00:00Z");
    await w.interaction(p.id, "2026-03-03T09:00:00Z", { channel: "web_form", requestTypes: ["delivery_quote"] });
    await w.interaction(p.id, "2026-03-03T11:00:00Z", { channel: "phone_out", reached: false });
    await w.run("2026-03-03T11:05:00Z");
    expect(open(await w.tasks({ personId: p.id }), "first-response")).toHaveLength(1);
    const sla = async () => {
      const result = await t.current.services.database.db.execute(
        sql`select answered_at from first_response_sla where person_id = ${p.id}`,
      );
      return (result as unknown as { rows: { answered_at: unknown }[] }).rows;
    };
    expect(await sla()).toEqual([{ answered_at: null }]);
    // The call that reached her answers it.
    await w.interaction(p.id, "2026-03-04T10:00:00Z", { channel: "phone_out", reached: true });
    await w.run("2026-03-04T10:05:00Z");
    expect(await w.tasks({ personId: p.id })).toContainEqual(
      expect.objectContaining({ rule: "first-response", status: "closed", closeReason: "answered" }),
    );
    expect((await sla())[0]?.answered_at).not.toBeNull();
  });

  it("counts a public holiday out, and a request on a closed day from the next opening", async () => {
    const beforeHoliday = await w.prospect("hot", "2026-04-30T10:00:00Z"); // Thursday; Friday 1 May is a holiday
    await w.interaction(beforeHoliday.id, "2026-04-30T10:00:00Z", { channel: "facebook" });
    const saturday = await w.prospect("hot", "2026-05-02T15:00:00Z");
    await w.interaction(saturday.id, "2026-05-02T15:00:00Z", { channel: "web_form" });
    await w.run("2026-05-02T16:00:00Z");
    expect(open(await w.tasks({ personId: beforeHoliday.id }), "first-response")[0]?.dueAt).toBe(
      "2026-05-05T10:00:00.000Z",
    );
    // Saturday afternoon → Monday 08:00 is day 0 → Wednesday 08:00.
    expect(open(await w.tasks({ personId: saturday.id }), "first-response")[0]?.dueAt).toBe("2026-05-06T08:00:00.000Z");
  });

  it("does not take a request that came in writing for its own answer", async () => {
    const p = await w.prospect("hot", "2026-03-03T09:00:00Z");
    // The secretary creates the record, then logs the prospect's email a minute later.
    await w.interaction(p.id, "2026-03-03T09:01:00Z", { channel: "email", requestTypes: ["delivery_quote"] });
    await w.run("2026-03-03T09:30:00Z");
    expect(open(await w.tasks({ personId: p.id }), "first-response")).toMatchObject([
      { dueAt: "2026-03-05T09:00:00.000Z" },
    ]);
    // The clinic's written answer does close it.
    await w.interaction(p.id, "2026-03-04T10:00:00Z", { channel: "email" });
    await w.run("2026-03-04T10:05:00Z");
    expect(await w.tasks({ personId: p.id })).toContainEqual(
      expect.objectContaining({ rule: "first-response", status: "closed", closeReason: "answered" }),
    );
  });

  it("gives no task when the request was answered live on the phone, nor to a cold prospect", async () => {
    const caller = await w.prospect("hot", "2026-03-03T09:00:00Z", { origin: "phone" });
    await w.interaction(caller.id, "2026-03-03T09:00:00Z", { channel: "phone_in", requestTypes: ["prices"] });
    const cold = await w.prospect("cold", "2026-03-03T09:00:00Z");
    await w.interaction(cold.id, "2026-03-03T09:00:00Z", { channel: "web_form" });
    await w.run("2026-03-03T09:30:00Z");
    expect(open(await w.tasks({ personId: caller.id }), "first-response")).toEqual([]);
    expect(await w.tasks({ personId: cold.id })).toEqual([]);
  });
});
