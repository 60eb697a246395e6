import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, createWriteStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/**
 * The moving parts of the scale-out test, each a real process: a private PostgreSQL cluster
 * (so that it can be stopped without disturbing anyone), Relais instances from the build, and
 * Debian's nginx with deploy/nginx/relais.conf.
 */

const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
const NGINX = process.env.NGINX ?? "/usr/sbin/nginx";
const runningAsRoot = process.getuid?.() === 0;

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: its tools run as the `postgres` user then. */
function pgTool(tool: string, args: string[]): void {
  const command = path.join(PG_BIN, tool);
  if (runningAsRoot) execFileSync("runuser", ["-u", "postgres", "--", command, ...args], { stdio: "pipe" });
  else execFileSync(command, args, { stdio: "pipe" });
}

export interface Cluster {
  url(database: string): string;
  /** pg_ctl stop -m fast: the connections are cut, the server is down until start(). */
  stop(): void;
  start(): void;
  destroy(): void;
}

/** initdb in `dir`, started on a free port (trust authentication, 127.0.0.1 only). */
export async function startCluster(dir: string): Promise<Cluster> {
  const data = path.join(dir, "pgdata");
  const socketDir = path.join(dir, "pgsocket");
  mkdirSync(socketDir, { recursive: true });
  if (runningAsRoot) {
    chownSync(dir, uidOf("postgres"), gidOf("postgres"));
    chownSync(socketDir, uidOf("postgres"), gidOf("postgres"));
  }
  pgTool("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]);
  const port = await freePort();
  const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c max_connections=100`;
  const log = path.join(dir, "postgresql.log");
  const start = () => pgTool("pg_ctl", ["start", "-D", data, "-o", options, "-l", log, "-w", "-t", "30"]);
  start();
  return {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop: () => pgTool("pg_ctl", ["stop", "-D", data, "-m", "fast", "-w"]),
    start,
    destroy: () => {
      try {
        pgTool("pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w"]);
      } catch {
        // Already stopped.
      }
    },
  };
}

function uidOf(user: string): number {
  return Number(execFileSync("id", ["-u", user]).toString().trim());
}
function gidOf(user: string): number {
  return Number(execFileSync("id", ["-g", user]).toString().trim());
}

export interface Instance {
  name: string;
  port: number;
  child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
}

/** `node dist/server/main.js` on `port`, its output appended to `<dir>/<name>.log`. */
export function startInstance(
  root: string,
  dir: string,
  name: string,
  port: number,
  env: Record<string, string>,
): Instance {
  const log = createWriteStream(path.join(dir, `${name}.log`), { flags: "a" });
  const child = spawn(process.execPath, [path.join(root, "dist/server/main.js")], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "?"));
  });
  return { name, port, child, exited };
}

/** Waits until GET /api/health answers 200 on `base` (or throws after `timeoutMs`). */
export async function waitHealthy(base: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(3_000) });
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${base} not healthy after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface ReverseProxy {
  port: number;
  stop(): Promise<void>;
}

/**
 * Debian's nginx on a free port, with the shipped deploy/nginx/relais.conf (its upstream's
 * ports replaced by the instances'), in a main configuration of its own under `dir`.
 */
export async function startNginx(root: string, dir: string, upstreamPorts: number[]): Promise<ReverseProxy> {
  const port = await freePort();
  const shipped = readFileSync(path.join(root, "deploy/nginx/relais.conf"), "utf8");
  // The upstream's `server 127.0.0.1:…` lines become one line per instance, with the same parameters.
  const lines = shipped.split("\n");
  const isServer = (line: string) => /^\s*server 127\.0\.0\.1:\d+ /.test(line);
  const template = lines.find(isServer);
  if (!template) throw new Error("deploy/nginx/relais.conf: no upstream `server 127.0.0.1:…` line");
  const site = lines
    .flatMap((line) => {
      if (line === template) return upstreamPorts.map((p) => line.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${p}`));
      if (isServer(line)) return [];
      if (/^\s*listen \[::\]:80;$/.test(line)) return [];
      if (/^\s*listen 80;$/.test(line)) return [`    listen 127.0.0.1:${port};`];
      return [line];
    })
    .join("\n");
  if (!site.includes(`listen 127.0.0.1:${port};`)) throw new Error("deploy/nginx/relais.conf: no `listen 80;` line");
  const prefix = path.join(dir, "nginx");
  mkdirSync(prefix, { recursive: true });
  writeFileSync(path.join(prefix, "relais.conf"), site);
  writeFileSync(
    path.join(prefix, "nginx.conf"),
    [
      runningAsRoot ? "user root;" : "",
      "worker_processes 1;",
      "daemon off;",
      `pid ${prefix}/nginx.pid;`,
      `error_log ${prefix}/error.log warn;`,
      "events { worker_connections 1024; }",
      "http {",
      `  access_log ${prefix}/access.log;`,
      `  client_body_temp_path ${prefix}/body;`,
      `  proxy_temp_path ${prefix}/proxy;`,
      `  fastcgi_temp_path ${prefix}/fastcgi;`,
      `  uwsgi_temp_path ${prefix}/uwsgi;`,
      `  scgi_temp_path ${prefix}/scgi;`,
      `  include ${prefix}/relais.conf;`,
      "}",
      "",
    ].join("\n"),
  );
  const child = spawn(NGINX, ["-p", prefix, "-c", path.join(prefix, "nginx.conf"), "-e", `${prefix}/error.log`], {
    stdio: "ignore",
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2_000) });
      break;
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`nginx did not start (see ${prefix}/error.log)`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    port,
    stop: async () => {
      child.kill("SIGQUIT");
      await exited;
    },
  };
}
