import { z } from "zod";
import type { Services } from "../../context.ts";
import { backupWarnings } from "../../db/auto-backup.ts";
import { readMigrationLevel } from "../../db/migrate.ts";
import { replicaHealth } from "../../db/replica.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { relaisVersion } from "../../paths.ts";

const healthView = z.object({
  status: z.enum(["ok", "degraded"]),
  version: z.string(),
  database: z.object({
    kind: z.enum(["pglite", "postgresql"]),
    migration: z.string().nullable(),
    migrationsApplied: z.number().int(),
    upToDate: z.boolean(),
  }),
  /** DATABASE_REPLICA_URL (the reports' copy): absent when none is configured. */
  replica: z.object({ reachable: z.boolean() }).optional(),
  /** What an operator should look at without the service being down (the latest follow-up run failed). */
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});

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

export const healthRoutes: RoutesPlugin = (app, services) => {
  typed(app).get(
    "/api/health",
    { config: { access: "public" }, schema: { tags: ["health"], response: { 200: healthView } } },
    async () => {
      const level = await readMigrationLevel(services.database);
      const upToDate = level.current === level.latest;
      return {
        status: upToDate ? ("ok" as const) : ("degraded" as const),
        version: relaisVersion,
        database: {
          kind: services.database.kind,
          migration: level.current,
          migrationsApplied: level.applied,
          upToDate,
        },
        replica: await replicaHealth(services),
        warnings: [...(await followUpWarnings(services)), ...backupWarnings(services)],
      };
    },
  );
};
