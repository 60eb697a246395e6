import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCalendarDays } from "../../shared/days.ts";
import { buildApp } from "../app.ts";
import { ManualClock, MINUTE_MS } from "../clock.ts";
import { type Config, loadConfig } from "../config.ts";
import { type Services, systemActor } from "../context.ts";
import { seedDemo } from "../demo/seed-demo.ts";
import { createLogger } from "../logger.ts";
import { createTestDatabase, testServerUrl } from "../test/database.ts";
import { manualTimer } from "../test/manual-timer.ts";
import {
  automaticBackupName,
  BACKUP_FOLDER,
  CHECK_EVERY_MS,
  FIRST_CHECK_DELAY_MS,
  listAutomaticBackups,
  scheduleAround,
  startAutoBackup,
} from "./auto-backup.ts";
import { restoreDatabase } from "./backup.ts";
import { selectBackupsToKeep } from "./backup-retention.ts";
import { type Database, openDatabase } from "./client.ts";
import { migrateDatabase, readMigrationLevel } from "./migrate.ts";

/**
 * The embedded base's daily backup, on PGlite in a real folder whatever the suite's
 * database (automatic backups are PGlite's alone). The scheduler's timer is fired
 * by the test and its clock moved by hand: nothing here waits on the wall clock.
 */

const root = mkdtempSync(path.join(tmpdir(), "relais-auto-backup-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface EmbeddedBase {
  dataDir: string;
  services: Services;
  clock: ManualClock;
  logs: { level: number; msg: string }[];
  backups: () => string[];
}

/** A migrated PGlite base in a folder of its own, with services logging into an array. */
async function embeddedBase(name: string, now: string, overrides: Partial<Config> = {}): Promise<EmbeddedBase> {
  const dataDir = path.join(root, name);
  const database = await openDatabase({ kind: "pglite", dataDir });
  await migrateDatabase(database);
  const clock = new ManualClock(now);
  const logs: { level: number; msg: string }[] = [];
  const services: Services = {
    database,
    clock,
    config: { ...loadConfig({}), database: { kind: "pglite", dataDir }, ...overrides },
    logger: createLogger("info", { write: (line: string) => void logs.push(JSON.parse(line)) }),
  };
  const backups = () => listAutomaticBackups(path.join(dataDir, BACKUP_FOLDER)).map((b) => b.day);
  return { dataDir, services, clock, logs, backups };
}

describe("automatic backup configuration", () => {
  it("reads RELAIS_BACKUP_TIME: 02:30 by default, off for none, an hour HH:MM otherwise", () => {
    expect(loadConfig({}).backupTime).toEqual({ hour: 2, minute: 30 });
    expect(loadConfig({ RELAIS_BACKUP_TIME: "23:05" }).backupTime).toEqual({ hour: 23, minute: 5 });
    expect(loadConfig({ RELAIS_BACKUP_TIME: "off" }).backupTime).toBeNull();
    for (const wrong of ["2:30", "24:00", "02h30", "midi", ""]) {
      expect(() => loadConfig({ RELAIS_BACKUP_TIME: wrong }), wrong).toThrow(
        /RELAIS_BACKUP_TIME : une heure HH:MM \(par exemple 02:30\), ou off/,
      );
    }
  });

  it("places the day's run at the clinic's time, and the next one the day after", () => {
    const time = { hour: 2, minute: 30 };
    expect(scheduleAround(new Date("2026-03-02T10:00:00Z"), time, "Africa/Dakar")).toEqual({
      latest: new Date("2026-03-02T02:30:00Z"),
      next: new Date("2026-03-03T02:30:00Z"),
    });
    expect(scheduleAround(new Date("2026-03-02T02:29:59Z"), time, "Africa/Dakar")).toEqual({
      latest: new Date("2026-03-01T02:30:00Z"),
      next: new Date("2026-03-02T02:30:00Z"),
    });
    expect(scheduleAround(new Date("2026-03-02T02:30:00Z"), time, "Africa/Dakar").latest).toEqual(
      new Date("2026-03-02T02:30:00Z"),
    );
    // Another zone (Paris, summer time starting on 29 March 2026): 02:30 does not exist that night.
    expect(scheduleAround(new Date("2026-03-28T12:00:00Z"), time, "Europe/Paris").next).toEqual(
      new Date("2026-03-29T01:30:00Z"),
    );
  });
});

/** Each table's row count and a checksum of its rows (in a stable order), but the restore's own audit event. */
async function fingerprint(database: Database) {
  const tables = await database.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not in ('sessions', 'login_attempts') order by 1",
  );
  const result: Record<string, { rows: number; md5: string | null }> = {};
  for (const { table_name } of tables) {
    const where = table_name === "audit_events" ? "where t.action <> 'database.restore'" : "";
    const [row] = await database.query<{ rows: number; md5: string | null }>(
      `select count(*)::int as rows, md5(string_agg(t::text, E'\\n' order by t::text collate "C")) as md5 from "${table_name}" t ${where}`,
    );
    result[table_name] = row as { rows: number; md5: string | null };
  }
  return result;
}

