import PgBoss from "pg-boss";
import { describe, expect, it } from "vitest";
import { MINUTE_MS } from "../../clock.ts";
import { ConfigError, loadConfig } from "../../config.ts";
import type { Services } from "../../context.ts";
import { createLogger } from "../../logger.ts";
import { setupTestApp } from "../../test/app.ts";
import { manualTimer } from "../../test/manual-timer.ts";
import {
  cronOf,
  FIRST_RUN_DELAY_MS,
  FOLLOW_UP_QUEUE,
  type FollowUpScheduler,
  pgBossOptions,
  sendFollowUpRun,
  startFollowUpScheduler,
  startInProcessScheduler,
} from "./scheduler.ts";
import { followUpWorld } from "./test-support.ts";

const t = setupTestApp({ now: "2026-03-04T10:00:00Z" });
const w = followUpWorld(t);

/** The services of the test app, logging into an array the test reads. */
function withRecordedLogs(overrides: Partial<Services["config"]> = {}) {
  const logs: { level: number; msg: string }[] = [];
  const services: Services = {
    ...t.current.services,
    config: { ...t.current.services.config, ...overrides },
    logger: createLogger("info", { write: (line: string) => void logs.push(JSON.parse(line)) }),
  };
  return { services, logs, messages: () => logs.map((l) => l.msg) };
}

const runs = () =>
  t.current.services.database.query<{ trigger: string; as_of: Date }>(
    "select trigger, as_of from follow_up_runs order by started_at, as_of",
  );
const runsAsOf = async (iso: string) => (await runs()).filter((r) => new Date(r.as_of).toISOString() === iso);

/** Every task key held more than once: the engine must never make one. */
const duplicateTasks = () =>
  t.current.services.database.query(
    `select rule, source_type, source_id, person_id, count(*)::int as n from follow_up_tasks
     group by 1, 2, 3, 4 having count(*) > 1`,
  );

/** Waits for an event of another connection (a job taken, a run recorded): polls, with a deadline. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`still waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("follow-up scheduler configuration", () => {
  it("reads RELAIS_FOLLOWUP_INTERVAL_MINUTES: 15 by default, 0 to disable, only periods cron keeps exact", () => {
    expect(loadConfig({}).followUpIntervalMinutes).toBe(15);
    expect(loadConfig({ RELAIS_FOLLOWUP_INTERVAL_MINUTES: "0" }).followUpIntervalMinutes).toBe(0);
    expect(loadConfig({ RELAIS_FOLLOWUP_INTERVAL_MINUTES: "120" }).followUpIntervalMinutes).toBe(120);
    for (const wrong of ["7", "-15", "90", "quinze", "2880"]) {
      expect(() => loadConfig({ RELAIS_FOLLOWUP_INTERVAL_MINUTES: wrong }), wrong).toThrow(ConfigError);
    }
    expect(() => loadConfig({ RELAIS_FOLLOWUP_INTERVAL_MINUTES: "7" })).toThrow(
      /RELAIS_FOLLOWUP_INTERVAL_MINUTES : 0 \(aucune exécution automatique\)/,
    );
    expect([1, 15, 30, 60, 180, 720, 1440].map(cronOf)).toEqual([
      "*/1 * * * *",
      "*/15 * * * *",
      "*/30 * * * *",
      "0 * * * *",
      "0 */3 * * *",
      "0 */12 * * *",
      "0 0 * * *",
    ]);
  });

  it("starts nothing when automatic runs are disabled (interval 0)", async () => {
    const { services, messages } = withRecordedLogs({ followUpIntervalMinutes: 0 });
    const { timer, armed } = manualTimer();
    const scheduler = await startFollowUpScheduler(services, { timer });
    await scheduler.stop();
    expect(armed).toEqual([]);
    expect(messages()).toContain("follow-up: automatic runs disabled (RELAIS_FOLLOWUP_INTERVAL_MINUTES=0)");
    const [queue] = await services.database.query<{ schema: string | null }>(
      "select to_regnamespace('pgboss')::text as schema",
    );
    expect(queue?.schema).toBeNull();
    expect(await runs()).toEqual([]);
  });
});

