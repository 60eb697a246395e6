import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../test/app.ts";
import { testServerUrl } from "../../test/database.ts";

const t = setupTestApp();

describe("GET /api/health", () => {
  it("reports the database kind and the migration level", async () => {
    const response = await t.current.app.inject({ method: "GET", url: "/api/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: "ok",
      database: { kind: testServerUrl ? "postgresql" : "pglite", upToDate: true },
      warnings: [],
    });
    expect(response.json().database.migration).toMatch(/^\d{4}_/);
    expect(response.json().database.migrationsApplied).toBeGreaterThanOrEqual(2);
  });
});