describe("daily automatic backup", () => {
  let base: EmbeddedBase;
  beforeAll(async () => {
    base = await embeddedBase("daily", "2026-03-02T10:00:00Z");
    // A base with data in most tables: the demonstration's people, histories, appointments, calls…
    await seedDemo(
      { ...base.services, actor: systemActor("démonstration") },
      {
        asOf: base.clock.now(),
        prospects: 60,
        patients: 30,
      },
    );
  });
  afterAll(() => base.services.database.close());

  it("does nothing on PostgreSQL, on an in-memory base, or when turned off", async () => {
    const { timer, armed } = manualTimer();
    const logs: string[] = [];
    const dataDir = path.join(root, "never");
    // The scheduler decides from the configuration alone.
    const services: Services = {
      ...base.services,
      config: { ...base.services.config, database: { kind: "pglite", dataDir }, backupTime: null },
      logger: createLogger("info", { write: (line: string) => void logs.push(JSON.parse(line).msg) }),
    };
    const disabled = startAutoBackup(services, { timer });
    expect(disabled.mode).toBe("off");
    await disabled.stop();
    expect(logs).toContain("backups: automatic backups disabled (RELAIS_BACKUP_TIME=off)");
    const config = { ...services.config, backupTime: { hour: 2, minute: 30 } };
    const onServer = { ...services, config: { ...config, database: { kind: "postgresql" as const, url: "x" } } };
    await startAutoBackup(onServer, { timer }).stop();
    expect(logs).toContain(
      "backups: PostgreSQL, no automatic backup by Relais (use pg_dump or the provider's backups)",
    );
    const inMemory = { ...services, config: { ...config, database: { kind: "pglite" as const, dataDir: undefined } } };
    await startAutoBackup(inMemory, { timer }).stop();
    expect(armed).toEqual([]);
    expect(existsSync(dataDir)).toBe(false);
  });

  it("catches up a missed backup after start, then takes one a day at 02:30, pruning to 7 daily and 4 weekly", async () => {
    const folder = path.join(base.dataDir, BACKUP_FOLDER);
    // Backups of the two months before, as earlier runs left them, a manual one and a run cut short.
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, "before-upgrade.relais.gz"), "kept: not an automatic backup");
    writeFileSync(path.join(folder, `${automaticBackupName("2026-02-27")}.partial`), "cut short");
    const history: string[] = [];
    for (let day = "2026-01-01"; day < "2026-03-02"; day = addCalendarDays(day, 1)) history.push(day);
    for (const day of history) writeFileSync(path.join(folder, automaticBackupName(day)), "an earlier backup");

    const { timer, armed, fireNext } = manualTimer();
    const scheduler = startAutoBackup(base.services, { timer });
    expect(scheduler.mode).toBe("in-process");
    try {
      // Started at 10:00, today's 02:30 missed (the machine was off): taken at the first check.
      expect(armed[0]?.delayMs).toBe(FIRST_CHECK_DELAY_MS);
      await fireNext(base.clock);
      const { keep } = selectBackupsToKeep([...history, "2026-03-02"], "2026-03-02");
      expect(base.backups()).toEqual(keep);
      expect(keep).toHaveLength(11);
      expect(readdirSync(folder).sort()).toEqual(["before-upgrade.relais.gz", ...keep.map(automaticBackupName)].sort());
      expect(base.logs.map((l) => l.msg)).toContain("backups: automatic backup written");

      // Checks every hour; nothing more today.
      expect(armed.at(-1)?.delayMs).toBe(CHECK_EVERY_MS);
      await fireNext(base.clock);
      expect(base.backups().at(-1)).toBe("2026-03-02");
      expect(armed).toHaveLength(3);

      // The night after: the check before 02:30 is armed for 02:30 sharp, which takes the 3 March backup.
      base.clock.set("2026-03-03T02:00:00Z");
      await armed.at(-1)?.tick();
      expect(base.backups().at(-1)).toBe("2026-03-02");
      expect(armed.at(-1)?.delayMs).toBe(30 * MINUTE_MS);
      await fireNext(base.clock);
      expect(base.clock.now().toISOString()).toBe("2026-03-03T02:30:00.000Z");
      expect(base.backups().at(-1)).toBe("2026-03-03");
      expect(base.backups()).toEqual(selectBackupsToKeep([...history, "2026-03-02", "2026-03-03"], "2026-03-03").keep);
    } finally {
      await scheduler.stop();
    }
    expect(armed.at(-1)?.cancelled).toBe(true);
  });

  it("still takes the day's backup when a file is dated after today (the clock was once set ahead)", async () => {
    const ahead = await embeddedBase("clock-ahead", "2026-03-02T10:00:00Z");
    try {
      const folder = path.join(ahead.dataDir, BACKUP_FOLDER);
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, automaticBackupName("2027-01-15")), "written while the clock was ahead");
      const { timer, fireNext } = manualTimer();
      const scheduler = startAutoBackup(ahead.services, { timer });
      try {
        await fireNext(ahead.clock);
        expect(ahead.backups()).toContain("2026-03-02");
      } finally {
        await scheduler.stop();
      }
    } finally {
      await ahead.services.database.close();
    }
  });

  it("logs a failed backup, warns in /api/health, leaves no file named as a good backup, and tries again", async () => {
    const folder = path.join(base.dataDir, BACKUP_FOLDER);
    base.clock.set("2026-03-04T01:00:00Z");
    // The 4 March backup cannot be put in place: something else holds its name.
    const blocker = path.join(folder, automaticBackupName("2026-03-04"));
    mkdirSync(path.join(blocker, "inside"), { recursive: true });
    const app = await buildApp(base.services);
    const { timer, armed, fireNext } = manualTimer();
    const scheduler = startAutoBackup(base.services, { timer });
    try {
      base.clock.set("2026-03-04T02:28:00Z");
      await fireNext(base.clock); // 02:30
      expect(base.logs.find((l) => l.msg.startsWith("backups: the automatic backup failed"))?.level).toBe(50);
      expect(base.backups().at(-1)).toBe("2026-03-03");
      expect(readdirSync(folder).filter((name) => name.endsWith(".partial"))).toEqual([]);
      const health = (await app.inject({ method: "GET", url: "/api/health" })).json();
      expect(health.status).toBe("degraded");
      expect(health.warnings).toEqual([
        {
          code: "backup.last_failed",
          message: expect.stringMatching(
            /^La dernière sauvegarde automatique \(2026-03-04T02:30:00.000Z\) a échoué \(code E[A-Z]+\) : elle sera retentée dans l'heure/,
          ),
        },
      ]);

      // The cause is gone: the next check, within the hour, takes it and the warning goes.
      rmSync(blocker, { recursive: true });
      expect(armed.at(-1)?.delayMs).toBe(CHECK_EVERY_MS);
      await fireNext(base.clock);
      expect(base.backups().at(-1)).toBe("2026-03-04");
      expect((await app.inject({ method: "GET", url: "/api/health" })).json().warnings).toEqual([]);
    } finally {
      await scheduler.stop();
      await app.close();
    }
  });

  it("gives back an identical base when the latest one is restored into a fresh data folder", async () => {
    const [latest] = listAutomaticBackups(path.join(base.dataDir, BACKUP_FOLDER)).slice(-1);
    expect(latest?.day).toBe("2026-03-04");
    // The base as that backup holds it (nothing was written since).
    const expected = await fingerprint(base.services.database);
    expect(expected.people?.rows).toBeGreaterThanOrEqual(90);
    expect(expected.interactions?.rows).toBeGreaterThan(0);
    expect(expected.appointments?.rows).toBeGreaterThan(0);
    expect(expected.calls?.rows).toBeGreaterThan(0);

    // As docs/DEPLOYMENT.md says: a fresh folder, migrated (`relais migrate`), then `relais restore` of the file.
    const target = path.join(root, "restored");
    let restored = await openDatabase({ kind: "pglite", dataDir: target });
    try {
      await migrateDatabase(restored);
      await restoreDatabase(restored, latest?.file as string, {
        clock: new ManualClock("2026-03-04T08:00:00Z"),
        actor: systemActor("test de restauration"),
      });
      await restored.close();
      // Read back from disk, as the next start would.
      restored = await openDatabase({ kind: "pglite", dataDir: target });
      expect(await readMigrationLevel(restored)).toEqual(await readMigrationLevel(base.services.database));
      expect(await fingerprint(restored)).toEqual(expected);
    } finally {
      await restored.close();
    }
  });

  // Moving to PostgreSQL (docs/DEPLOYMENT.md « Quand passer à PostgreSQL »): the same file into a server's base.
  if (testServerUrl) {
    it("restores the same backup into a PostgreSQL database, identical", async () => {
      const [latest] = listAutomaticBackups(path.join(base.dataDir, BACKUP_FOLDER)).slice(-1);
      const expected = await fingerprint(base.services.database);
      const server = await createTestDatabase();
      try {
        expect(server.database.kind).toBe("postgresql");
        await restoreDatabase(server.database, latest?.file as string, {
          clock: new ManualClock("2026-03-04T08:00:00Z"),
          actor: systemActor("test de restauration"),
        });
        expect(await readMigrationLevel(server.database)).toEqual(await readMigrationLevel(base.services.database));
        expect(await fingerprint(server.database)).toEqual(expected);
      } finally {
        await server.drop();
      }
    });
  }
});
