import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll } from "vitest";
import type { Role } from "../../shared/roles.ts";
import { buildApp } from "../app.ts";
import { ManualClock } from "../clock.ts";
import { type Config, loadConfig } from "../config.ts";
import type { Ctx, Services } from "../context.ts";
import { systemActor } from "../context.ts";
import { createLogger } from "../logger.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { buildUser } from "./factories.ts";

export const TEST_PASSWORD = "motdepasse-de-test";

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  clock: ManualClock;
  /** A context acting as Relais itself (admin rights), for arranging data. */
  system: Ctx;
  /** Creates a user of this role and signs in: returns a client carrying its cookie and CSRF token. */
  signIn(role: Role, overrides?: { email?: string }): Promise<Client>;
  close(): Promise<void>;
}

export interface Client {
  userId: string;
  email: string;
  cookie: string;
  csrfToken: string;
  request(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
}

let counter = 0;

/** A Relais app on a fresh database, a manual clock starting at a fixed instant, and sign-in helpers. */
export async function createTestApp(options: { now?: string; config?: Partial<Config> } = {}): Promise<TestApp> {
  const clock = new ManualClock(options.now ?? "2026-03-02T09:00:00Z");
  const testDb: TestDatabase = await createTestDatabase();
  const config: Config = {
    ...loadConfig({}),
    database:
      testDb.database.kind === "pglite" ? { kind: "pglite", dataDir: undefined } : { kind: "postgresql", url: "test" },
    ...options.config,
  };
  const services: Services = {
    database: testDb.database,
    clock,
    config,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? "silent"),
  };
  const app = await buildApp(services);
  const system: Ctx = { ...services, actor: systemActor("test") };

  async function signIn(role: Role, overrides: { email?: string } = {}): Promise<Client> {
    counter += 1;
    const email = overrides.email ?? `${role}.${counter}@nest.sn`;
    const user = await buildUser(system, { email, role, password: TEST_PASSWORD, mustChangePassword: false });
    const response = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email, password: TEST_PASSWORD },
    });
    if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === "relais_session");
    if (!cookie) throw new Error("no session cookie");
    return clientFor(app, user.id, email, `relais_session=${cookie.value}`, response.json().csrfToken);
  }

  return {
    app,
    services,
    clock,
    system,
    signIn,
    close: async () => {
      await app.close();
      await testDb.drop();
    },
  };
}

export function clientFor(
  app: FastifyInstance,
  userId: string,
  email: string,
  cookie: string,
  csrfToken: string,
): Client {
  return {
    userId,
    email,
    cookie,
    csrfToken,
    request: (method, url, body, headers = {}) =>
      app.inject({
        method: method as "GET",
        url,
        headers: { cookie, "x-csrf-token": csrfToken, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}

/** Registers a test app for the file: `const t = setupTestApp()` then `t.current` inside tests. */
export function setupTestApp(options: Parameters<typeof createTestApp>[0] = {}) {
  const holder = {} as { current: TestApp };
  beforeAll(async () => {
    holder.current = await createTestApp(options);
  });
  afterAll(async () => {
    await holder.current?.close();
  });
  return holder;
}
