import { describe, expect, it } from "vitest";
import { followUpRuns } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/app.ts";
import { runFailureOf } from "./engine.ts";
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

  it("records a failed run with a short error, warns in /api/health, and the next run works again", async () => {
    const { database } = t.current.services;
    await w.prospect("hot", "2026-03-02T09:00:00Z");
    // A database refusing the run's writes, with someone's data in its message.
    await database.query(`create function refuse_task() returns trigger language plpgsql as $$
      begin raise exception 'refused for "%"', new.person_id; end $$`);
    await database.query(
      "create trigger refuse_task before insert on follow_up_tasks for each row execute function refuse_task()",
    );
    t.current.clock.set("2026-03-04T11:00:00Z");
    const manager = await t.current.signIn("prospects_manager");
    const failed = await manager.request("POST", "/api/followup/run", {});
    expect(failed.statusCode).toBe(500);
    expect(failed.json().error).toMatchObject({ code: "followup.run_failed", details: { code: "P0001" } });

    const { items } = (await manager.request("GET", "/api/followup/runs")).json() as RunList;
    expect(items[0]).toMatchObject({ status: "failed", trigger: "api", created: 0, counts: {} });
    expect(items[0]?.error).toMatch(/^P0001 : La relance automatique a échoué/);
    const health = (await t.current.app.inject({ method: "GET", url: "/api/health" })).json();
    expect(health.warnings).toEqual([{ code: "followup.last_run_failed", message: expect.stringContaining("échoué") }]);
    expect(health.status).toBe("degraded");

    await database.query("drop trigger refuse_task on follow_up_tasks");
    t.current.clock.set("2026-03-04T11:05:00Z");
    expect((await manager.request("POST", "/api/followup/run", {})).statusCode).toBe(200);
    const after = (await t.current.app.inject({ method: "GET", url: "/api/health" })).json();
    expect(after.warnings).toEqual([]);
    expect(after.status).toBe("ok");
  });
});

describe("runFailureOf", () => {
  it("keeps the SQLSTATE and the start of the database's message, never the query, its parameters or quoted values", () => {
    const cause = Object.assign(new Error('invalid input syntax for type date: "Awa Diop 12/13/1990"'), {
      code: "22007",
    });
    const error = new Error(`Failed query: insert into people values ($1)\nparams: ${"x".repeat(50_000)}`, { cause });
    const failure = runFailureOf(error);
    expect(failure).toEqual({ code: "22007", message: "invalid input syntax for type date: …" });
    expect(runFailureOf(new Error(`Failed query: select 1\nparams: ${"x".repeat(500)}`))).toEqual({
      code: "Error",
      message: "",
    });
  });
});