describe("in-process scheduler (the embedded database's)", () => {
  it("runs shortly after start, then every interval, and never twice at once", async () => {
    const prospect = await w.prospect("hot", "2026-03-02T09:00:00Z");
    t.current.clock.set("2026-03-04T10:00:00Z");
    const { services, messages } = withRecordedLogs();
    const { timer, armed, fire } = manualTimer();
    const scheduler = startInProcessScheduler(services, { everyMs: 15 * MINUTE_MS, firstDelayMs: 5_000, timer });
    expect(armed.map((a) => a.delayMs)).toEqual([5_000]);

    const first = fire(0);
    // The next tick comes while the first run is still under way: skipped, not queued.
    await fire(1);
    expect(messages()).toContain("follow-up: previous run still under way, this one skipped");
    await first;
    expect(await runsAsOf("2026-03-04T10:00:00.000Z")).toEqual([
      { trigger: "schedule", as_of: new Date("2026-03-04T10:00:00Z") },
    ]);
    expect((await w.tasks({ personId: prospect.id })).map((task) => task.rule)).toContain("first-response");

    t.current.clock.set("2026-03-04T10:15:00Z");
    await fire(2);
    expect((await runs()).map((r) => new Date(r.as_of).toISOString())).toEqual([
      "2026-03-04T10:00:00.000Z",
      "2026-03-04T10:15:00.000Z",
    ]);
    // Start to start: each tick armed the next one, 15 minutes later.
    expect(armed.map((a) => a.delayMs)).toEqual([5_000, 15 * MINUTE_MS, 15 * MINUTE_MS, 15 * MINUTE_MS]);
    expect(messages().filter((m) => m === "follow-up: scheduled run done")).toHaveLength(2);

    await scheduler.stop();
    expect(armed.at(-1)?.cancelled).toBe(true);
    expect(await duplicateTasks()).toEqual([]);
  });

  it("logs a failed run and goes on; stopping waits for the run under way", async () => {
    const { database } = t.current.services;
    const { services, logs } = withRecordedLogs();
    const { timer, armed, fire } = manualTimer();
    const scheduler = startInProcessScheduler(services, { everyMs: 15 * MINUTE_MS, firstDelayMs: 5_000, timer });
    t.current.clock.set("2026-03-04T11:00:00Z");
    await database.exec("alter table follow_up_runs rename to follow_up_runs_away");
    try {
      await expect(fire(0)).resolves.toBeUndefined();
    } finally {
      await database.exec("alter table follow_up_runs_away rename to follow_up_runs");
    }
    const failure = logs.find((l) => l.msg === "follow-up: scheduled run failed");
    expect(failure).toMatchObject({ level: 50, asOf: "2026-03-04T11:00:00.000Z" });
    // One short line: the database's code and the start of its message, never the query nor its parameters.
    expect(failure).toMatchObject({ code: "42P01" });
    expect(JSON.stringify(failure).length).toBeLessThan(500);
    expect(JSON.stringify(failure)).not.toMatch(/params|select|insert/i);
    expect(await runsAsOf("2026-03-04T11:00:00.000Z")).toEqual([]);

    // The next tick runs again; stop() returns only once that run is recorded, and nothing is armed after it.
    const next = fire(1);
    await scheduler.stop();
    expect(await runsAsOf("2026-03-04T11:00:00.000Z")).toHaveLength(1);
    await next;
    expect(armed).toHaveLength(3);
    expect(armed[2]?.cancelled).toBe(true);
    await armed[2]?.tick();
    expect(armed).toHaveLength(3);
  });
});

describe("startFollowUpScheduler", () => {
  it("runs through the job queue on PostgreSQL (two instances, each job once), through a timer on PGlite", async () => {
    if (t.current.services.database.kind === "postgresql") await checkJobQueue();
    else await checkInProcess();
  });
});

/** PGlite: no job queue; the timer's first tick comes shortly after start, then every configured interval. */
async function checkInProcess() {
  const { services } = withRecordedLogs({ followUpIntervalMinutes: 30 });
  const { timer, armed, fire } = manualTimer();
  const scheduler = await startFollowUpScheduler(services, { timer });
  expect(armed.map((a) => a.delayMs)).toEqual([FIRST_RUN_DELAY_MS]);
  t.current.clock.set("2026-03-05T09:00:00Z");
  await fire(0);
  expect(armed.map((a) => a.delayMs)).toEqual([FIRST_RUN_DELAY_MS, 30 * MINUTE_MS]);
  expect(await runsAsOf("2026-03-05T09:00:00.000Z")).toEqual([
    { trigger: "schedule", as_of: new Date("2026-03-05T09:00:00Z") },
  ]);
  await scheduler.stop();
  expect(armed[1]?.cancelled).toBe(true);
}

/**
 * PostgreSQL: two schedulers on the same base, as two servers would run. Each
 * sends a start-up run; a job sent later is run by exactly one of them.
 */
