import { describe, expect, it } from "vitest";
import { LOGIN_THROTTLE } from "../../../shared/limits.ts";
import { loginAttempts } from "../../db/schema/index.ts";
import { setupTestApp, TEST_PASSWORD } from "../../test/app.ts";
import { buildUser } from "../../test/factories.ts";
import { forgetCachedSessions, resolveSession } from "./sessions.ts";

const t = setupTestApp();

describe("login", () => {
  it("opens a session with a secure, httpOnly, SameSite cookie and returns the CSRF token", async () => {
    const { app, system } = t.current;
    await buildUser(system, { email: "awa.ndiaye@nest.sn", firstName: "Awa" });
    const response = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "  Awa.Ndiaye@NEST.sn ", password: TEST_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({ email: "awa.ndiaye@nest.sn", firstName: "Awa", role: "reception" });
    expect(body.user).not.toHaveProperty("passwordHash");
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = response.cookies.find((c) => c.name === "relais_session");
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict", path: "/" });
    // The browser keeps it as long as the session may live; the server ends it when idle.
    const maxHours = t.current.services.config.sessionMaxHours;
    expect(cookie?.expires?.getTime()).toBe(t.current.clock.now().getTime() + maxHours * 3_600_000);
  });

  it("refuses a wrong password and an unknown e-mail with the same 401", async () => {
    const { app, system } = t.current;
    await buildUser(system, { email: "fatou.sow@nest.sn" });
    const wrong = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "fatou.sow@nest.sn", password: "pas-le-bon-mot" },
    });
    const unknown = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "personne@nest.sn", password: "pas-le-bon-mot" },
    });
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toEqual({
        code: "invalid_credentials",
        message: "Adresse e-mail ou mot de passe incorrect.",
      });
    }
  });

  it("refuses a disabled account, saying so only to whoever knows the password", async () => {
    const { app, system, signIn } = t.current;
    const admin = await signIn("admin");
    const user = await buildUser(system, { email: "ancienne@nest.sn" });
    const patch = await admin.request("PATCH", `/api/users/${user.id}`, { version: user.version, active: false });
    expect(patch.statusCode).toBe(200);
    const right = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "ancienne@nest.sn", password: TEST_PASSWORD },
    });
    expect(right.statusCode).toBe(403);
    expect(right.json().error.code).toBe("account_disabled");
    const wrong = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "ancienne@nest.sn", password: "mauvais-mot" },
    });
    expect(wrong.statusCode).toBe(401);
  });

  it("backs off one (e-mail, address) pair, with the wait in French, then lets the user in", async () => {
    const { app, system, clock } = t.current;
    await buildUser(system, { email: "cible@nest.sn" });
    const attempt = (password: string) =>
      app.inject({ method: "POST", url: "/api/auth/login", payload: { email: "cible@nest.sn", password } });
    for (let i = 0; i < LOGIN_THROTTLE.freeFailures; i++) {
      expect((await attempt(`essai-${i}`)).statusCode).toBe(401);
    }
    const blocked = await attempt(TEST_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers["retry-after"]).toBe("60");
    expect(blocked.json().error).toEqual({
      code: "too_many_attempts",
      message: "Trop de tentatives. Réessayez dans 1 minute.",
      details: { retryAfterSeconds: 60 },
    });
    // Retrying while refused does not make the wait longer.
    clock.advance(30_000);
    expect((await attempt(TEST_PASSWORD)).headers["retry-after"]).toBe("30");
    clock.advance(30_000);
    // The next failure doubles the wait, then again, up to the ceiling.
    expect((await attempt("encore-faux")).statusCode).toBe(401);
    const twice = await attempt(TEST_PASSWORD);
    expect(twice.headers["retry-after"]).toBe("120");
    expect(twice.json().error.message).toBe("Trop de tentatives. Réessayez dans 2 minutes.");
    clock.advance(120_000);
    expect((await attempt("encore-faux")).statusCode).toBe(401);
    expect((await attempt(TEST_PASSWORD)).headers["retry-after"]).toBe("240");
    clock.advance(240_000);
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
  });

  it("never refuses a correct password because of failures from another address", async () => {
    const { app, system } = t.current;
    await buildUser(system, { email: "admin.cible@nest.sn" });
    const attempt = (password: string, remoteAddress: string) =>
      app.inject({
        method: "POST",
        url: "/api/auth/login",
        remoteAddress,
        payload: { email: "admin.cible@nest.sn", password },
      });
    for (let i = 0; i < LOGIN_THROTTLE.freeFailures + 3; i++) await attempt(`essai-${i}`, "203.0.113.9");
    expect((await attempt(TEST_PASSWORD, "203.0.113.9")).statusCode).toBe(429);
    expect((await attempt(TEST_PASSWORD, "198.51.100.7")).statusCode).toBe(200);
  });

  it("refuses an address over the ceiling, whatever the account, until its failures leave the window", async () => {
    const { app, system, services, clock } = t.current;
    await buildUser(system, { email: "victime@nest.sn" });
    const spray = "192.0.2.66";
    // The ceiling's failures recorded directly: 300 logins would take minutes of argon2.
    await services.database.db.insert(loginAttempts).values(
      Array.from({ length: LOGIN_THROTTLE.maxFailuresPerIp }, (_, i) => ({
        email: `compte-${i}@nest.sn`,
        ip: spray,
        succeeded: false,
        attemptedAt: new Date(clock.now().getTime() - 60_000),
      })),
    );
    const attempt = (remoteAddress: string) =>
      app.inject({
        method: "POST",
        url: "/api/auth/login",
        remoteAddress,
        payload: { email: "victime@nest.sn", password: TEST_PASSWORD },
      });
    const blocked = await attempt(spray);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers["retry-after"]).toBe(String((LOGIN_THROTTLE.ipWindowMinutes - 1) * 60));
    expect(blocked.json().error.message).toBe(
      `Trop de tentatives. Réessayez dans ${LOGIN_THROTTLE.ipWindowMinutes - 1} minutes.`,
    );
    expect((await attempt("198.51.100.8")).statusCode).toBe(200);
    clock.advance((LOGIN_THROTTLE.ipWindowMinutes - 1) * 60_000);
    expect((await attempt(spray)).statusCode).toBe(200);
  });
});

