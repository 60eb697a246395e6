import PgBoss from "pg-boss";
import type { Services, WorkerMode } from "../../context.ts";
import { JOB_STOP_TIMEOUT_MS, nodeTimer, pgBossOptions, type SetTimer } from "../followup/scheduler.ts";
import { readSettings } from "../settings/settings.ts";
import { startInProcess as startSmsLikeTimer } from "../sms/scheduler.ts";
import { runCampaigns } from "./engine.ts";

/**
 * The campaigns' work, every minute: due campaigns start, recipients are handed to the outboxes at the
 * throttled rate, outcomes are settled. pg-boss on PostgreSQL (one run at a time across instances), an
 * in-process timer on PGlite. The unique keys and the batch transactions are the last guard either way.
 */
export const CAMPAIGN_QUEUE = "campaigns-run";

const QUEUE_OPTIONS: PgBoss.Queue = {
  name: CAMPAIGN_QUEUE,
  policy: "stately",
  retryLimit: 0,
  expireInSeconds: 15 * 60,
};

export interface CampaignScheduler {
  mode: WorkerMode;
  stop(): Promise<void>;
}

async function runLogged(services: Services): Promise<void> {
  try {
    const run = await runCampaigns(services);
    if (run.started + run.queued + run.skipped + run.finished > 0) {
      services.logger.info(run, "campaigns: scheduled run done");
    }
  } catch (error) {
    services.logger.error({ err: error }, "campaigns: scheduled run failed");
  }
}

/** Starts the minute's campaign work: pg-boss on PostgreSQL, a timer on PGlite (tests inject it). */
export async function startCampaignScheduler(
  services: Services,
  options: { timer?: SetTimer } = {},
): Promise<CampaignScheduler> {
  const { driver } = services.database;
  const inProcess = () => startSmsLikeTimer(services, options.timer ?? nodeTimer, runLogged);
  if (!("url" in driver)) return inProcess();
  const boss = new PgBoss(pgBossOptions(driver.url));
  boss.on("error", (error) => services.logger.error({ err: error }, "campaigns: job queue error"));
  try {
    await boss.start();
    const { settings } = await readSettings(services.database.db);
    if (!(await boss.getQueue(CAMPAIGN_QUEUE))) await boss.createQueue(CAMPAIGN_QUEUE, QUEUE_OPTIONS).catch(() => {});
    await boss.updateQueue(CAMPAIGN_QUEUE, QUEUE_OPTIONS);
    await boss.schedule(CAMPAIGN_QUEUE, "* * * * *", {}, { tz: settings.timeZone, singletonKey: CAMPAIGN_QUEUE });
    await boss.work(CAMPAIGN_QUEUE, { batchSize: 1, pollingIntervalSeconds: 5 }, async () => runLogged(services));
  } catch (error) {
    services.logger.error({ err: error }, "campaigns: the job queue could not start; run in process here");
    await boss.stop({ graceful: false }).catch(() => {});
    return inProcess();
  }
  services.logger.info("campaigns: scheduled through the job queue, every minute");
  return { mode: "job-queue", stop: () => boss.stop({ graceful: true, timeout: JOB_STOP_TIMEOUT_MS }) };
}
