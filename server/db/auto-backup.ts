import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { TZDate } from "@date-fns/tz";
import { addCalendarDays, clinicDay } from "../clinic-calendar.ts";
import { HOUR_MS, MINUTE_MS, stopwatch } from "../clock.ts";
import type { Services, WorkerMode } from "../context.ts";
import { nodeTimer, type SetTimer } from "../modules/followup/scheduler.ts";
import { readSettings } from "../modules/settings/settings.ts";
import { backupDatabase } from "./backup.ts";
import { selectBackupsToKeep } from "./backup-retention.ts";
import type { Database } from "./client.ts";

/**
 * The embedded base's daily automatic backup (docs/DEPLOYMENT.md « Sauvegardes
 * automatiques »): on PGlite, once a day at RELAIS_BACKUP_TIME (02:30 by default,
 * the clinic's time), the whole base goes to RELAIS_DATA_DIR/backups through the
 * same code as `relais backup`, written under a temporary name and renamed once
 * complete; then the folder is pruned (7 daily, 4 weekly: backup-retention.ts).
 * A backup missed (the machine off at night) is taken soon after the next start;
 * a failed one is logged, shown in /api/health, and tried again within the hour.
 * On PostgreSQL nothing is done here: pg_dump or the provider's backups do it.
 */

export const BACKUP_FOLDER = "backups";
/** How an automatic backup is named: the clinic day it was taken. Other files in the folder are left alone. */
const AUTOMATIC = /^relais-(\d{4}-\d{2}-\d{2})\.relais\.gz$/;
export const automaticBackupName = (day: string) => `relais-${day}.relais.gz`;
/** A missed backup is caught up this long after start (the server is serving by then). */
export const FIRST_CHECK_DELAY_MS = 2 * MINUTE_MS;
/** The scheduler looks at least this often: a failure is tried again, a clock change is noticed. */
export const CHECK_EVERY_MS = HOUR_MS;

export type BackupTime = { hour: number; minute: number };

/** The automatic backups in a folder, by clinic day. */
export function listAutomaticBackups(folder: string): { day: string; file: string }[] {
  let names: string[];
  try {
    names = readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, match: AUTOMATIC.exec(name) }))
    .filter((entry) => entry.match !== null)
    .map(({ name, match }) => ({ day: match?.[1] as string, file: path.join(folder, name) }))
    .sort((a, b) => a.day.localeCompare(b.day));
}

/** The instant of `time` on a clinic day. */
function scheduledOn(day: string, time: BackupTime, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, time.hour, time.minute, timeZone).getTime());
}

/** The latest scheduled instant at or before `now`, and the next one after it. */
export function scheduleAround(now: Date, time: BackupTime, timeZone: string): { latest: Date; next: Date } {
  const today = clinicDay(now, timeZone);
  const todays = scheduledOn(today, time, timeZone);
  const other = (days: number) => scheduledOn(addCalendarDays(today, days), time, timeZone);
  return todays <= now ? { latest: todays, next: other(1) } : { latest: other(-1), next: todays };
}

/** What /api/health shows of the automatic backups: the latest failure, until a backup succeeds. */
const lastFailure = new WeakMap<Database, { at: Date; reason: string }>();

/** The health warning of a failed automatic backup (none once one succeeds again). */
export function backupWarnings(services: Services): { code: string; message: string }[] {
  const failure = lastFailure.get(services.database);
  if (!failure) return [];
  return [
    {
      code: "backup.last_failed",
      message: `La dernière sauvegarde automatique (${failure.at.toISOString()}) a échoué (${failure.reason}) : elle sera retentée dans l'heure. Voir le journal du serveur.`,
    },
  ];
}

/** A failure's reason, without personal data: the error's code, or its type. */
function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === "string") return `code ${code}`;
  return error instanceof Error ? error.name : "erreur inconnue";
}

export interface AutoBackup {
  /** In-process on an embedded base kept in a folder, off otherwise (shown by GET /api/health). */
  mode: WorkerMode;
  stop(): Promise<void>;
}

