import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

/** Debian's Chromium, never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export interface RunningServer {
  url: string;
  /** Everything the server printed on stdout (the first admin's password is there). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the built server (`node dist/server/main.js`) as `npm start` does, on a fresh embedded base. */
export async function startServer(
  env: Record<string, string> = {},
  options: { dataDir?: string; keepData?: boolean } = {},
): Promise<RunningServer> {
  if (!existsSync(path.join(root, "dist/server/main.js")) || !existsSync(path.join(root, "dist/web/index.html"))) {
    throw new Error("Build first: npm run build (npm run test:e2e does it).");
  }
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "relais-e2e-"));
  const port = await freePort();
  let output = "";
  // Always the embedded base, even when the suite around runs with DATABASE_URL.
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child: ChildProcess = spawn("node", ["dist/server/main.js"], {
    cwd: root,
    // No automatic follow-up runs: a journey runs the engine when it means to (a test may set the variable).
    env: {
      ...inherited,
      RELAIS_DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: "warn",
      RELAIS_FOLLOWUP_INTERVAL_MINUTES: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk.toString();
  });
  const url = `http://localhost:${port}`;
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`server exited (${code}):\n${output}`));
    child.once("exit", onExit);
    const check = () => {
      if (output.includes("Relais est prêt")) {
        child.off("exit", onExit);
        resolve();
      } else setTimeout(check, 100);
    };
    check();
  });
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Fills the login form and submits it. */
export async function logIn(page: Page, url: string, email: string, password: string) {
  await page.goto(`${url}/login`);
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
}

/** The first admin the journeys' server is started with. */
export const ADMIN = { email: "pilote@nest.sn", password: "phare-mamelles-2026" };

/**
 * Registers the file's hooks: Chromium and a server with `ADMIN` as its first admin, closed after the file.
 * `env` is read when the server starts, so it may use what an earlier `beforeAll` set up (a test SMTP server).
 */
export function setUpBrowserAndServer(env: () => Record<string, string> = () => ({})) {
  let browser: Browser | undefined;
  let server: RunningServer | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({ RELAIS_ADMIN_EMAIL: ADMIN.email, RELAIS_ADMIN_PASSWORD: ADMIN.password, ...env() });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    browser: (): Browser => required(browser, "browser"),
    server: (): RunningServer => required(server, "server"),
  };
}

function required<T>(value: T | undefined, name: string): T {
  if (!value) throw new Error(`The ${name} is not started yet: use it inside a test.`);
  return value;
}

/** The CSRF token of the page's session, for writes through the API as the web app makes them. */
export async function csrfTokenOf(page: Page, serverUrl: string): Promise<string> {
  const me = await page.request.get(`${serverUrl}/api/auth/me`);
  return ((await me.json()) as { csrfToken: string }).csrfToken;
}

/** Creates a prospect through the API with the page's session (a phone call, hot, duplicates accepted). */
export async function createProspectThroughApi(
  page: Page,
  serverUrl: string,
  fields: Record<string, unknown>,
): Promise<{ id: string }> {
  const created = await page.request.post(`${serverUrl}/api/prospects`, {
    headers: { "x-csrf-token": await csrfTokenOf(page, serverUrl) },
    data: { origin: "phone", temperature: "hot", confirmDuplicate: true, ...fields },
  });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { person: { id: string } }).person;
}

/** Creates a patient through the API with the page's session (duplicates accepted). */
export async function createPatientThroughApi(
  page: Page,
  serverUrl: string,
  fields: Record<string, unknown>,
): Promise<{ id: string }> {
  const created = await page.request.post(`${serverUrl}/api/patients`, {
    headers: { "x-csrf-token": await csrfTokenOf(page, serverUrl) },
    data: { confirmDuplicate: true, ...fields },
  });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { person: { id: string } }).person;
}

/**
 * Lets SMS leave at any hour (settings' sending window 00:00–23:59): the browser tests run on the
 * real clock, at whatever time CI runs them.
 */
export async function smsAnyTime(page: Page, serverUrl: string): Promise<void> {
  const current = (await (await page.request.get(`${serverUrl}/api/settings`)).json()) as {
    version: number;
    settings: { sms: Record<string, unknown> };
  };
  const saved = await page.request.put(`${serverUrl}/api/settings`, {
    headers: { "x-csrf-token": await csrfTokenOf(page, serverUrl) },
    data: {
      version: current.version,
      settings: { ...current.settings, sms: { ...current.settings.sms, window: { from: "00:00", until: "23:59" } } },
    },
  });
  expect(saved.status(), await saved.text()).toBe(200);
}
