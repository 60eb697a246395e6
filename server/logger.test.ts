import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { buildApp } from "./app.ts";
import { ManualClock } from "./clock.ts";
import { loadConfig } from "./config.ts";
import { systemActor } from "./context.ts";
import { createLogger } from "./logger.ts";
import { createTestDatabase } from "./test/database.ts";
import { buildUser } from "./test/factories.ts";

/** The app on a fresh base, its logger at `level` writing into `lines` (one JSON line each). */
async function appLoggingAt(level: "debug" | "info") {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().trim().split("\n"));
      done();
    },
  });
  const base = await createTestDatabase();
  const services = {
    database: base.database,
    clock: new ManualClock("2026-03-02T09:00:00Z"),
    config: loadConfig({}),
    logger: createLogger(level, sink),
  };
  const app = await buildApp(services);
  const drop = async () => {
    await app.close();
    await base.drop();
  };
  return { lines, services, app, drop };
}

describe("logs", () => {
  it("are JSON lines with method, path and status, and no personal data (every request at debug)", async () => {
    const { lines, services, app, drop } = await appLoggingAt("debug");
    try {
      await buildUser(
        { ...services, actor: systemActor() },
        { email: "aminata.fall@nest.sn", password: "secret-tres-long", role: "admin" },
      );
      const login = await app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { email: "aminata.fall@nest.sn", password: "secret-tres-long" },
      });
      const cookie = `relais_session=${login.cookies[0]?.value}`;
      await app.inject({ method: "GET", url: "/api/audit?entityId=771234567", headers: { cookie } });
      await app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { email: "inconnue@nest.sn", password: "x" },
      });
      // The operator's callbacks carry their secret in the address.
      await app.inject({
        method: "POST",
        url: "/api/sms/callbacks/secret-de-l-operateur-42/delivery",
        payload: {},
      });
      // So do the survey links.
      await app.inject({ method: "GET", url: "/s/jeton-d-enquete-secret-0123456789abcdef" });
      // And the unsubscribe and click links of the newsletters.
      await app.inject({ method: "GET", url: "/u/jeton-de-desinscription-secret-0123456789" });

      const entries = lines.map((line) => JSON.parse(line));
      const completed = entries.filter((e) => e.res?.statusCode);
      // One line per request, when it ends, with its time.
      expect(completed.map((e) => e.res.statusCode)).toEqual([200, 200, 401, 404, 404, 404]);
      expect(completed.map((e) => e.level)).toEqual([20, 20, 30, 30, 30, 30]);
      expect(completed.every((e) => typeof e.responseTime === "number")).toBe(true);
      expect(entries.find((e) => e.req?.path?.startsWith("/api/sms/"))).toMatchObject({
        req: { path: "/api/sms/callbacks/…/delivery" },
      });
      expect(entries.find((e) => e.req?.path === "/api/audit")).toMatchObject({
        req: { method: "GET", path: "/api/audit" },
      });
      const text = lines.join("\n");
      for (const secret of [
        "aminata",
        "inconnue",
        "secret-tres-long",
        "771234567",
        login.cookies[0]?.value ?? "?",
        "relais_session",
        "secret-de-l-operateur-42",
        "jeton-d-enquete-secret",
        "jeton-de-desinscription-secret",
      ]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await drop();
    }
  });

  it("at info, write a line for a refused or failed request only", async () => {
    const { lines, app, drop } = await appLoggingAt("info");
    try {
      expect((await app.inject({ method: "GET", url: "/api/health" })).statusCode).toBe(200);
      expect((await app.inject({ method: "GET", url: "/api/lookup?q=ndiaye" })).statusCode).toBe(401);
      const completed = lines.map((line) => JSON.parse(line)).filter((e) => e.res?.statusCode);
      expect(completed).toMatchObject([
        { level: 30, req: { method: "GET", path: "/api/lookup" }, res: { statusCode: 401 } },
      ]);
    } finally {
      await drop();
    }
  });

  it("keep an error's codes but not a database error's query, parameters or detail", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const { database, drop } = await createTestDatabase();
    try {
      await database.db.execute(sql`create temporary table t_secret (name text unique)`);
      await database.db.execute(sql`insert into t_secret values (${"Aminata Fall"})`);
      const failure = await database.db.execute(sql`insert into t_secret values (${"Aminata Fall"})`).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(Error);
      createLogger("info", sink).error({ err: failure }, "job failed");
      const text = lines.join("\n");
      expect(text).toContain("23505");
      expect(text).not.toContain("Aminata");
      expect(text).not.toContain("t_secret");
    } finally {
      await drop();
    }
  });
});