/**
 * Starts the daily backup of an embedded base kept in a folder; does nothing on
 * PostgreSQL, on an in-memory base, or with RELAIS_BACKUP_TIME=off. The timer is
 * injected so that tests fire the ticks themselves.
 */
export function startAutoBackup(services: Services, options: { timer?: SetTimer } = {}): AutoBackup {
  const { config, database, logger } = services;
  const none: AutoBackup = { mode: "off", stop: async () => {} };
  if (config.database.kind !== "pglite" || database.kind !== "pglite") {
    logger.info("backups: PostgreSQL, no automatic backup by Relais (use pg_dump or the provider's backups)");
    return none;
  }
  const { dataDir } = config.database;
  const time = config.backupTime;
  if (!dataDir || !time) {
    if (!time) logger.info("backups: automatic backups disabled (RELAIS_BACKUP_TIME=off)");
    return none;
  }
  const folder = path.join(dataDir, BACKUP_FOLDER);
  const timer = options.timer ?? nodeTimer;
  let stopped = false;
  let armed: { cancel(): void } | undefined;
  let current: Promise<void> | undefined;

  const tick = async (): Promise<void> => {
    if (stopped) return;
    let delay = CHECK_EVERY_MS;
    current = (async () => {
      try {
        const { settings } = await readSettings(database.db);
        const now = services.clock.now();
        const { latest, next } = scheduleAround(now, time, settings.timeZone);
        delay = Math.min(CHECK_EVERY_MS, Math.max(next.getTime() - now.getTime(), MINUTE_MS));
        const due = clinicDay(latest, settings.timeZone);
        // A file dated after today (the clock was once set ahead) does not count: it would stop every backup.
        const today = clinicDay(now, settings.timeZone);
        const newest = listAutomaticBackups(folder)
          .map((backup) => backup.day)
          .filter((day) => day <= today)
          .at(-1);
        if (newest !== undefined && newest >= due) return;
        await takeAutomaticBackup(services, folder, settings.timeZone);
      } catch (error) {
        lastFailure.set(database, { at: services.clock.now(), reason: reasonOf(error) });
        logger.error({ err: error }, "backups: the automatic backup failed; tried again within the hour");
      }
    })();
    await current;
    current = undefined;
    if (!stopped) armed = timer(tick, delay);
  };
  armed = timer(tick, FIRST_CHECK_DELAY_MS);
  logger.info(
    { folder, at: `${String(time.hour).padStart(2, "0")}:${String(time.minute).padStart(2, "0")}` },
    "backups: daily automatic backup scheduled",
  );
  return {
    mode: "in-process",
    stop: async () => {
      stopped = true;
      armed?.cancel();
      await current;
    },
  };
}

/** Takes today's backup into the folder, then prunes it; returns the file written. */
export async function takeAutomaticBackup(services: Services, folder: string, timeZone: string): Promise<string> {
  const now = services.clock.now();
  const today = clinicDay(now, timeZone);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const elapsed = stopwatch();
  const file = path.join(folder, automaticBackupName(today));
  // backupDatabase writes `<file>.partial` and renames it only once whole.
  const counts = await backupDatabase(services.database, file, now);
  lastFailure.delete(services.database);
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  services.logger.info(
    { file, rows, bytes: statSync(file).size, durationMs: Math.round(elapsed()) },
    "backups: automatic backup written",
  );
  pruneBackups(services, folder, today);
  return file;
}

/** Deletes the automatic backups the retention rule lets go, and the leftovers of interrupted ones. */
function pruneBackups(services: Services, folder: string, today: string): void {
  const backups = listAutomaticBackups(folder);
  const { remove } = selectBackupsToKeep(
    backups.map((b) => b.day),
    today,
  );
  for (const backup of backups.filter((b) => remove.includes(b.day))) rmSync(backup.file, { force: true });
  // A `.partial` file is a backup cut short (the process stopped mid-way): never a good one.
  for (const name of readdirSync(folder)) {
    if (name.endsWith(".relais.gz.partial") && name !== `${automaticBackupName(today)}.partial`) {
      rmSync(path.join(folder, name), { force: true });
    }
  }
  if (remove.length > 0) services.logger.info({ removed: remove }, "backups: older automatic backups removed");
}
