import type { FastifyBaseLogger, FastifyInstance } from "fastify";

/** How long the requests under way may run on after a stop is asked, before their connections are cut. */
export const DRAIN_MS = 10_000;
/**
 * How long a background worker may take to stop. The pg-boss workers give their job this long
 * minus a margin (`JOB_STOP_TIMEOUT_MS`), then hand it back to the queue as failed.
 */
export const WORKERS_STOP_MS = 20_000;

/** Something running beside the HTTP server that must stop before the database closes. */
export interface Worker {
  stop(): Promise<void>;
}

export interface ShutdownParts {
  app: FastifyInstance;
  /** The schedulers and senders, by name (the log says which one was slow). */
  workers: Record<string, Worker>;
  /** Closes the database (and the PGlite folder's lock). */
  closeDatabase(): Promise<void>;
  logger: FastifyBaseLogger;
  drainMs?: number;
  workersStopMs?: number;
}

export interface ShutdownOutcome {
  /** Requests were still running after `drainMs`: their connections were cut. */
  forcedRequests: boolean;
  /** The workers that had not stopped after `workersStopMs` (left behind, the database closed under them). */
  lateWorkers: string[];
}

/** Resolves with `true` when `work` ends within `ms`, `false` otherwise (the timer never holds the process). */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Graceful shutdown (SIGTERM, SIGINT), in this order:
 * 1. the listener closes at once (a proxy's new connections are refused and go to another instance;
 *    a request on a connection kept open gets 503 « arrêt en cours », see http/draining.ts);
 * 2. the requests under way finish, for `drainMs` at most, then their connections are cut;
 *    meanwhile the workers stop (pg-boss finishes or gives back its job, the timers are cancelled);
 * 3. the database closes.
 * Never throws: a failure of one part is logged and the others still stop.
 */
export async function shutDown(parts: ShutdownParts): Promise<ShutdownOutcome> {
  const { app, logger } = parts;
  const drainMs = parts.drainMs ?? DRAIN_MS;
  const workersStopMs = parts.workersStopMs ?? WORKERS_STOP_MS;
  logger.info({ drainMs }, "shutdown: no new requests; waiting for the ones under way");

  const closing = app.close();
  const drainHttp = async () => {
    const drained = await within(closing, drainMs);
    if (!drained) {
      logger.warn("shutdown: requests still running after the delay; their connections are cut");
      app.server.closeAllConnections();
      await closing;
    }
    return !drained;
  };
  const stopWorker = async ([name, worker]: [string, Worker]) => {
    const stopping = worker.stop().catch((error: unknown) => {
      logger.error({ err: error, worker: name }, "shutdown: a worker failed to stop");
    });
    const stopped = await within(stopping, workersStopMs);
    if (!stopped) logger.warn({ worker: name }, "shutdown: a worker did not stop in time; left behind");
    return stopped ? undefined : name;
  };

  const [forcedRequests, ...workers] = await Promise.all([
    drainHttp().catch((error: unknown) => {
      logger.error({ err: error }, "shutdown: the HTTP server failed to close");
      return true;
    }),
    ...Object.entries(parts.workers).map(stopWorker),
  ]);
  try {
    await parts.closeDatabase();
  } catch (error) {
    logger.error({ err: error }, "shutdown: the database failed to close");
  }
  const lateWorkers = workers.filter((name): name is string => name !== undefined);
  logger.info({ forcedRequests, lateWorkers }, "shutdown: done");
  return { forcedRequests, lateWorkers };
}
