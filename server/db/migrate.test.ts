import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startServices } from "../bootstrap.ts";
import { loadConfig } from "../config.ts";
import { createLogger } from "../logger.ts";
import { createTestDatabase, testServerUrl } from "../test/database.ts";
import { openDatabase } from "./client.ts";
import { DataDirLockedError } from "./data-dir-lock.ts";
import { migrateDatabase, readMigrationLevel } from "./migrate.ts";

describe("migrations", () => {
  it("bring an empty base to the latest level, and a second run changes nothing", async () => {
    const { database, drop } = await createTestDatabase({ migrate: false });
    try {
      expect((await readMigrationLevel(database)).current).toBeNull();
      await migrateDatabase(database);
      const level = await readMigrationLevel(database);
      expect(level.current).toBe(level.latest);
      await migrateDatabase(database);
      expect(await readMigrationLevel(database)).toEqual(level);
    } finally {
      await drop();
    }
  });

  it("are applied once when two instances start together on one base", async () => {
    if (testServerUrl) {
      const { database, drop } = await createTestDatabase({ migrate: false });
      if (!("url" in database.driver)) throw new Error("expected PostgreSQL");
      const second = await openDatabase({ kind: "postgresql", url: database.driver.url });
      try {
        await Promise.all([migrateDatabase(database), migrateDatabase(second)]);
        const level = await readMigrationLevel(database);
        expect(level.current).toBe(level.latest);
        const rows = await database.query("select * from drizzle.__drizzle_migrations");
        expect(rows).toHaveLength(level.applied);
      } finally {
        await second.close();
        await drop();
      }
      return;
    }
    // An embedded base belongs to one process: a second one on the same folder is refused.
    const dataDir = mkdtempSync(path.join(tmpdir(), "relais-lock-"));
    const config = { ...loadConfig({}), database: { kind: "pglite" as const, dataDir } };
    const first = await startServices(config, createLogger("silent"));
    try {
      await expect(startServices(config, createLogger("silent"))).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      await first.shutdown();
    }
    const again = await startServices(config, createLogger("silent"));
    await again.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
