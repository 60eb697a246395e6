import { z } from "zod";
import { readMigrationLevel } from "../../db/migrate.ts";
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
});

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
      };
    },
  );
};
