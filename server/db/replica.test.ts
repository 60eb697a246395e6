import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app.ts";
import { type Running, startServices } from "../bootstrap.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { type Ctx, systemActor } from "../context.ts";
import { createLogger } from "../logger.ts";
import { type Client, clientFor, setupTestApp, TEST_PASSWORD } from "../test/app.ts";
import { createTestDatabase, type TestDatabase, testServerUrl } from "../test/database.ts";
import { buildProspect, buildUser, prospectRequest } from "../test/factories.ts";
import { openReplicaDatabase } from "./client.ts";
import { sqlState } from "./errors.ts";
import { onReplica, replicaHealth } from "./replica.ts";

/**
 * DATABASE_REPLICA_URL: reports, dashboards and exports read the replica, every write
 * and every read of what was just saved stay on the primary. A streaming replica cannot
 * be made here: the "replica" is a second database of the same schema holding OTHER
 * data, so that each answer shows which base it came from. PostgreSQL only (a replica
 * is refused with PGlite): that part runs when the suite has a PostgreSQL server.
 */

const t = setupTestApp({ now: "2026-03-30T10:00:00Z" });

describe("report replica configuration", () => {
  it("is refused with the embedded database, and when it is not a postgres:// address", () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URL: "postgres://replica.nest.sn/relais" })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_REPLICA_URL: "postgres://replica.nest.sn/relais" })).toThrow(
      /DATABASE_REPLICA_URL : une réplique ne sert qu'avec un serveur PostgreSQL \(DATABASE_URL\)/,
    );
    const primary = { DATABASE_URL: "postgres://db.nest.sn/relais" };
    expect(() => loadConfig({ ...primary, DATABASE_REPLICA_URL: "https://replica.nest.sn" })).toThrow(
      /DATABASE_REPLICA_URL : une adresse postgres:\/\/ ou postgresql:\/\/ est attendue/,
    );
    expect(() => loadConfig({ ...primary, DATABASE_REPLICA_URL: "replica" })).toThrow(ConfigError);
    expect(loadConfig({ ...primary, DATABASE_REPLICA_URL: "postgresql://replica.nest.sn/relais" }).database).toEqual({
      kind: "postgresql",
      url: "postgres://db.nest.sn/relais",
      replicaUrl: "postgresql://replica.nest.sn/relais",
    });
    expect(loadConfig({ ...primary, DATABASE_REPLICA_URL: "" }).database).toEqual({
      kind: "postgresql",
      url: "postgres://db.nest.sn/relais",
      replicaUrl: undefined,
    });
  });

  it("falls back to the primary when none is configured", async () => {
    const ctx = t.current.system;
    expect(onReplica(ctx)).toBe(ctx);
    expect(await replicaHealth(ctx)).toBeUndefined();
    const health = await t.current.app.inject({ method: "GET", url: "/api/health" });
    expect(health.json()).not.toHaveProperty("replica");
  });
});

