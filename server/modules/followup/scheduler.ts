import PgBoss from "pg-boss";
import { MINUTE_MS } from "../../clock.ts";
import type { Services, WorkerMode } from "../../context.ts";
import { AppError } from "../../http/errors.ts";
import { runScheduledRetention } from "../data-rights/retention.ts";
import { readSettings } from "../settings/settings.ts";
import { runFailureOf, runFollowUpEngine } from "./engine.ts";

/**
 * Automatic runs of the follow-up engine (DESIGN §6: scheduled work goes through
 * a PostgreSQL-backed job queue so that instances never do the same job twice).
 *
 * On PostgreSQL, pg-boss (schema `pgboss` of the same base) holds a cron
 * schedule; whichever instance's worker takes a job runs the engine, and the
 * queue's "stately" policy keeps at most one job running and one waiting, all
 * instances together. On PGlite (one process owns the base) an in-process
 * timer does the same. Either way the engine's advisory lock is the last guard.
 */

/** The pg-boss queue of engine runs. */
export const FOLLOW_UP_QUEUE = "followup-run";
/** Every job of the queue shares one singleton key, so that the stately policy counts them all together. */
export const FOLLOW_UP_SINGLETON_KEY = "followup-engine";
/** Without a job queue, the first run comes this long after start (the server is listening by then). */
export const FIRST_RUN_DELAY_MS = 5_000;

const QUEUE_OPTIONS: PgBoss.Queue = {
  name: FOLLOW_UP_QUEUE,
  // At most one job active and one waiting: a run never overlaps another, and a slow one does not pile up jobs.
  policy: "stately",
  // A failed run is not retried: the next one is at most one interval away and does the same work (idempotent).
  retryLimit: 0,
  expireInSeconds: 30 * 60,
};

/** What a job asks: the engine as of an instant (default: the clock's now when it runs). */
export interface FollowUpJob {
  asOf?: string;
}

export interface FollowUpScheduler {
  /**
   * How this instance runs the work: through the job queue (pg-boss, PostgreSQL), an in-process
   * timer (PGlite, or pg-boss failed to start), or not at all (configured off, failed).
   */
  mode: WorkerMode;
  stop(): Promise<void>;
}

/**
 * A pg-boss worker's graceful stop gives a job under way this long, then fails it so that the queue
 * hands the work to the next run (under server/shutdown.ts's WORKERS_STOP_MS, so it happens before
 * the database closes).
 */
export const JOB_STOP_TIMEOUT_MS = 15_000;

/** Arms a timer; the in-process scheduler takes it injected so that tests fire the ticks themselves. */
export type SetTimer = (tick: () => Promise<void>, delayMs: number) => { cancel(): void };

/** The real timer: unref'd, it never keeps the process alive. */
export const nodeTimer: SetTimer = (tick, delayMs) => {
  const handle = setTimeout(() => void tick(), delayMs);
  handle.unref();
  return { cancel: () => clearTimeout(handle) };
};

export interface SchedulerOptions {
  /** PGlite: the timer (tests). */
  timer?: SetTimer;
  /** PostgreSQL: how often an idle worker looks for a job (tests shorten it; default 2 s). */
  pollingIntervalSeconds?: number;
}

/**
 * The cron expression of "every N minutes" (N from the configuration: it divides an
 * hour, or a day in whole hours), read in the clinic's time zone.
 */
export function cronOf(minutes: number): string {
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = minutes / 60;
  if (hours === 1) return "0 * * * *";
  if (hours === 24) return "0 0 * * *";
  return `0 */${hours} * * *`;
}

/**
 * Starts the automatic runs the configuration asks for (RELAIS_FOLLOWUP_INTERVAL_MINUTES):
 * pg-boss on PostgreSQL, a timer on PGlite, nothing when it is 0. A failure to start is
 * logged and leaves the server serving (without automatic runs on this instance).
 */
export async function startFollowUpScheduler(
  services: Services,
  options: SchedulerOptions = {},
): Promise<FollowUpScheduler> {
  const minutes = services.config.followUpIntervalMinutes;
  if (minutes === 0) {
    services.logger.info("follow-up: automatic runs disabled (RELAIS_FOLLOWUP_INTERVAL_MINUTES=0)");
    return { mode: "off", stop: async () => {} };
  }
  const { driver } = services.database;
  // PGlite (services.database.kind "pglite"): no connection string, one process owns the base.
  if (!("url" in driver)) {
    return startInProcessScheduler(services, {
      everyMs: minutes * MINUTE_MS,
      firstDelayMs: FIRST_RUN_DELAY_MS,
      timer: options.timer ?? nodeTimer,
    });
  }
  try {
    return await startQueueScheduler(services, driver.url, minutes, options);
  } catch (error) {
    services.logger.error({ err: error }, "follow-up: the job queue could not start; no automatic runs here");
    return { mode: "off", stop: async () => {} };
  }
}

/** Scheduled runs are incremental (records changed since the last run), with a full run every 6 hours. */
const FULL_RUN_EVERY_MS = 6 * 60 * MINUTE_MS;

async function fullRunDue(services: Services): Promise<boolean> {
  const [last] = await services.database.query<{ at: string | Date | null }>(
    // A full run as of a past instant (a replay) does not count.
    "select max(started_at) as at from follow_up_runs where mode = 'full' and status = 'done' and as_of >= started_at - interval '10 minutes'",
  );
  if (!last?.at) return true;
  return services.clock.now().getTime() - new Date(last.at).getTime() >= FULL_RUN_EVERY_MS;
}