describe("throttling under a burst", () => {
  it("lets no more than the allowed guesses through when they arrive all at once", async () => {
    const { app, system } = t.current;
    await buildUser(system, { email: "rafale@nest.sn" });
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        app.inject({
          method: "POST",
          url: "/api/auth/login",
          payload: { email: "rafale@nest.sn", password: `essai-${i}` },
        }),
      ),
    );
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(LOGIN_THROTTLE.freeFailures);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(12 - LOGIN_THROTTLE.freeFailures);
  });
});

describe("temporary passwords", () => {
  it("allow nothing but changing them, server-side", async () => {
    const { app, system } = t.current;
    await buildUser(system, { email: "provisoire@nest.sn", role: "admin", mustChangePassword: true });
    const login = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "provisoire@nest.sn", password: TEST_PASSWORD },
    });
    const { csrfToken } = login.json();
    const headers = { cookie: `relais_session=${login.cookies[0]?.value}`, "x-csrf-token": csrfToken };
    const users = await app.inject({ method: "GET", url: "/api/users", headers });
    expect([users.statusCode, users.json().error.code]).toEqual([403, "password_change_required"]);
    expect((await app.inject({ method: "GET", url: "/api/auth/me", headers })).json().user.mustChangePassword).toBe(
      true,
    );
    const change = await app.inject({
      method: "POST",
      url: "/api/auth/password",
      headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: "mon-propre-mot-de-passe" },
    });
    expect(change.statusCode).toBe(204);
    expect((await app.inject({ method: "GET", url: "/api/users", headers })).statusCode).toBe(200);
  });
});

