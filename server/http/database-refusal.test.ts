import { type AddressInfo, createServer } from "node:net";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import Fastify from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "../db/errors.ts";
import { createTestDatabase, type TestDatabase } from "../test/database.ts";
import { databaseRefusal, registerErrorHandler } from "./error-handler.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase({ migrate: false });
});
afterAll(() => test.drop());

/** The error the database itself raises for `query` (PGlite or PostgreSQL, as the suite runs). */
async function refusalOf(query: string) {
  try {
    await test.database.db.execute(sql.raw(query));
  } catch (error) {
    return error;
  }
  throw new Error(`${query} was accepted`);
}

describe("a value the database refuses (SQLSTATE class 22) is told in French by its kind", () => {
  it.each([
    ["do $$ declare v varchar(2) := 'toolong'; begin end $$", "value_too_long"],
    ["select 99999999999::int", "number_out_of_range"],
    ["select '2026-13-45'::date", "date_invalid"],
    ["select 'douze'::int", "value_malformed"],
    ["select 1 / 0", "bad_request"],
  ])("%s → %s", async (query, code) => {
    expect(databaseRefusal(await refusalOf(query))?.code).toBe(code);
  });

  it("answers 400 with the French sentence, never a 500; other errors are not refusals", async () => {
    const app = Fastify();
    registerErrorHandler(app);
    app.get("/refused", async () => test.database.db.execute(sql`select ${"douze"}::int`));
    const response = await app.inject({ method: "GET", url: "/refused" });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toEqual({
      code: "value_malformed",
      message: "Une valeur n'a pas le format attendu (nombre, date ou identifiant).",
    });
    expect(databaseRefusal(await refusalOf("select * from no_such_table"))).toBeNull();
    await app.close();
  });
});

describe("a database out of reach (restarting, down) is a 503 to try again, not a 500", () => {
  it("answers 503 database_unavailable with Retry-After when the server refuses the connection", async () => {
    // A real pool on a port where nothing listens: the driver's own ECONNREFUSED.
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const pool = new pg.Pool({ connectionString: `postgres://relais@127.0.0.1:${closed}/relais` });
    const app = Fastify();
    registerErrorHandler(app);
    app.get("/down", async () => drizzle({ client: pool }).execute(sql`select 1`));
    const response = await app.inject({ method: "GET", url: "/down" });
    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]).toBe("5");
    expect(response.json().error).toEqual({
      code: "database_unavailable",
      message: "La base de données ne répond pas pour le moment : réessayez dans quelques secondes.",
    });
    await app.close();
    await pool.end();
  });

  it("knows the server's shutdown and restart states and the driver's lost connections; not other errors", async () => {
    expect(isDatabaseUnavailable({ code: "57P01" })).toBe(true);
    expect(isDatabaseUnavailable({ code: "57P03" })).toBe(true);
    expect(isDatabaseUnavailable({ code: "08006" })).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable({ message: "wrapped", cause: { code: "ECONNRESET" } })).toBe(true);
    expect(isDatabaseUnavailable(await refusalOf("select * from no_such_table"))).toBe(false);
    expect(isDatabaseUnavailable(await refusalOf("select 'douze'::int"))).toBe(false);
  });
});