/** The retention step (loi 2008-12); idempotent, its failure logged without stopping the follow-up. */
async function runRetentionStep(services: Services): Promise<void> {
  try {
    const run = await runScheduledRetention(services);
    if (run.anonymized > 0) services.logger.info(run, "data rights: prospects past the retention period anonymised");
  } catch (error) {
    services.logger.error({ err: runFailureOf(error) }, "data rights: the retention run failed");
  }
}

/** Runs the engine for the schedule and logs what it did; a failure is logged and thrown again. */
async function runScheduled(services: Services, asOf: Date): Promise<void> {
  try {
    const mode = (await fullRunDue(services)) ? "full" : "incremental";
    const result = await runFollowUpEngine(services.database, services.clock, asOf, { trigger: "schedule", mode });
    // With each full run (every 6 hours, so at least daily): prospects past the retention period are anonymised.
    if (mode === "full") await runRetentionStep(services);
    const total = (key: "created" | "closed") => Object.values(result.counts).reduce((n, c) => n + c[key], 0);
    services.logger.info(
      {
        asOf: result.asOf,
        created: total("created"),
        closed: total("closed"),
        sla: result.sla,
        durationMs: result.durationMs,
      },
      "follow-up: scheduled run done",
    );
  } catch (error) {
    // Short and without personal data: the code and the start of the database's message, never the query.
    const cause = error instanceof AppError && error.cause ? error.cause : runFailureOf(error);
    services.logger.error({ ...(cause as object), asOf: asOf.toISOString() }, "follow-up: scheduled run failed");
    throw error;
  }
}

/** Puts a run in the queue (as of now, or of `asOf`); null when one is already waiting. */
export function sendFollowUpRun(boss: PgBoss, asOf?: Date): Promise<string | null> {
  const data: FollowUpJob = asOf ? { asOf: asOf.toISOString() } : {};
  return boss.send(FOLLOW_UP_QUEUE, data, { singletonKey: FOLLOW_UP_SINGLETON_KEY });
}

/** The job queue's connection settings, on the base Relais uses (pg-boss keeps to its own schema). */
export const pgBossOptions = (url: string): PgBoss.ConstructorOptions => ({
  connectionString: url,
  schema: "pgboss",
  max: 3,
  application_name: "relais-jobs",
});

/** Runs `work` again after a failure (up to `attempts` times in all, a short pause between). */
async function retried(work: () => Promise<void>, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

async function startQueueScheduler(
  services: Services,
  url: string,
  minutes: number,
  options: SchedulerOptions,
): Promise<FollowUpScheduler> {
  const boss = new PgBoss(pgBossOptions(url));
  // An unhandled "error" event would end the process: a lost connection or a failed poll is only logged.
  boss.on("error", (error) => services.logger.error({ err: error }, "follow-up: job queue error"));
  try {
    await boss.start();
    const { settings } = await readSettings(services.database.db);
    // Instances starting together may deadlock in pg-boss's create_queue: the loser tries again and finds the
    // queue. Every step here leaves the same state however often it runs.
    await retried(async () => {
      if (!(await boss.getQueue(FOLLOW_UP_QUEUE))) await boss.createQueue(FOLLOW_UP_QUEUE, QUEUE_OPTIONS);
      // A queue made by an earlier version keeps its options otherwise.
      await boss.updateQueue(FOLLOW_UP_QUEUE, QUEUE_OPTIONS);
      await boss.schedule(
        FOLLOW_UP_QUEUE,
        cronOf(minutes),
        {},
        { tz: settings.timeZone, singletonKey: FOLLOW_UP_SINGLETON_KEY },
      );
    });
    await boss.work<FollowUpJob>(
      FOLLOW_UP_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
      async ([job]) => {
        const asOf = job?.data?.asOf ? new Date(job.data.asOf) : services.clock.now();
        await runScheduled(services, asOf);
      },
    );
    // One run at start-up; instances starting together queue one between them (the others find it waiting).
    await sendFollowUpRun(boss);
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => {});
    throw error;
  }
  services.logger.info({ cron: cronOf(minutes) }, "follow-up: scheduled through the job queue");
  return {
    mode: "job-queue",
    // Graceful: a run under way finishes (or is given up after JOB_STOP_TIMEOUT_MS and left to the next one).
    stop: () => boss.stop({ graceful: true, timeout: JOB_STOP_TIMEOUT_MS }),
  };
}

/**
 * Without a job queue: the engine every `everyMs` (start to start) and once
 * `firstDelayMs` after start, one run at a time in the process: a tick that
 * comes while a run is under way is skipped. Failures are logged; the next tick comes.
 */
export function startInProcessScheduler(
  services: Services,
  options: { everyMs: number; firstDelayMs: number; timer: SetTimer },
): FollowUpScheduler {
  let stopped = false;
  let armed: { cancel(): void } | undefined;
  let current: Promise<void> | undefined;
  const tick = async (): Promise<void> => {
    if (stopped) return;
    armed = options.timer(tick, options.everyMs);
    if (current) {
      services.logger.warn("follow-up: previous run still under way, this one skipped");
      return;
    }
    current = runScheduled(services, services.clock.now())
      .catch(() => {})
      .finally(() => {
        current = undefined;
      });
    await current;
  };
  armed = options.timer(tick, options.firstDelayMs);
  services.logger.info({ everyMinutes: options.everyMs / MINUTE_MS }, "follow-up: scheduled in process");
  return {
    mode: "in-process",
    stop: async () => {
      stopped = true;
      armed?.cancel();
      await current;
    },
  };
}