async function checkJobQueue() {
  const { database } = t.current.services;
  const url = "url" in database.driver ? database.driver.url : "";
  t.current.clock.set("2026-03-05T09:00:00Z");
  const instances = [withRecordedLogs(), withRecordedLogs()];
  const schedulers: FollowUpScheduler[] = [];
  const sender = new PgBoss({ ...pgBossOptions(url), schedule: false, supervise: false });
  sender.on("error", () => {});
  try {
    schedulers.push(
      ...(await Promise.all(
        instances.map(({ services }) => startFollowUpScheduler(services, { pollingIntervalSeconds: 0.5 })),
      )),
    );
    // Both started (pg-boss's queue creation races when instances start together).
    for (const instance of instances)
      expect(instance.messages()).toContain("follow-up: scheduled through the job queue");
    await sender.start();
    const waitingOrActive = async () => {
      const [row] = await database.query<{ n: number }>(
        "select count(*)::int as n from pgboss.job where name = $1 and state in ('created', 'retry', 'active')",
        [FOLLOW_UP_QUEUE],
      );
      return row?.n ?? 0;
    };
    // The start-up run(s): done once the queue is empty again.
    await waitFor("the start-up run", async () =>
      (await runsAsOf("2026-03-05T09:00:00.000Z")).length > 0 && (await waitingOrActive()) === 0 ? true : undefined,
    );
    expect((await runsAsOf("2026-03-05T09:00:00.000Z")).every((r) => r.trigger === "schedule")).toBe(true);

    const [schedule] = await database.query("select name, cron, timezone, options from pgboss.schedule");
    expect(schedule).toEqual({
      name: FOLLOW_UP_QUEUE,
      cron: "*/15 * * * *",
      timezone: "Africa/Dakar",
      options: expect.objectContaining({ singletonKey: "followup-engine" }),
    });
    const [queue] = await database.query("select policy, retry_limit from pgboss.queue where name = $1", [
      FOLLOW_UP_QUEUE,
    ]);
    expect(queue).toEqual({ policy: "stately", retry_limit: 0 });

    // New work for the engine, then one job as of an instant of its own.
    const prospect = await w.prospect("warm", "2026-03-05T10:00:00Z");
    const asOf = new Date("2026-03-09T12:00:00Z");
    const jobId = await waitFor("the job to be queued", async () => (await sendFollowUpRun(sender, asOf)) ?? undefined);
    await waitFor("the job's run", async () =>
      (await runsAsOf(asOf.toISOString())).length > 0 && (await waitingOrActive()) === 0 ? true : undefined,
    );
    expect(await runsAsOf(asOf.toISOString())).toEqual([{ trigger: "schedule", as_of: asOf }]);
    const [job] = await database.query("select state from pgboss.job where id = $1", [jobId]);
    expect(job).toEqual({ state: "completed" });
    expect((await w.tasks({ personId: prospect.id })).map((task) => task.rule).sort()).toEqual([
      "first-response",
      "warm-48h",
    ]);
    expect(await duplicateTasks()).toEqual([]);
    const [made] = await database.query<{ created: number; tasks: number }>(
      `select (select coalesce(sum((c.value->>'created')::int), 0)::int
                 from follow_up_runs r, jsonb_each(r.counts) c) as created,
              (select count(*)::int from follow_up_tasks) as tasks`,
    );
    expect(made?.created).toBe(made?.tasks);
    const done = instances.flatMap((i) => i.messages()).filter((m) => m === "follow-up: scheduled run done");
    expect(done.length).toBe((await runs()).filter((r) => new Date(r.as_of) >= new Date("2026-03-05")).length);

    // A failing run: the job fails, the instance logs it and keeps serving.
    await database.exec("alter table follow_up_runs rename to follow_up_runs_away");
    let failedId: string;
    try {
      failedId = await waitFor(
        "the job to be queued",
        async () => (await sendFollowUpRun(sender, new Date("2026-03-10T12:00:00Z"))) ?? undefined,
      );
      await waitFor("the job to fail", async () => {
        const [row] = await database.query<{ state: string }>("select state from pgboss.job where id = $1", [failedId]);
        return row?.state === "failed" ? true : undefined;
      });
    } finally {
      await database.exec("alter table follow_up_runs_away rename to follow_up_runs");
    }
    expect(instances.flatMap((i) => i.messages())).toContain("follow-up: scheduled run failed");
  } finally {
    await Promise.all(schedulers.map((s) => s.stop()));
    await sender.stop({ graceful: false });
  }
}
