import { describe, expect, it } from "vitest";
import { followUpRuns } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/app.ts";
import type { RunList } from "./runs.schema.ts";
import { followUpWorld } from "./test-support.ts";

const t = setupTestApp({ now: "2026-03-04T10:00:00Z" });
const w = followUpWorld(t);

describe("GET /api/followup/runs", () => {
  it("lists the latest 20 runs, newest first, with their trigger, who asked, and what they did", async () => {
    const { database } = t.current.services;
    // 21 older runs of the schedule, one minute apart.
    await database.db.insert(followUpRuns).values(
      Array.from({ length: 21 }, (_, i) => {
        const at = new Date(Date.UTC(2026, 2, 1, 8, i));
        return {
          asOf: at,
          startedAt: at,
          finishedAt: new Date(at.getTime() + 1500),
          trigger: "schedule",
          counts: { "hot-48h": { created: i, closed: 1 }, "retired-rule": { created: 5, closed: 5 } },
        };
      }),
    );
    // Then one from the app, asked by a prospects manager as of a chosen instant.
    await w.prospect("hot", "2026-03-02T09:00:00Z");
    t.current.clock.set("2026-03-04T10:00:00Z");
    const manager = await t.current.signIn("prospects_manager");
    const run = await manager.request("POST", "/api/followup/run", { asOf: "2026-03-03T12:00:00.000Z" });
    expect(run.statusCode).toBe(200);

    const reception = await t.current.signIn("reception");
    const response = await reception.request("GET", "/api/followup/runs");
    expect(response.statusCode).toBe(200);
    const { items } = response.json() as RunList;
    expect(items).toHaveLength(20);
    expect(items[0]).toMatchObject({
      asOf: "2026-03-03T12:00:00.000Z",
      startedAt: "2026-03-04T10:00:00.000Z",
      trigger: "api",
      triggeredBy: { id: manager.userId, name: expect.stringMatching(/^Awa Diop\d+$/) },
      counts: expect.objectContaining({ "first-response": { created: 1, closed: 0 } }),
      closed: 0,
    });
    expect(items[0]?.created).toBeGreaterThanOrEqual(1);
    // Newest first; the oldest of the 21 scheduled runs is left out; a rule no longer known is not shown.
    expect(items[1]).toEqual({
      id: expect.any(String),
      asOf: "2026-03-01T08:20:00.000Z",
      startedAt: "2026-03-01T08:20:00.000Z",
      finishedAt: "2026-03-01T08:20:01.500Z",
      trigger: "schedule",
      triggeredBy: null,
      counts: { "hot-48h": { created: 20, closed: 1 } },
      created: 20,
      closed: 1,
      status: "done",
      error: null,
    });
    expect(items.at(-1)?.asOf).toBe("2026-03-01T08:02:00.000Z");
  });
});
