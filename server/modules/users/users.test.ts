import { describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema/index.ts";
import { setupTestApp, TEST_PASSWORD } from "../../test/app.ts";
import { buildUser } from "../../test/factories.ts";

const t = setupTestApp();

const newUser = (email: string) => ({
  email,
  firstName: "Mariama",
  lastName: "Ba",
  role: "reception",
  password: "baobab-provisoire-7",
});

describe("user administration", () => {
  it("creates a user who must change the temporary password, and audits it without the hash", async () => {
    const admin = await t.current.signIn("admin");
    const response = await admin.request("POST", "/api/users", newUser("Mariama.Ba@nest.sn"));
    expect(response.statusCode).toBe(201);
    const user = response.json();
    expect(user).toMatchObject({
      email: "mariama.ba@nest.sn",
      role: "reception",
      active: true,
      mustChangePassword: true,
    });

    const audit = await admin.request("GET", `/api/audit?entityType=user&entityId=${user.id}`);
    const [event] = audit.json().events;
    expect(event).toMatchObject({ action: "user.create", actorLabel: admin.email, before: null });
    expect(event.after).toMatchObject({ email: "mariama.ba@nest.sn", role: "reception" });
    expect(JSON.stringify(event)).not.toMatch(/argon2|passwordHash|provisoire/);
  });

  it("refuses a second account with the same e-mail, whatever its case (422 on email)", async () => {
    const admin = await t.current.signIn("admin");
    expect((await admin.request("POST", "/api/users", newUser("double@nest.sn"))).statusCode).toBe(201);
    const again = await admin.request("POST", "/api/users", newUser("DOUBLE@nest.sn"));
    expect(again.statusCode).toBe(422);
    expect(again.json().error).toMatchObject({
      code: "email_taken",
      details: { issues: [{ field: "email" }] },
    });
  });

  it("edits on the current version only: a stale edit gets 409 and changes nothing", async () => {
    const admin = await t.current.signIn("admin");
    const user = await buildUser(t.current.system, { email: "versions@nest.sn", role: "viewer" });
    const first = await admin.request("PATCH", `/api/users/${user.id}`, {
      version: user.version,
      role: "crm_secretary",
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ role: "crm_secretary", version: user.version + 1 });
    const stale = await admin.request("PATCH", `/api/users/${user.id}`, { version: user.version, lastName: "Écrasé" });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({
      code: "version_conflict",
      details: { currentVersion: user.version + 1 },
    });
    expect((await admin.request("GET", `/api/users/${user.id}`)).json().lastName).toBe(user.lastName);
  });

  it("deactivating a user ends their sessions at once", async () => {
    const admin = await t.current.signIn("admin");
    const reception = await t.current.signIn("reception");
    const me = await reception.request("GET", "/api/auth/me");
    const { version } = me.json().user;
    const off = await admin.request("PATCH", `/api/users/${reception.userId}`, { version, active: false });
    expect(off.statusCode).toBe(200);
    expect((await reception.request("GET", "/api/settings")).statusCode).toBe(401);
  });

  it("keeps at least one active admin and refuses self-deactivation", async () => {
    const { app, signIn } = t.current;
    const admin = await signIn("admin");
    const me = (await admin.request("GET", "/api/auth/me")).json().user;
    const self = await admin.request("PATCH", `/api/users/${admin.userId}`, { version: me.version, active: false });
    expect(self.statusCode).toBe(422);
    expect(self.json().error.code).toBe("self_deactivation");
    // Demote every other admin, then try to demote the last one.
    const all = (await admin.request("GET", "/api/users")).json() as {
      id: string;
      role: string;
      active: boolean;
      version: number;
    }[];
    for (const other of all.filter((u) => u.role === "admin" && u.active && u.id !== admin.userId)) {
      expect(
        (await admin.request("PATCH", `/api/users/${other.id}`, { version: other.version, role: "viewer" })).statusCode,
      ).toBe(200);
    }
    const demote = await admin.request("PATCH", `/api/users/${admin.userId}`, { version: me.version, role: "viewer" });
    expect(demote.statusCode).toBe(422);
    expect(demote.json().error).toMatchObject({ code: "last_admin", details: { issues: [{ field: "role" }] } });
    expect((await app.inject({ method: "GET", url: "/api/health" })).statusCode).toBe(200);
  });

  it("an admin resets a password: the user is signed out and must change it", async () => {
    const { app, signIn } = t.current;
    const admin = await signIn("admin");
    const user = await signIn("medical_secretary");
    const reset = await admin.request("POST", `/api/users/${user.userId}/reset-password`, {
      password: "temporaire-456",
    });
    expect(reset.statusCode).toBe(204);
    expect((await user.request("GET", "/api/auth/me")).statusCode).toBe(401);
    const old = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(old.statusCode).toBe(401);
    const fresh = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: user.email, password: "temporaire-456" },
    });
    expect(fresh.json().user.mustChangePassword).toBe(true);
  });

  it("refuses a common password or one holding the user's name, on create and on reset (422, French)", async () => {
    const { signIn, system } = t.current;
    const admin = await signIn("admin");
    const common = await admin.request("POST", "/api/users", {
      ...newUser("commun@nest.sn"),
      password: "Azertyuiop2026",
    });
    expect(common.statusCode).toBe(422);
    expect(common.json().error.details.issues).toEqual([
      {
        field: "password",
        location: "body",
        message:
          "Ce mot de passe est trop courant ou trop facile à deviner : choisissez-en un autre, par exemple plusieurs mots sans rapport.",
      },
    ]);
    const named = await admin.request("POST", "/api/users", {
      ...newUser("nomme@nest.sn"),
      password: "mariama-au-marche",
    });
    expect(named.json().error).toMatchObject({
      code: "password_contains_personal",
      details: { issues: [{ field: "password" }] },
    });
    const user = await buildUser(system, { email: "khady.sy@nest.sn", firstName: "Khady", lastName: "Sy" });
    const reset = await admin.request("POST", `/api/users/${user.id}/reset-password`, { password: "khady-2026-nest" });
    expect(reset.statusCode).toBe(422);
    expect(reset.json().error.code).toBe("password_contains_personal");
  });

  it("writes nothing, not even an audit event, when the write is refused", async () => {
    const admin = await t.current.signIn("admin");
    const { db } = t.current.services.database;
    const before = (await db.select().from(auditEvents)).length;
    await admin.request("POST", "/api/users", newUser("unique@nest.sn"));
    const refused = await admin.request("POST", "/api/users", newUser("unique@nest.sn"));
    expect(refused.statusCode).toBe(422);
    expect((await db.select().from(auditEvents)).length).toBe(before + 1);
  });
});

describe("concurrent account creation", () => {
  it("two admins creating the same e-mail at once: one 201, one 422 email_taken, never a 500", async () => {
    const first = await t.current.signIn("admin");
    const second = await t.current.signIn("admin");
    const responses = await Promise.all(
      [first, second].map((admin) => admin.request("POST", "/api/users", newUser("en-meme-temps@nest.sn"))),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 422]);
    expect(responses.find((r) => r.statusCode === 422)?.json().error.code).toBe("email_taken");
  });

  it("refuses a name holding a direction override or a zero-width character, naming the field", async () => {
    const admin = await t.current.signIn("admin");
    const response = await admin.request("POST", "/api/users", {
      ...newUser("invisible@nest.sn"),
      lastName: "B\u202Ea\u200B",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0]).toMatchObject({ field: "lastName", location: "body" });
  });
});
