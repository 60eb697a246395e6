import { z } from "zod";
import type { Services } from "../../context.ts";
import { backupWarnings } from "../../db/auto-backup.ts";
import { readMigrationLevel } from "../../db/migrate.ts";
import { replicaHealth } from "../../db/replica.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { relaisVersion } from "../../paths.ts";

/** The database must answer the health check's reads within this time, or it counts as unreachable. */
export const HEALTH_DATABASE_TIMEOUT_MS = 2_000;

const healthView = z.object({
  /** ok; degraded: serving, but something needs a look (migrations, warnings); unavailable: the database is out of reach (503). */
  status: z.enum(["ok", "degraded", "unavailable"]),
  version: z.string(),
  database: z.object({
    kind: z.enum(["pglite", "postgresql"]),
    reachable: z.boolean(),
    /** Why it is not (in French, without the driver's details). */
    error: z.string().optional(),
    /** The migration level; null while the database cannot be read. */
    migration: z.string().nullable(),
    migrationsApplied: z.number().int().nullable(),
    upToDate: z.boolean().nullable(),
  }),
  /** Scheduled work: pg-boss in the database on PostgreSQL, timers in the process on PGlite. */
  jobs: z.object({
    queue: z.enum(["pg-boss", "none"]),
    /** Whether the queue's tables can be read (null without a queue). */
    reachable: z.boolean().nullable(),
    /** This instance's workers and how each runs (job-queue, in-process, off). */
    workers: z.record(z.string(), z.enum(["job-queue", "in-process", "off"])),
  }),
  /** DATABASE_REPLICA_URL (the reports' copy): absent when none is configured. */
  replica: z.object({ reachable: z.boolean() }).optional(),
  /** What an operator should look at without the service being down (the latest follow-up run failed). */
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
type HealthView = z.infer<typeof healthView>;

/** A warning when the follow-up engine's latest run failed (its error is in GET /api/followup/runs). */
async function followUpWarnings(services: Services) {
  const latest = await services.database.query<{ status: string; started_at: Date | string }>(
    "select status, started_at from follow_up_runs order by started_at desc limit 1",
  );
  const run = latest[0];
  if (run?.status !== "failed") return [];
  return [
    {
      code: "followup.last_run_failed",
      message: `La dernière exécution de la relance automatique (${new Date(run.started_at).toISOString()}) a échoué : voir la page Tâches.`,
    },
  ];
}

class DatabaseTimeout extends Error {}

/** `work`, or a DatabaseTimeout after `ms` (the query may still be running: the pool's own timeouts end it). */
async function timed<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTimeout()), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What the health check reads, under one time limit: `select 1`, the migration level, the latest
 * follow-up run, and whether pg-boss's tables answer. A failure or a timeout is the answer
 * « unreachable », never a 500 nor a hang.
 */
export async function checkHealth(services: Services, timeoutMs = HEALTH_DATABASE_TIMEOUT_MS): Promise<HealthView> {
  const { database } = services;
  const queue = database.kind === "postgresql" ? ("pg-boss" as const) : ("none" as const);
  const workers = services.workers ?? {};
  try {
    const read = async () => {
      await database.query("select 1");
      const level = await readMigrationLevel(database);
      const warnings = await followUpWarnings(services);
      const jobsReachable =
        queue === "pg-boss"
          ? (await database.query<{ ok: boolean }>("select to_regclass('pgboss.job') is not null as ok"))[0]?.ok ===
            true
          : null;
      return { level, warnings, jobsReachable };
    };
    const { level, warnings, jobsReachable } = await timed(read(), timeoutMs);
    const upToDate = level.current === level.latest;
    const allWarnings = [...warnings, ...backupWarnings(services)];
    return {
      // A warning (a failed follow-up run or backup) makes it « degraded », still 200: a monitor watching `status` sees it.
      status: upToDate && allWarnings.length === 0 ? "ok" : "degraded",
      version: relaisVersion,
      database: {
        kind: database.kind,
        reachable: true,
        migration: level.current,
        migrationsApplied: level.applied,
        upToDate,
      },
      jobs: { queue, reachable: jobsReachable, workers },
      replica: await replicaHealth(services),
      warnings: allWarnings,
    };
  } catch (error) {
    services.logger.warn({ err: error }, "health: the database did not answer");
    return {
      status: "unavailable",
      version: relaisVersion,
      database: {
        kind: database.kind,
        reachable: false,
        error:
          error instanceof DatabaseTimeout
            ? `La base de données n'a pas répondu en ${(timeoutMs / 1000).toLocaleString("fr-FR")} s.`
            : "La base de données est injoignable.",
        migration: null,
        migrationsApplied: null,
        upToDate: null,
      },
      // On PostgreSQL the job queue lives in the same database: out of reach with it.
      jobs: { queue, reachable: queue === "pg-boss" ? false : null, workers },
      replica: await replicaHealth(services),
      warnings: backupWarnings(services),
    };
  }
}

export const healthRoutes: RoutesPlugin = (app, services) => {
  typed(app).get(
    "/api/health",
    {
      config: { access: "public" },
      schema: { tags: ["health"], response: { 200: healthView, 503: healthView } },
    },
    async (_request, reply) => {
      const health = await checkHealth(services);
      // A proxy's health check (and nginx's passive one) takes the instance out while its database is unreachable.
      return reply.status(health.status === "unavailable" ? 503 : 200).send(health);
    },
  );
};
