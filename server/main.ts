import path from "node:path";
import { buildApp } from "./app.ts";
import { startServices } from "./bootstrap.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { systemActor } from "./context.ts";
import { startAutoBackup } from "./db/auto-backup.ts";
import { DataDirLockedError } from "./db/data-dir-lock.ts";
import { demoAccountLines } from "./demo/demo-accounts.ts";
import { seedDemo } from "./demo/seed-demo.ts";
import { createLogger } from "./logger.ts";
import { startCampaignScheduler } from "./modules/campaigns/scheduler.ts";
import { startFollowUpScheduler } from "./modules/followup/scheduler.ts";
import { startOutboxWorker } from "./modules/mail/sender.ts";
import { startSmsScheduler } from "./modules/sms/scheduler.ts";
import { ensureFirstAdmin } from "./modules/users/ensure-first-admin.ts";
import { projectRoot } from "./paths.ts";
import { shutDown } from "./shutdown.ts";

/** `npm start`: migrate, make sure an admin exists, serve the API and the built web app. */
async function main() {
  const config = { ...loadConfig(), webRoot: path.join(projectRoot, "dist/web") };
  const logger = createLogger(config.logLevel);
  const services = await startServices(config, logger);
  const admin = await ensureFirstAdmin(services);
  if (admin) {
    const lines = [
      "",
      "  Premier administrateur créé / first admin account created:",
      `    e-mail       : ${admin.user.email}`,
      admin.password
        ? `    mot de passe : ${admin.password}   (affiché une seule fois : à changer à la première connexion)`
        : "    mot de passe : celui de RELAIS_ADMIN_PASSWORD",
      "",
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  }
  // `npm run demo`: an empty base gets demonstration data (people, histories, rooms, catalogue, appointments, calls); nothing happens otherwise.
  if (process.argv.includes("--demo")) {
    const demo = await seedDemo(
      { ...services, actor: systemActor("démonstration") },
      {
        asOf: services.clock.now(),
        onProgress: (done, total) => {
          if (process.stdout.isTTY) process.stdout.write(`\r  Données de démonstration : ${done}/${total}…`);
        },
      },
    );
    process.stdout.write(`${process.stdout.isTTY && demo.seeded ? "\r" : ""}  ${demo.message}\n`);
    // The staff accounts' generated passwords, printed this once (only their hashes are stored).
    const accounts = demoAccountLines(demo.accounts);
    if (accounts.length > 0) process.stdout.write(`${accounts.join("\n")}\n`);
  }
  const app = await buildApp(services);
  // Emails waiting in the outbox are sent (and retried) every 30 s.
  const outbox = startOutboxWorker(services);
  // The follow-up engine runs by itself every RELAIS_FOLLOWUP_INTERVAL_MINUTES (pg-boss on PostgreSQL).
  const followUp = await startFollowUpScheduler(services);
  // SMS: the reminders falling due are written and the SMS outbox sent, every minute.
  const sms = await startSmsScheduler(services);
  // Campaigns: the scheduled ones start, their recipients go to the outboxes at the throttled rate, every minute.
  const campaigns = await startCampaignScheduler(services);
  // PGlite: the daily backup to RELAIS_DATA_DIR/backups (nothing on PostgreSQL).
  const backups = startAutoBackup(services);
  // GET /api/health shows how each runs here.
  services.workers = {
    outbox: "in-process",
    followUp: followUp.mode,
    sms: sms.mode,
    campaigns: campaigns.mode,
    backups: backups.mode,
  };
  // SIGTERM (systemd, a rolling restart) or Ctrl-C: stop taking requests, finish the running ones, release the jobs.
  const stop = async (signal: NodeJS.Signals) => {
    logger.info({ signal }, "shutdown requested");
    await shutDown({
      app,
      workers: { outbox, followUp, sms, campaigns, backups },
      closeDatabase: services.shutdown,
      logger,
    });
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await app.listen({ port: config.port, host: config.host });
  const where = config.database.kind === "pglite" ? `PGlite (${config.database.dataDir})` : "PostgreSQL";
  process.stdout.write(`\n  Relais est prêt : http://localhost:${config.port}  — base : ${where}\n\n`);
}

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Relais n'a pas pu démarrer : ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
