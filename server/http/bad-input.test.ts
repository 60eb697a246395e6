import { describe, expect, it } from "vitest";
import { LIMITS } from "../../shared/limits.ts";
import { setupTestApp } from "../test/app.ts";

const t = setupTestApp();

/** Every malformed request gets its precise 4xx and a French message naming the field; never a 500. */
describe("bad input", () => {
  it("malformed JSON → 400 invalid_json", async () => {
    const admin = await t.current.signIn("admin");
    const response = await admin.request("POST", "/api/users", '{"email": "a@b.sn",', {
      "content-type": "application/json",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toEqual({
      code: "invalid_json",
      message: "Le corps de la requête n'est pas un JSON valide.",
    });
  });

  it("oversized body → 413 payload_too_large", async () => {
    const admin = await t.current.signIn("admin");
    const huge = JSON.stringify({ email: "a@b.sn", firstName: "x".repeat(LIMITS.jsonBodyBytes) });
    const response = await admin.request("POST", "/api/users", huge, { "content-type": "application/json" });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe("payload_too_large");
  });

  it("a body that is not JSON → 415 unsupported_media_type", async () => {
    const admin = await t.current.signIn("admin");
    const response = await admin.request("POST", "/api/users", "email=a@b.sn", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe("unsupported_media_type");
  });

  it("unknown fields → 400 naming each of them", async () => {
    const admin = await t.current.signIn("admin");
    const response = await admin.request("POST", "/api/users", {
      email: "inconnu@nest.sn",
      firstName: "Awa",
      lastName: "Diop",
      role: "reception",
      password: "motdepasse-long",
      isAdmin: true,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: "validation_failed",
      message: "Champ « isAdmin » : champ inconnu",
      details: { issues: [{ field: "isAdmin", location: "body", message: "champ inconnu" }] },
    });
  });

  it("wrong types and missing fields → 400 naming the field, in French", async () => {
    const admin = await t.current.signIn("admin");
    const response = await admin.request("POST", "/api/users", {
      email: "pas-un-email",
      firstName: 42,
      role: "chef",
      password: "motdepasse-long",
    });
    expect(response.statusCode).toBe(400);
    const issues = response.json().error.details.issues as { field: string; message: string }[];
    expect(issues.map((i) => i.field).sort()).toEqual(["email", "firstName", "lastName", "role"]);
    expect(issues.find((i) => i.field === "lastName")?.message).toBe("champ obligatoire");
    expect(response.json().error.message).toMatch(/^Champ « (email|firstName|lastName|role) » : /);
  });

  it("a bad query parameter → 400 with location querystring", async () => {
    const admin = await t.current.signIn("admin");
    const response = await admin.request("GET", "/api/audit?limit=abc");
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0]).toMatchObject({ field: "limit", location: "querystring" });
  });

  it("a bad path parameter → 400, an unknown id → 404", async () => {
    const admin = await t.current.signIn("admin");
    const bad = await admin.request("GET", "/api/users/123");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0]).toMatchObject({ field: "id", location: "params" });
    const missing = await admin.request("GET", "/api/users/00000000-0000-4000-8000-000000000000");
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe("not_found");
  });

  it("a NUL character anywhere → 400 naming the field, even on the public login", async () => {
    const { app } = t.current;
    const login = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "a\u0000@nest.sn", password: "x" },
    });
    expect(login.statusCode).toBe(400);
    expect(login.json().error.details.issues[0]).toMatchObject({ field: "email", location: "body" });
    const admin = await t.current.signIn("admin");
    const query = await admin.request("GET", "/api/audit?entityType=%00");
    expect([query.statusCode, query.json().error.details.issues[0].field]).toEqual([400, "entityType"]);
    const nested = await admin.request("PATCH", "/api/users/00000000-0000-4000-8000-000000000000", {
      version: 1,
      lastName: "Diop\u0000",
    });
    expect([nested.statusCode, nested.json().error.details.issues[0].field]).toEqual([400, "lastName"]);
  });

  it("a date out of range → 400, not a database error", async () => {
    const admin = await t.current.signIn("admin");
    const response = await admin.request("GET", "/api/audit?from=0000-01-01T00:00:00Z");
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0].field).toBe("from");
  });

  it("an unknown API address → 404 route_not_found", async () => {
    const response = await t.current.app.inject({ method: "GET", url: "/api/nothing-here" });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe("route_not_found");
  });

  it("a malformed Authorization header or an unknown API key → 401 invalid_api_key", async () => {
    const { app } = t.current;
    for (const authorization of ["Basic abc", "Bearer", "Bearer rls_unknown"]) {
      const response = await app.inject({ method: "GET", url: "/api/settings", headers: { authorization } });
      expect(response.statusCode, authorization).toBe(401);
      expect(response.json().error.code).toBe("invalid_api_key");
    }
  });

  it("serves the OpenAPI document with every API route", async () => {
    const response = await t.current.app.inject({ method: "GET", url: "/api/docs/json" });
    expect(response.statusCode).toBe(200);
    const spec = response.json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(["/api/health", "/api/auth/login", "/api/users/{id}", "/api/settings", "/api/audit"]),
    );
    const page = await t.current.app.inject({ method: "GET", url: "/api/docs/" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
  });

  it("sends security headers and a content security policy", async () => {
    const response = await t.current.app.inject({ method: "GET", url: "/api/health" });
    expect(response.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(response.headers["strict-transport-security"]).toBeUndefined();
    // Refusals and unknown addresses carry them too.
    for (const url of ["/api/people", "/api/nowhere", "/"]) {
      const other = await t.current.app.inject({ method: "GET", url });
      expect(other.headers["content-security-policy"], url).toContain("frame-ancestors 'none'");
      expect(other.headers["x-content-type-options"], url).toBe("nosniff");
    }
  });

  it("a deeply nested body → 400 body_too_deep, even unauthenticated, not a stack overflow", async () => {
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    const response = await t.current.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: `{"email":${deep}}`,
      headers: { "content-type": "application/json" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("body_too_deep");
    expect(response.json().error.message).toMatch(/imbriqué/);
  });

  it("a lone surrogate → 400 naming its field", async () => {
    const admin = await t.current.signIn("admin");
    const response = await admin.request("POST", "/api/prospects", '{"lastName":"Ndiaye","firstName":"A\\ud800b"}', {
      "content-type": "application/json",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0]).toMatchObject({ field: "firstName", location: "body" });
    expect(response.json().error.message).toContain("firstName");
  });

  it("Fastify's router refusals come out in French with our codes", async () => {
    const admin = await t.current.signIn("admin");
    const badUrl = await admin.request("GET", "/api/users/%E0%A4%A");
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().error).toEqual({ code: "url_invalid", message: "L'adresse de la requête est mal formée." });
    const long = await admin.request("GET", `/api/users/${"a".repeat(5000)}`);
    expect(long.statusCode).toBeLessThan(500);
    expect(long.body).not.toContain("FST_");
    const empty = await admin.request("POST", "/api/users", "", { "content-type": "application/json" });
    expect(empty.json().error.code).toBe("invalid_json");
  });
});
