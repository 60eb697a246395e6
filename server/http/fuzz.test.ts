import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../test/app.ts";

const t = setupTestApp();

const concrete = (url: string, id: string) => url.replaceAll(":id", id);

/** DESIGN §7: no 500 on any malformed input. Random bodies, ids and queries on every route, as an admin. */
describe("fuzzed input", () => {
  it("never gets a 500 from any API route", async () => {
    const admin = await t.current.signIn("admin");
    const routes = t.current.app.routeCatalog.filter(
      (r) => r.url.startsWith("/api/") && !r.url.startsWith("/api/docs") && !r.url.endsWith("/logout"),
    );
    const nasty = fc.constantFrom(
      "\u0000",
      "a\u0000b",
      "0000-01-01T00:00:00Z",
      "9999-99-99",
      "'; drop table users; --",
      "é".repeat(300),
    );
    const body = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(fc.constantFrom("email", "password", "lastName", "name", "currentPassword"), nasty),
      fc.dictionary(
        fc.constantFrom("email", "password", "version", "role", "active", "settings", "name", "firstName"),
        fc.jsonValue(),
      ),
      fc.string().map((s) => ({ raw: s })),
    );
    const id = fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }).map(encodeURIComponent));
    const query = fc.dictionary(
      fc.constantFrom("limit", "before", "from", "to", "actorId", "x"),
      fc.string({ maxLength: 30 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, id, query, async (route, payload, someId, params) => {
        const search = new URLSearchParams(params).toString();
        const url = `${concrete(route.url, someId)}${search ? `?${search}` : ""}`;
        const response = await admin.request(
          route.method,
          url,
          route.method === "GET" ? undefined : JSON.stringify(payload),
          {
            "content-type": "application/json",
          },
        );
        expect(
          response.statusCode,
          `${route.method} ${url} ${JSON.stringify(payload)} → ${response.body}`,
        ).toBeLessThan(500);
        if (String(response.headers["content-type"]).startsWith("application/json")) {
          expect(response.json()).toBeTypeOf("object");
        }
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });
});
