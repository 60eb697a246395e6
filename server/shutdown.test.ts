import { type AddressInfo, connect } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "./app.ts";
import { ManualClock } from "./clock.ts";
import { loadConfig } from "./config.ts";
import type { Services } from "./context.ts";
import { createLogger } from "./logger.ts";
import { shutDown } from "./shutdown.ts";
import { createTestDatabase, type TestDatabase } from "./test/database.ts";

/** A deferred promise: the test decides when the slow request ends, and knows when it started. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

interface Running {
  app: FastifyInstance;
  url: string;
  testDb: TestDatabase;
  closed: { database: boolean; worker: boolean };
  /** The slow route: `entered` opens when the handler runs, the handler answers once `release` is opened. */
  entered: ReturnType<typeof gate>;
  release: ReturnType<typeof gate>;
}

let running: Running | undefined;

/** A real Relais app listening on a free port, with one slow route added for the test. */
async function startServer(): Promise<Running> {
  const testDb = await createTestDatabase();
  const services: Services = {
    database: testDb.database,
    clock: new ManualClock("2026-03-02T09:00:00Z"),
    config: { ...loadConfig({}), database: { kind: "pglite", dataDir: undefined } },
    logger: createLogger("silent"),
  };
  const app = await buildApp(services);
  const entered = gate();
  const release = gate();
  app.get("/api/test/slow", { config: { access: "public" } }, async () => {
    entered.open();
    await release.opened;
    const [row] = await services.database.query<{ answer: number }>("select 42 as answer");
    return { answer: row?.answer };
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  running = {
    app,
    url: `http://127.0.0.1:${port}`,
    testDb,
    closed: { database: false, worker: false },
    entered,
    release,
  };
  return running;
}

function stopParts(server: Running, drainMs: number) {
  return {
    app: server.app,
    workers: {
      sender: {
        stop: async () => {
          server.closed.worker = true;
        },
      },
    },
    closeDatabase: async () => {
      await server.testDb.drop();
      server.closed.database = true;
    },
    logger: createLogger("silent"),
    drainMs,
  };
}

afterEach(async () => {
  running?.release.open();
  if (running && !running.closed.database) {
    await running.app.close();
    await running.testDb.drop();
  }
  running = undefined;
});

describe("graceful shutdown (SIGTERM, SIGINT)", () => {
  it("lets a request under way finish with 200, refuses the new ones, then stops the workers and the database", async () => {
    const server = await startServer();
    // One connection, as a proxy keeps it open: the slow request, then (once the stop is asked) another on it.
    const { port } = server.app.server.address() as AddressInfo;
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk.toString("utf8");
    });
    const ended = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write("GET /api/test/slow HTTP/1.1\r\nHost: relais\r\n\r\n");
    await server.entered.opened;

    const stopping = shutDown(stopParts(server, 10_000));

    // The listener is closed at once: a new connection (a proxy's next request, its health check) is refused.
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
    // A request that still reaches the app on the open connection is refused in French, the connection closed.
    socket.write("GET /api/health HTTP/1.1\r\nHost: relais\r\n\r\n");
    // The database stays open for the request under way.
    expect(server.closed.database).toBe(false);

    server.release.open();
    await ended;
    const [first, second] = received.split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 200 /);
    expect(first).toContain('{"answer":42}');
    expect(second).toMatch(/^HTTP\/1\.1 503 /);
    expect(second?.toLowerCase()).toContain("connection: close");
    expect(second).toContain(
      '{"error":{"code":"shutting_down","message":"Ce serveur s\'arrête (arrêt en cours) : réessayez, une autre instance vous répondra."}}',
    );

    expect(await stopping).toEqual({ forcedRequests: false, lateWorkers: [] });
    expect(server.closed).toEqual({ database: true, worker: true });
  });

  it("cuts a request that outlives the delay, and still closes everything", async () => {
    const server = await startServer();
    const hung = fetch(`${server.url}/api/test/slow`).then(
      (response) => response.status,
      () => "connection cut",
    );
    await server.entered.opened;

    // The handler is never released: the drain delay (short here) runs out.
    const outcome = await shutDown(stopParts(server, 50));

    expect(outcome).toEqual({ forcedRequests: true, lateWorkers: [] });
    expect(await hung).toBe("connection cut");
    expect(server.closed).toEqual({ database: true, worker: true });
  });

  it("does not wait for ever for a worker that does not stop, and closes the database anyway", async () => {
    const server = await startServer();
    const parts = stopParts(server, 10_000);
    const outcome = await shutDown({
      ...parts,
      workers: { ...parts.workers, stuck: { stop: () => new Promise<void>(() => {}) } },
      workersStopMs: 50,
    });
    expect(outcome).toEqual({ forcedRequests: false, lateWorkers: ["stuck"] });
    expect(server.closed).toEqual({ database: true, worker: true });
  });
});
