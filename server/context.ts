import type { FastifyBaseLogger } from "fastify";
import type { Role } from "../shared/roles.ts";
import type { Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import type { Database } from "./db/client.ts";

/** Who is acting: a signed-in user, an integration's API key, or Relais itself (CLI, jobs). */
export type Actor =
  | { type: "user"; id: string; role: Role; label: string; sessionId: string }
  | { type: "api_key"; id: string; role: Role; label: string }
  | { type: "system"; role: "admin"; label: string };

/** How a background worker of this instance runs: through the job queue (pg-boss), a timer in the process, or not. */
export type WorkerMode = "job-queue" | "in-process" | "off";

/** What every use case may use; built once at start and shared by routes, CLI, jobs and tests. */
export interface Services {
  database: Database;
  /** DATABASE_REPLICA_URL: where reports, dashboards and exports read (through `onReplica`, server/db/replica.ts). */
  replica?: Database | undefined;
  clock: Clock;
  config: Config;
  logger: FastifyBaseLogger;
  /** The server's background workers, by name, once started (GET /api/health shows them; absent in the CLI and tests). */
  workers?: Record<string, WorkerMode>;
}

/** A use case's first argument: the services and who asks. */
export interface Ctx extends Services {
  actor: Actor;
}

export const systemActor = (label = "système"): Actor => ({ type: "system", role: "admin", label });
