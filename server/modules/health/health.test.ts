import { describe, expect, it } from "vitest";
import { createTestApp, setupTestApp } from "../../test/app.ts";
import { testServerUrl } from "../../test/database.ts";
import { checkHealth } from "./routes.ts";

const t = setupTestApp();

describe("GET /api/health", () => {
  it("reports the database kind and the migration level", async () => {
    const response = await t.current.app.inject({ method: "GET", url: "/api/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: "ok",
      database: { kind: testServerUrl ? "postgresql" : "pglite", reachable: true, upToDate: true },
      warnings: [],
    });
    expect(response.json().database.migration).toMatch(/^\d{4}_/);
    expect(response.json().database.migrationsApplied).toBeGreaterThanOrEqual(2);
  });

  it("reports the job queue: pg-boss in the database on PostgreSQL, none on PGlite, and this instance's workers", async () => {
    t.current.services.workers = { outbox: "in-process", followUp: "job-queue", sms: "job-queue", campaigns: "off" };
    try {
      const response = await t.current.app.inject({ method: "GET", url: "/api/health" });
      expect(response.json().jobs).toEqual({
        queue: testServerUrl ? "pg-boss" : "none",
        // The test base has no pg-boss schema (no scheduler started on it): the queue's tables are not there.
        reachable: testServerUrl ? false : null,
        workers: { outbox: "in-process", followUp: "job-queue", sms: "job-queue", campaigns: "off" },
      });
    } finally {
      delete t.current.services.workers;
    }
  });

  it("answers 503 with the database unreachable, never a 500, when the database is gone", async () => {
    const app = await createTestApp();
    await app.services.database.close();
    const response = await app.app.inject({ method: "GET", url: "/api/health" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      status: "unavailable",
      database: {
        reachable: false,
        error: "La base de données est injoignable.",
        migration: null,
        migrationsApplied: null,
        upToDate: null,
      },
      jobs: { reachable: testServerUrl ? false : null },
      warnings: [],
    });
    await app.app.close();
    await app.close().catch(() => {});
  });

  it("does not hang when the database does not answer: unreachable after the time limit", async () => {
    const { database } = t.current.services;
    // The database is held busy past the (shortened) limit: on PostgreSQL a lock on a table the check reads, on
    // PGlite (one connection) a transaction left open.
    let release: () => Promise<void>;
    if ("pool" in database.driver) {
      const client = await database.driver.pool.connect();
      await client.query("begin");
      await client.query("lock table follow_up_runs in access exclusive mode");
      release = async () => {
        await client.query("rollback");
        client.release();
      };
    } else {
      let finish: () => void = () => {};
      const finished = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const open = database.driver.pglite.transaction(async (tx) => {
        await tx.query("select 1");
        await finished;
      });
      release = async () => {
        finish();
        await open;
      };
    }
    try {
      const health = await checkHealth(t.current.services, 50);
      expect(health.status).toBe("unavailable");
      expect(health.database).toMatchObject({
        reachable: false,
        error: "La base de données n'a pas répondu en 0,05 s.",
      });
    } finally {
      await release();
    }
    // Once it answers again, so does the check.
    expect((await checkHealth(t.current.services)).status).toBe("ok");
  });
});