describe("sessions", () => {
  it("gives the signed-in user and the CSRF token back on /me, and forgets them after logout", async () => {
    const { signIn } = t.current;
    const client = await signIn("crm_secretary");
    const me = await client.request("GET", "/api/auth/me");
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { email: client.email, role: "crm_secretary" },
      csrfToken: client.csrfToken,
    });
    expect((await client.request("POST", "/api/auth/logout")).statusCode).toBe(204);
    const after = await client.request("GET", "/api/auth/me");
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe("unauthenticated");
  });

  it("expires after the idle time, slides while in use, and says the session expired", async () => {
    const { signIn, clock, services } = t.current;
    const idle = services.config.sessionIdleMinutes * 60_000;
    const client = await signIn("viewer");
    clock.advance(idle - 60_000);
    expect((await client.request("GET", "/api/settings")).statusCode).toBe(200);
    // Used a minute before expiry: the idle period starts again from there.
    clock.advance(idle - 60_000);
    expect((await client.request("GET", "/api/settings")).statusCode).toBe(200);
    clock.advance(idle + 1);
    const expired = await client.request("GET", "/api/settings");
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error).toMatchObject({
      code: "session_expired",
      message: "Votre session a expiré : veuillez vous reconnecter.",
    });
    expect((await client.request("GET", "/api/settings")).json().error.code).toBe("unauthenticated");
  });

  it("honours a session ended by another server instance for 5 seconds at most", async () => {
    const { signIn, clock, services } = t.current;
    const client = await signIn("reception");
    expect((await client.request("GET", "/api/auth/me")).statusCode).toBe(200);
    // Another instance signs the user out: its sessions row goes, this instance still holds it in memory.
    await services.database.query("delete from sessions where user_id = (select id from users where email = $1)", [
      client.email,
    ]);
    clock.advance(4_000);
    expect((await client.request("GET", "/api/auth/me")).statusCode).toBe(200);
    clock.advance(1_001);
    expect((await client.request("GET", "/api/auth/me")).statusCode).toBe(401);
  });

  it("does not cache a session read while a sign-out was being committed", async () => {
    const { signIn, services } = t.current;
    const client = await signIn("reception");
    const token = client.cookie.replace(/^relais_session=/, "");
    // A request has just read the session when the user's sign-out commits and forgets
    // the cache: the driver is wrapped so that the sign-out lands exactly between the two.
    const { driver } = services.database;
    const target = ("pool" in driver ? driver.pool : driver.pglite) as unknown as {
      query: (...args: unknown[]) => Promise<unknown>;
    };
    const original = target.query;
    target.query = async function (this: unknown, ...args: unknown[]) {
      const result = await original.apply(this, args);
      const [first] = args;
      const text = typeof first === "string" ? first : (first as { text?: string }).text;
      if (text?.includes('from "sessions"')) {
        target.query = original;
        await services.database.query("delete from sessions where user_id = $1", [client.userId]);
        forgetCachedSessions(services.database, client.userId);
      }
      return result;
    };
    try {
      expect((await resolveSession(services, token)).state).toBe("valid");
    } finally {
      target.query = original;
    }
    expect((await resolveSession(services, token)).state).toBe("unknown");
  });

  it("refuses a write without the CSRF token of the session", async () => {
    const { signIn } = t.current;
    const admin = await signIn("admin");
    const body = { email: "csrf@nest.sn", firstName: "A", lastName: "B", role: "viewer", password: "motdepasse-long" };
    const missing = await admin.request("POST", "/api/users", body, { "x-csrf-token": "" });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe("csrf_invalid");
    const forged = await admin.request("POST", "/api/users", body, { "x-csrf-token": "x".repeat(32) });
    expect(forged.statusCode).toBe(403);
    expect((await admin.request("POST", "/api/users", body)).statusCode).toBe(201);
  });
});

describe("signing in again", () => {
  it("works over a live or an expired session cookie, without a CSRF token", async () => {
    const { app, signIn, clock, services } = t.current;
    const client = await signIn("reception");
    const again = () =>
      app.inject({
        method: "POST",
        url: "/api/auth/login",
        headers: { cookie: client.cookie },
        payload: { email: client.email, password: TEST_PASSWORD },
      });
    expect((await again()).statusCode).toBe(200);
    clock.advance(services.config.sessionIdleMinutes * 60_000 + 1);
    expect((await again()).statusCode).toBe(200);
  });
});

describe("password change", () => {
  it("checks the current password, then closes the user's other sessions", async () => {
    const { app, signIn } = t.current;
    const first = await signIn("reception");
    const secondLogin = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: first.email, password: TEST_PASSWORD },
    });
    const secondCookie = `relais_session=${secondLogin.cookies.find((c) => c.name === "relais_session")?.value}`;

    const wrong = await first.request("POST", "/api/auth/password", {
      currentPassword: "pas-le-bon",
      newPassword: "trois-baobabs-au-vent",
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.details.issues[0].field).toBe("currentPassword");

    const tooShort = await first.request("POST", "/api/auth/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: "court",
    });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().error.details.issues[0].field).toBe("newPassword");

    const unchanged = await first.request("POST", "/api/auth/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: TEST_PASSWORD,
    });
    expect(unchanged.statusCode).toBe(422);
    expect(unchanged.json().error).toMatchObject({
      code: "password_unchanged",
      details: { issues: [{ field: "newPassword" }] },
    });
    const common = await first.request("POST", "/api/auth/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: "motdepasse2026!",
    });
    expect(common.json().error.code).toBe("password_too_common");

    const ok = await first.request("POST", "/api/auth/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: "trois-baobabs-au-vent",
    });
    expect(ok.statusCode).toBe(204);
    expect((await first.request("GET", "/api/auth/me")).statusCode).toBe(200);
    const other = await app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie: secondCookie } });
    expect(other.statusCode).toBe(401);
    const relogin = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: first.email, password: "trois-baobabs-au-vent" },
    });
    expect(relogin.statusCode).toBe(200);
  });
});