if (testServerUrl) {
  describe("report replica on PostgreSQL", () => {
    let replicaBase: TestDatabase;
    let running: Running;
    let app: FastifyInstance;
    let admin: Client;
    /** Arranges data on the primary / on the replica's database (written directly, as streaming would). */
    let onPrimary: Ctx;
    let onReplicaBase: Ctx;
    const cohortDay = "2026-03-02"; // today − 28 days: the conversion table's default cohort
    const url = (database: TestDatabase["database"]) => ("url" in database.driver ? database.driver.url : "");

    beforeAll(async () => {
      replicaBase = await createTestDatabase();
      // Started the way `npm start` does, from the environment.
      const config = loadConfig({
        DATABASE_URL: url(t.current.services.database),
        DATABASE_REPLICA_URL: url(replicaBase.database),
      });
      running = await startServices(config, createLogger("silent"), t.current.clock);
      app = await buildApp(running);
      onPrimary = { ...running, replica: undefined, actor: systemActor("test") };
      onReplicaBase = { ...running, database: replicaBase.database, replica: undefined, actor: systemActor("test") };

      const user = await buildUser(onPrimary, { email: "direction@nest.sn", role: "admin", password: TEST_PASSWORD });
      const login = await app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { email: "direction@nest.sn", password: TEST_PASSWORD },
      });
      expect(login.statusCode, login.body).toBe(200);
      const cookie = login.cookies.find((c) => c.name === "relais_session");
      admin = clientFor(app, user.id, user.email, `relais_session=${cookie?.value}`, login.json().csrfToken);

      // The cohort day: one prospect on the primary, three (other people) on the replica.
      t.current.clock.set(`${cohortDay}T10:00:00Z`);
      await buildProspect(onPrimary, { lastName: "Primaire", firstName: "Awa", temperature: "hot" });
      for (const lastName of ["Replique", "Replique", "Replique"]) {
        await buildProspect(onReplicaBase, { lastName, firstName: "Fatou", temperature: "cold" });
      }
      t.current.clock.set("2026-03-30T10:00:00Z");
    });

    afterAll(async () => {
      await app?.close();
      await running?.shutdown();
      await replicaBase?.drop();
    });

    it("opens a read-only pool: nothing can be written there, even by mistake", async () => {
      expect(running.replica?.kind).toBe("postgresql");
      const error = await running.replica?.exec("delete from people").catch((e: unknown) => e);
      expect(sqlState(error)).toBe("25006"); // read_only_sql_transaction
      expect(await replicaBase.database.query("select 1 from people")).toHaveLength(3);
    });

    it("reads the conversion table, its rates and its export on the replica, and audits the export on the primary", async () => {
      const table = await admin.request("GET", "/api/reports/conversion");
      expect(table.statusCode, table.body).toBe(200);
      expect(table.json().from).toBe(cohortDay);
      expect(table.json().total).toBe(3);
      expect(table.json().lines.map((l: { lastName: string }) => l.lastName)).toEqual([
        "Replique",
        "Replique",
        "Replique",
      ]);

      const rates = await admin.request("GET", `/api/reports/conversion/rates?from=${cohortDay}&to=${cohortDay}`);
      expect(rates.statusCode, rates.body).toBe(200);
      expect(rates.json().funnel.prospects).toBe(3);

      const file = await admin.request("GET", `/api/reports/conversion.csv?from=${cohortDay}&to=${cohortDay}`);
      expect(file.statusCode, file.body).toBe(200);
      expect(file.body).toContain("Replique");
      expect(file.body).not.toContain("Primaire");
      const audit = "select action from audit_events where action = 'report.conversion.export'";
      expect(await running.database.query(audit)).toHaveLength(1);
      expect(await replicaBase.database.query(audit)).toHaveLength(0);
    });

    it("reads the compliance dashboard, the people export and the segment counts on the replica", async () => {
      const dashboard = await admin.request("GET", "/api/reports/compliance?from=2026-03-01&to=2026-03-30");
      expect(dashboard.statusCode, dashboard.body).toBe(200);
      expect(dashboard.json().prospects.total).toBe(3);
      const byTemperature = dashboard.json().prospects.byTemperature as { temperature: string; normal: number }[];
      expect(byTemperature.find((row) => row.temperature === "cold")?.normal).toBe(3);
      expect(byTemperature.find((row) => row.temperature === "hot")?.normal ?? 0).toBe(0);

      const exported = await admin.request("GET", "/api/prospects/export?format=csv");
      expect(exported.statusCode, exported.body).toBe(200);
      expect(exported.body.match(/Replique/g)).toHaveLength(3);
      expect(exported.body).not.toContain("Primaire");
      const audit = "select action from audit_events where action = 'prospect.export'";
      expect(await running.database.query(audit)).toHaveLength(1);
      expect(await replicaBase.database.query(audit)).toHaveLength(0);

      const count = await admin.request("POST", "/api/segments/count", { filter: { kinds: ["prospect"] } });
      expect(count.statusCode, count.body).toBe(200);
      expect(count.json().count).toBe(3);
    });

    it("writes on the primary, and a record re-read after its save comes from the primary", async () => {
      const created = await admin.request(
        "POST",
        "/api/prospects",
        prospectRequest({ firstName: "Khady", lastName: "Nouvelle" }),
      );
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().person.id as string;
      const reread = await admin.request("GET", `/api/prospects/${id}`);
      expect(reread.statusCode, reread.body).toBe(200);
      expect(reread.json().lastName).toBe("Nouvelle");
      expect(await running.database.query("select 1 from people where id = $1", [id])).toHaveLength(1);
      expect(await replicaBase.database.query("select 1 from people where id = $1", [id])).toHaveLength(0);
      // The working lists are not reports: they show the primary.
      const list = await admin.request("GET", "/api/prospects");
      expect(
        list
          .json()
          .items.map((p: { lastName: string }) => p.lastName)
          .sort(),
      ).toEqual(["Nouvelle", "Primaire"]);
    });

    it("shows the replica's reachability in /api/health", async () => {
      const health = await app.inject({ method: "GET", url: "/api/health" });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toMatchObject({
        status: "ok",
        database: { kind: "postgresql" },
        replica: { reachable: true },
      });

      // A replica that cannot be reached: said so, without holding the health check up, and reports fail
      // clearly (503) rather than reading the primary behind the operator's back.
      const gone = new URL(url(replicaBase.database));
      gone.pathname = "/relais_no_such_replica";
      const unreachable = await openReplicaDatabase(gone.toString());
      const services = { ...running, replica: unreachable };
      const down = await buildApp(services);
      try {
        const answer = await down.inject({ method: "GET", url: "/api/health" });
        expect(answer.json().replica).toEqual({ reachable: false });
        const report = await clientFor(down, admin.userId, admin.email, admin.cookie, admin.csrfToken).request(
          "GET",
          "/api/reports/conversion",
        );
        expect(report.statusCode).toBe(503);
        expect(report.json().error).toMatchObject({
          code: "report_replica_unavailable",
          message: expect.stringMatching(/^La base de lecture des rapports \(réplique\) est injoignable/),
        });
        // The front desk's own reads and writes do not need it.
        const desk = clientFor(down, admin.userId, admin.email, admin.cookie, admin.csrfToken);
        expect((await desk.request("GET", "/api/prospects")).statusCode).toBe(200);
      } finally {
        await down.close();
        await unreachable.close();
      }
    });
  });
}
