import type { FastifyBaseLogger } from "fastify";
import { type Clock, systemClock } from "./clock.ts";
import type { Config } from "./config.ts";
import type { Services } from "./context.ts";
import { openDatabase, openReplicaDatabase } from "./db/client.ts";
import { lockDataDir } from "./db/data-dir-lock.ts";
import { migrateDatabase } from "./db/migrate.ts";

export interface Running extends Services {
  /** Closes the database and releases the data folder. */
  shutdown(): Promise<void>;
}

/** Opens the configured database, brings it to the latest migration and assembles the services. */
export async function startServices(
  config: Config,
  logger: FastifyBaseLogger,
  clock: Clock = systemClock,
): Promise<Running> {
  const release =
    config.database.kind === "pglite" && config.database.dataDir ? lockDataDir(config.database.dataDir) : () => {};
  try {
    const database = await openDatabase(config.database);
    await migrateDatabase(database);
    // DATABASE_REPLICA_URL: reports read there (server/db/replica.ts); its pool connects on first use.
    const replica =
      config.database.kind === "postgresql" && config.database.replicaUrl
        ? await openReplicaDatabase(config.database.replicaUrl)
        : undefined;
    return {
      database,
      replica,
      clock,
      config,
      logger,
      shutdown: async () => {
        await replica?.close();
        await database.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
