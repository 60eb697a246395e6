import PgBoss from "pg-boss";
import { MINUTE_MS } from "../../clock.ts";
import type { Services, WorkerMode } from "../../context.ts";
import { JOB_STOP_TIMEOUT_MS, nodeTimer, pgBossOptions, type SetTimer } from "../followup/scheduler.ts";
import { readSettings } from "../settings/settings.ts";
import { runSms } from "./sms.ts";

/**
 * The SMS channel's scheduled work, every minute: the reminders falling due are written, the outbox
 * is sent. On PostgreSQL through pg-boss (one job at a time across instances: the "stately" queue);
 * on PGlite an in-process timer. Either way the reminders' unique key and the outbox's claims are the
 * last guard: a run twice, or on two instances, sends nothing twice.
 */
export const SMS_QUEUE = "sms-run";
const SMS_SINGLETON_KEY = "sms-run";

const QUEUE_OPTIONS: PgBoss.Queue = {
  name: SMS_QUEUE,
  policy: "stately",
  // The next minute's run does the same work: a failed one is not retried.
  retryLimit: 0,
  expireInSeconds: 15 * 60,
};

export interface SmsScheduler {
  mode: WorkerMode;
  stop(): Promise<void>;
}

async function runLogged(services: Services): Promise<void> {
  try {
    const run = await runSms(services);
    if (run.queued + run.sent + run.failed + run.toCheck + run.retrying > 0) {
      services.logger.info(run, "sms: scheduled run done");
    }
  } catch (error) {
    services.logger.error({ err: error }, "sms: scheduled run failed");
  }
}

/** Starts the minute's SMS work: pg-boss on PostgreSQL, a timer on PGlite (tests inject it). */
export async function startSmsScheduler(services: Services, options: { timer?: SetTimer } = {}): Promise<SmsScheduler> {
  const { driver } = services.database;
  if (!("url" in driver)) return startInProcess(services, options.timer ?? nodeTimer);
  const boss = new PgBoss(pgBossOptions(driver.url));
  boss.on("error", (error) => services.logger.error({ err: error }, "sms: job queue error"));
  try {
    await boss.start();
    const { settings } = await readSettings(services.database.db);
    if (!(await boss.getQueue(SMS_QUEUE))) await boss.createQueue(SMS_QUEUE, QUEUE_OPTIONS).catch(() => {});
    await boss.updateQueue(SMS_QUEUE, QUEUE_OPTIONS);
    await boss.schedule(SMS_QUEUE, "* * * * *", {}, { tz: settings.timeZone, singletonKey: SMS_SINGLETON_KEY });
    await boss.work(SMS_QUEUE, { batchSize: 1, pollingIntervalSeconds: 5 }, async () => runLogged(services));
  } catch (error) {
    services.logger.error({ err: error }, "sms: the job queue could not start; SMS run in process here");
    await boss.stop({ graceful: false }).catch(() => {});
    return startInProcess(services, options.timer ?? nodeTimer);
  }
  services.logger.info("sms: scheduled through the job queue, every minute");
  return { mode: "job-queue", stop: () => boss.stop({ graceful: true, timeout: JOB_STOP_TIMEOUT_MS }) };
}

/** Every minute in the process, one run at a time (a tick during a run is skipped); `run` defaults to the SMS work. */
export function startInProcess(
  services: Services,
  timer: SetTimer,
  run: (services: Services) => Promise<void> = runLogged,
): SmsScheduler {
  let stopped = false;
  let armed: { cancel(): void } | undefined;
  let current: Promise<void> | undefined;
  const tick = async (): Promise<void> => {
    if (stopped) return;
    armed = timer(tick, MINUTE_MS);
    if (current) return;
    current = run(services).finally(() => {
      current = undefined;
    });
    await current;
  };
  armed = timer(tick, 5_000);
  return {
    mode: "in-process",
    stop: async () => {
      stopped = true;
      armed?.cancel();
      await current;
    },
  };
}
