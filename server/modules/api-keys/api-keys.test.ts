import { describe, expect, it } from "vitest";
import { apiKeys } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/app.ts";

const t = setupTestApp();

describe("API keys", () => {
  it("are created once, stored hashed, scoped to their role, and refused once revoked", async () => {
    const { app, signIn, services } = t.current;
    const admin = await signIn("admin");
    const created = await admin.request("POST", "/api/api-keys", { name: "Eyone (DPI)", role: "viewer" });
    expect(created.statusCode).toBe(201);
    const { apiKey, token } = created.json();
    expect(token).toMatch(/^rls_[\w-]{40,}$/);
    expect(apiKey).toMatchObject({
      name: "Eyone (DPI)",
      role: "viewer",
      tokenPrefix: token.slice(0, 10),
      revokedAt: null,
    });

    const stored = await services.database.db.select().from(apiKeys);
    expect(JSON.stringify(stored)).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    // No CSRF token needed: a bearer token is not sent by browsers on their own.
    expect((await app.inject({ method: "GET", url: "/api/settings", headers: bearer })).statusCode).toBe(200);
    const denied = await app.inject({ method: "GET", url: "/api/users", headers: bearer });
    expect([denied.statusCode, denied.json().error.code]).toEqual([403, "forbidden"]);

    const listed = (await admin.request("GET", "/api/api-keys")).json();
    expect(listed[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(token);

    expect((await admin.request("POST", `/api/api-keys/${apiKey.id}/revoke`)).statusCode).toBe(200);
    const revoked = await app.inject({ method: "GET", url: "/api/settings", headers: bearer });
    expect([revoked.statusCode, revoked.json().error.code]).toEqual([401, "invalid_api_key"]);
    const twice = await admin.request("POST", `/api/api-keys/${apiKey.id}/revoke`);
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, "already_revoked"]);
  });

  it("act with their role and appear in the audit log under their name", async () => {
    const { app, signIn } = t.current;
    const admin = await signIn("admin");
    const { token } = (
      await admin.request("POST", "/api/api-keys", { name: "Intégration admin", role: "admin" })
    ).json();
    const created = await app.inject({
      method: "POST",
      url: "/api/users",
      headers: { authorization: `Bearer ${token}` },
      payload: {
        email: "via-cle@nest.sn",
        firstName: "Khady",
        lastName: "Fall",
        role: "viewer",
        password: "baobab-provisoire-7",
      },
    });
    expect(created.statusCode).toBe(201);
    const audit = (await admin.request("GET", `/api/audit?action=user.create&entityId=${created.json().id}`)).json();
    expect(audit.events[0]).toMatchObject({ actorType: "api_key", actorLabel: "clé d'API « Intégration admin »" });
  });
});
