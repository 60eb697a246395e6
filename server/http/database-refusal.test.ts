import { sql } from "drizzle-orm";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
