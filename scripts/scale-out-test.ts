/**
 * `npm run test:scale-out` (CI, after the PostgreSQL suite): two Relais instances behind nginx on
 * one PostgreSQL, 50 clients of mixed reads and writes for 60 s; one instance is SIGKILLed and
 * restarted at ~20 s, PostgreSQL stopped and started again at ~40 s. Then: every acknowledged
 * write is in the base, nothing twice (records, tasks, e-mails, SMS; the e-mails and SMS counted as
 * received by a local SMTP server and SMS gateway), errors only around the two
 * incidents, both instances back by themselves, /api/health honest during the outage, and both
 * stop cleanly on SIGTERM. Prints a summary; exits 1 on any failed check.
 *
 * Needs Debian's PostgreSQL 15 binaries (initdb, pg_ctl: a private cluster in a temp folder, so
 * the shared server is never touched) and nginx; builds the server when dist/ is missing.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { addCalendarDays, clinicDay } from "../server/clinic-calendar.ts";
import { systemClock } from "../server/clock.ts";
import { loadConfig } from "../server/config.ts";
import { systemActor } from "../server/context.ts";
import { openDatabase } from "../server/db/client.ts";
import { createLogger } from "../server/logger.ts";
import { uploadDocument } from "../server/modules/documents/documents.ts";
import { startTestSmtp, type TestSmtp } from "../server/modules/mail/test-smtp.ts";
import { readSettings, updateSettings } from "../server/modules/settings/settings.ts";
import { clinicInstant } from "../server/modules/sms/window.ts";
import { createUser } from "../server/modules/users/create-user.ts";
import { emailOf, type Outcome, quantile, runLoad, WRITES } from "./scale-out/load.ts";
import {
  type Cluster,
  freePort,
  type Instance,
  type ReverseProxy,
  startCluster,
  startInstance,
  startNginx,
  waitHealthy,
} from "./scale-out/processes.ts";

const root = path.resolve(import.meta.dirname, "..");
const CLIENTS = Number(process.env.SCALE_OUT_CLIENTS ?? 50);
const DURATION_MS = Number(process.env.SCALE_OUT_DURATION_S ?? 60) * 1000;
const KILL_AT_MS = DURATION_MS / 3;
const DATABASE_DOWN_AT_MS = (DURATION_MS * 2) / 3;
/** PostgreSQL stays down this long, so that the health checks are seen reporting it. */
const DATABASE_DOWN_MS = 3_000;
/** Errors are allowed from an incident to this long after it ended (the pools reconnect, nginx retries). */
const GRACE_S = 5;
const PASSWORD = "scale-out-test-password";

const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  process.stdout.write(`  ${ok ? "ok  " : "FAIL"} ${what}\n`);
  if (!ok) failures.push(what);
};
const say = (text: string) => process.stdout.write(`${text}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface HealthSample {
  instance: string;
  at: number;
  status: number;
  databaseReachable?: boolean;
  jobsReachable?: boolean | null;
}

/** Polls both instances' /api/health directly (not through nginx) every 250 ms until `stop` is set. */
function pollHealth(instances: () => Instance[], startedAt: number, samples: HealthSample[], stop: { done: boolean }) {
  return (async () => {
    while (!stop.done) {
      await Promise.all(
        instances().map(async (instance) => {
          const at = (Date.now() - startedAt) / 1000;
          try {
            const response = await fetch(`http://127.0.0.1:${instance.port}/api/health`, {
              signal: AbortSignal.timeout(4_000),
            });
            const body = (await response.json()) as {
              database?: { reachable?: boolean };
              jobs?: { reachable?: boolean | null };
            };
            samples.push({
              instance: instance.name,
              at,
              status: response.status,
              databaseReachable: body.database?.reachable,
              jobsReachable: body.jobs?.reachable,
            });
          } catch {
            samples.push({ instance: instance.name, at, status: 0 });
          }
        }),
      );
      await sleep(250);
    }
  })();
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "relais-scale-out-"));
  let cluster: Cluster | undefined;
  let proxy: ReverseProxy | undefined;
  let smtp: TestSmtp | undefined;
  let gateway: SmsGateway | undefined;
  const instances: Instance[] = [];
  let finished = false;
  try {
    if (!existsSync(path.join(root, "dist/server/main.js"))) {
      say("Building the server (npm run build:server)…");
      execFileSync("npm", ["run", "build:server"], { cwd: root, stdio: "inherit" });
    }
    say(`Private PostgreSQL cluster in ${dir}…`);
    cluster = await startCluster(dir);
    const admin = new pg.Client({ connectionString: cluster.url("postgres") });
    await admin.connect();
    await admin.query("create database relais");
    await admin.end();
    const databaseUrl = cluster.url("relais");

    say("relais migrate (once, before the instances)…");
    execFileSync(process.execPath, [path.join(root, "bin/relais.js"), "migrate"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" },
      stdio: "inherit",
    });

    // One receptionist account per client, made by the use case the API calls: logins are throttled per
    // (e-mail, address) pair, and 50 clients behind one proxy address share the address.
    const { accounts, documentId, appointmentStartsAt } = await prepare(databaseUrl, CLIENTS);
    // Where the instances' e-mails and SMS really go: an SMTP server and an SMS gateway (SMS_PROVIDER=http) here.
    smtp = await startTestSmtp();
    gateway = await startSmsGateway();

    const env = {
      DATABASE_URL: databaseUrl,
      RELAIS_ADMIN_EMAIL: "admin@nest.sn",
      RELAIS_ADMIN_PASSWORD: PASSWORD,
      RELAIS_COOKIE_SECURE: "false",
      RELAIS_TRUST_PROXY: "true",
      // The follow-up engine every minute: runs during the test, on either instance, never both at once.
      RELAIS_FOLLOWUP_INTERVAL_MINUTES: "1",
      // The outbox worker (every 30 s, and right after each request) sends here.
      SMTP_URL: smtp.url,
      // The SMS run (every minute, through pg-boss) sends the reminders to the gateway, quickly.
      SMS_PROVIDER: "http",
      SMS_HTTP_URL: gateway.url,
      RELAIS_SMS_RATE_PER_SECOND: "200",
      LOG_LEVEL: "warn",
    };
    const ports = [await freePort(), await freePort()];
    // One after the other: the first makes the administrator account.
    for (const [i, port] of ports.entries()) {
      const instance = startInstance(root, dir, `instance-${i + 1}`, port, env);
      instances.push(instance);
      await waitHealthy(`http://127.0.0.1:${port}`, 60_000);
    }
    proxy = await startNginx(root, dir, ports);
    const base = `http://127.0.0.1:${proxy.port}`;
    say(`Instances on ${ports.join(", ")}, nginx on ${proxy.port}; ${CLIENTS} clients for ${DURATION_MS / 1000} s.`);

    const runId = Date.now().toString(36);
    const startedAt = Date.now();
    const seconds = () => (Date.now() - startedAt) / 1000;
    const samples: HealthSample[] = [];
    const polling = { done: false };
    const poller = pollHealth(() => instances, startedAt, samples, polling);
    const events: { kill?: number; restarted?: number; down?: number; up?: number } = {};

    const incidents = (async () => {
      await sleep(KILL_AT_MS);
      const victim = instances[0];
      if (!victim) return;
      events.kill = seconds();
      victim.child.kill("SIGKILL");
      await victim.exited;
      say(`  ${events.kill.toFixed(1)} s: instance-1 killed (SIGKILL), restarting it`);
      instances[0] = startInstance(root, dir, "instance-1", victim.port, env);
      await waitHealthy(`http://127.0.0.1:${victim.port}`, 60_000);
      events.restarted = seconds();
      say(`  ${events.restarted.toFixed(1)} s: instance-1 healthy again`);

      await sleep(Math.max(0, startedAt + DATABASE_DOWN_AT_MS - Date.now()));
      events.down = seconds();
      cluster?.stop();
      say(`  ${events.down.toFixed(1)} s: PostgreSQL stopped (pg_ctl stop -m fast)`);
      await sleep(DATABASE_DOWN_MS);
      cluster?.start();
      events.up = seconds();
      say(`  ${events.up.toFixed(1)} s: PostgreSQL started again`);
    })();

    const outcomes = await runLoad(
      {
        base,
        clients: CLIENTS,
        durationMs: DURATION_MS,
        accounts,
        password: PASSWORD,
        runId,
        thinkMs: 20,
        appointmentStartsAt,
        documentId,
      },
      startedAt,
    );
    await incidents;

    // Both instances back by themselves (nobody restarts them after the database came back).
    let reconnected = true;
    for (const instance of instances) {
      try {
        await waitHealthy(`http://127.0.0.1:${instance.port}`, 30_000);
      } catch {
        reconnected = false;
      }
    }
    polling.done = true;
    await poller;

    await report(outcomes, events, samples);
    check(reconnected, "both instances answer /api/health 200 after the outage, without a restart");

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await waitForReminders(db, runId);
      await checkBase(db, outcomes, runId);
    } finally {
      await db.end();
    }

    // A graceful stop: SIGTERM, exit 0 (jobs given back, database closed).
    const exits = await Promise.all(
      instances.map(async (instance) => {
        instance.child.kill("SIGTERM");
        return Promise.race([instance.exited, sleep(40_000).then(() => "still running after 40 s")]);
      }),
    );
    check(
      exits.every((code) => code === 0),
      `both instances stop on SIGTERM with exit code 0 (${exits.join(", ")})`,
    );

    // Stopped, nothing is being sent any more: what the SMTP server and the gateway received is final.
    const messages = new pg.Client({ connectionString: databaseUrl });
    await messages.connect();
    try {
      await checkMessages(messages, outcomes, runId, smtp, gateway);
    } finally {
      await messages.end();
    }
    finished = true;
  } finally {
    for (const instance of instances) if (instance.child.exitCode === null) instance.child.kill("SIGKILL");
    await proxy?.stop().catch(() => {});
    await smtp?.close().catch(() => {});
    await gateway?.close().catch(() => {});
    cluster?.destroy();
    if ((finished && failures.length === 0) || process.env.SCALE_OUT_KEEP !== "true") {
      rmSync(dir, { recursive: true, force: true });
    } else say(`Logs kept in ${dir}`);
  }
}

/**
 * `count` reception accounts (password PASSWORD, not to be changed at the first sign-in); a document in the
 * library for the documentation e-mails; the SMS settings so that an appointment of tomorrow is reminded at
 * once, whatever the hour of the run: reminders the day before from midnight, SMS leaving all day long.
 */
async function prepare(databaseUrl: string, count: number) {
  const database = await openDatabase({ kind: "postgresql", url: databaseUrl });
  const ctx = {
    database,
    clock: systemClock,
    config: loadConfig({ DATABASE_URL: databaseUrl }),
    logger: createLogger("silent"),
    actor: systemActor("test de montée en charge"),
  };
  try {
    const emails = Array.from({ length: count }, (_, i) => `accueil.${i + 1}@nest.sn`);
    for (const [i, email] of emails.entries()) {
      await createUser(
        ctx,
        { email, firstName: "Accueil", lastName: `Poste ${i + 1}`, role: "reception", password: PASSWORD },
        { mustChangePassword: false },
      );
    }
    const document = await uploadDocument(ctx, {
      name: "Plaquette",
      file: { fileName: "plaquette.pdf", content: Buffer.from("%PDF-1.4\n% scale-out test\n%%EOF\n") },
    });
    const { version, settings } = await readSettings(database.db);
    await updateSettings(ctx, {
      version,
      settings: {
        ...settings,
        sms: {
          ...settings.sms,
          window: { from: "00:00", until: "23:59" },
          reminderOffsets: [{ daysBefore: 1, at: "00:00" }],
        },
      },
    });
    const tomorrow = addCalendarDays(clinicDay(new Date(), settings.timeZone), 1);
    return {
      accounts: emails,
      documentId: document.id,
      appointmentStartsAt: clinicInstant(tomorrow, "12:00", settings.timeZone).toISOString(),
    };
  } finally {
    await database.close();
  }
}

/** Requests by operation, errors by window, latencies; the error windows checked. */
async function report(
  outcomes: Outcome[],
  events: { kill?: number; restarted?: number; down?: number; up?: number },
  samples: HealthSample[],
) {
  const ok = outcomes.filter((o) => o.status >= 200 && o.status < 300);
  const latencies = ok.map((o) => (o.endedAt - o.sentAt) * 1000);
  say("");
  say(
    `Requests: ${outcomes.length} (${ok.length} answered 2xx), ${(outcomes.length / (DURATION_MS / 1000)).toFixed(0)}/s`,
  );
  say(
    `Latency of the 2xx: p50 ${quantile(latencies, 0.5).toFixed(0)} ms, p95 ${quantile(latencies, 0.95).toFixed(0)} ms`,
  );
  for (const operation of ["lookup", "prospects", "calls", ...WRITES] as const) {
    const of = ok.filter((o) => o.operation === operation).map((o) => (o.endedAt - o.sentAt) * 1000);
    say(
      `  ${operation.padEnd(18)} ${String(of.length).padStart(6)} ok   p50 ${quantile(of, 0.5).toFixed(0).padStart(5)} ms   p95 ${quantile(of, 0.95).toFixed(0).padStart(5)} ms`,
    );
  }

  const kill = events.kill ?? Number.NaN;
  const down = events.down ?? Number.NaN;
  const up = events.up ?? Number.NaN;
  // A request that was under way at the kill (sent before, ended after), or sent within the grace after it.
  const aroundKill = (o: Outcome) => o.sentAt <= kill + GRACE_S && o.endedAt >= kill;
  const aroundOutage = (o: Outcome) => o.endedAt >= down && o.sentAt <= up + GRACE_S;
  const errors = outcomes.filter((o) => !(o.status >= 200 && o.status < 300));
  const windows = {
    kill: errors.filter(aroundKill),
    outage: errors.filter((o) => !aroundKill(o) && aroundOutage(o)),
    elsewhere: errors.filter((o) => !aroundKill(o) && !aroundOutage(o)),
  };
  const describe = (list: Outcome[]) => {
    const counts = new Map<string, number>();
    for (const o of list) {
      const key = `${o.status || "no answer"} ${o.error ?? ""}`.trim();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts].map(([key, n]) => `${n}× ${key}`).join(", ") || "none";
  };
  say(`Errors: ${errors.length}`);
  say(`  around the SIGKILL (${kill.toFixed(1)} s + ${GRACE_S} s): ${describe(windows.kill)}`);
  say(`  around the outage (${down.toFixed(1)}–${up.toFixed(1)} s + ${GRACE_S} s): ${describe(windows.outage)}`);
  say(`  elsewhere: ${describe(windows.elsewhere)}`);
  const outageEnd = outcomes.filter(aroundOutage).length;
  say(`Health samples: ${samples.length}`);
  say("");

  check(ok.length > 0 && WRITES.every((w) => ok.some((o) => o.operation === w)), "reads and writes went through");
  check(windows.elsewhere.length === 0, "no error outside the seconds around the SIGKILL and the PostgreSQL outage");
  check(outageEnd > 0, "requests were sent during the outage");
  for (const name of ["instance-1", "instance-2"]) {
    const during = samples.filter((s) => s.instance === name && s.at >= down && s.at <= up);
    check(
      during.some((s) => s.status === 503 && s.databaseReachable === false && s.jobsReachable === false),
      `${name}: /api/health said 503, database and job queue unreachable, while PostgreSQL was down (${during.length} samples)`,
    );
    const stuck = samples.filter((s) => s.instance === name && s.at > up + GRACE_S * 2 && s.status !== 200);
    check(stuck.length === 0, `${name}: /api/health 200 again within ${GRACE_S * 2} s of PostgreSQL's return`);
  }
}

/** What the base holds: every acknowledged write once, nothing twice, and the jobs' work not doubled. */
async function checkBase(db: pg.Client, outcomes: Outcome[], runId: string) {
  const acknowledged = outcomes.filter((o) => o.marker && o.status >= 200 && o.status < 300);
  const stored = new Map<string, number>();
  const count = async (table: string, notes = "notes") => {
    const { rows } = await db.query<{ notes: string; n: number }>(
      `select ${notes} as notes, count(*)::int as n from ${table} where ${notes} like $1 group by 1`,
      [`scale-out ${runId} %`],
    );
    for (const row of rows) stored.set(row.notes, (stored.get(row.notes) ?? 0) + row.n);
  };
  await count("people");
  await count("calls");
  await count("appointments");
  // The documentation e-mail's message is a line of its text.
  await count("outbox_emails", `substring(body_text from 'scale-out ${runId} [0-9]+')`);
  const lost = acknowledged.filter((o) => !stored.has(o.marker ?? ""));
  const twice = [...stored].filter(([, n]) => n > 1);
  const unacknowledgedStored = outcomes.filter(
    (o) => o.marker && !(o.status >= 200 && o.status < 300) && stored.has(o.marker),
  ).length;
  say(
    `Writes: ${acknowledged.length} acknowledged, ${stored.size} in the base (${unacknowledgedStored} of them answered with an error or no answer: done, but not acknowledged)`,
  );
  check(lost.length === 0, `every acknowledged write is in the base (${lost.length} lost)`);
  check(twice.length === 0, `no write stored twice (${twice.length})`);

  const duplicates = async (what: string, query: string) => {
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from (${query}) d`);
    const { rows: total } = await db.query<{ n: number }>(
      `select count(*)::int as n from ${what.split(" ")[0] ?? what}`,
    );
    check(rows[0]?.n === 0, `no duplicate ${what} (${rows[0]?.n} duplicated, ${total[0]?.n} in all)`);
  };
  await duplicates(
    "follow_up_tasks (rule, source, person)",
    "select 1 from follow_up_tasks group by rule, source_type, source_id, person_id having count(*) > 1",
  );
  await duplicates(
    "follow_up_tasks open for one person and rule",
    "select 1 from follow_up_tasks where status = 'open' group by rule, person_id, source_id having count(*) > 1",
  );
  await duplicates(
    "outbox_emails (recipients, subject, record, interaction)",
    "select 1 from outbox_emails group by to_addresses, subject, person_id, interaction_id, body_text having count(*) > 1",
  );
  await duplicates(
    "sms_messages (recipient, kind, appointment, text)",
    "select 1 from sms_messages group by to_phone, kind, appointment_id, reminder_offset, text having count(*) > 1",
  );
  const { rows: runs } = await db.query<{ n: number; overlapping: number }>(
    `select count(*)::int as n,
            (select count(*)::int from follow_up_runs a join follow_up_runs b on a.id < b.id
              and a.started_at < coalesce(b.finished_at, now()) and b.started_at < coalesce(a.finished_at, now())) as overlapping
       from follow_up_runs`,
  );
  check(
    (runs[0]?.n ?? 0) > 0 && runs[0]?.overlapping === 0,
    `the follow-up engine ran (${runs[0]?.n} runs) and never twice at once (${runs[0]?.overlapping} overlapping)`,
  );
}

/** The minute's SMS run (on either instance) writes and sends the reminders of the last appointments: waits for it (75 s at most). */
async function waitForReminders(db: pg.Client, runId: string) {
  const deadline = Date.now() + 75_000;
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      `select (select count(*)::int from appointments a where a.notes like $1
                 and not exists (select 1 from sms_messages m where m.appointment_id = a.id))
            + (select count(*)::int from sms_messages where status = 'queued') as n`,
      [`scale-out ${runId} %`],
    );
    if (rows[0]?.n === 0 || Date.now() > deadline) return;
    await sleep(2_000);
  }
}

interface SmsGateway {
  url: string;
  /** What it received: one entry per POST, the phone and the id answered. */
  received: { to: string; id: string }[];
  close(): Promise<void>;
}

/** An SMS gateway (SMS_PROVIDER=http's default body, {"to","text"}): takes every message, answers its id. */
async function startSmsGateway(): Promise<SmsGateway> {
  const received: SmsGateway["received"] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    request.on("end", () => {
      const id = randomUUID();
      received.push({ to: (JSON.parse(body) as { to: string }).to, id });
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * The e-mails and SMS of the run, once the instances stopped: some of each, each acknowledged write's one
 * in the outbox, and what the SMTP server and the gateway received: never twice for one e-mail address or
 * one phone (one appointment), once for each message marked sent.
 */
async function checkMessages(db: pg.Client, outcomes: Outcome[], runId: string, smtp: TestSmtp, gateway: SmsGateway) {
  const acknowledged = (operation: Outcome["operation"]) =>
    outcomes.filter((o) => o.operation === operation && o.status >= 200 && o.status < 300);
  const sequenceOf = (o: Outcome) => Number(o.marker?.split(" ").at(-1));

  const { rows: emails } = await db.query<{ to: string; status: string; message_id: string | null }>(
    "select to_addresses[1] as to, status, message_id from outbox_emails where purpose = 'documentation'",
  );
  const byStatus = (rows: { status: string }[]) => {
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
    return [...counts].map(([status, n]) => `${n} ${status}`).join(", ") || "none";
  };
  const mailsTo = new Map<string, number>();
  const mailsById = new Map<string, number>();
  for (const mail of smtp.received) {
    const to = mail.message.headers.to ?? "";
    mailsTo.set(to, (mailsTo.get(to) ?? 0) + 1);
    const id = mail.message.headers["message-id"] ?? "";
    mailsById.set(id, (mailsById.get(id) ?? 0) + 1);
  }
  const sentMails = emails.filter((e) => e.status === "sent");
  say(
    `E-mails: ${emails.length} in the outbox (${byStatus(emails)}), ${smtp.received.length} received by the SMTP server`,
  );
  check(sentMails.length > 0, `documentation e-mails were sent (${sentMails.length})`);
  const mailLost = acknowledged("send-documentation").filter(
    (o) => !emails.some((e) => e.to === emailOf(runId, sequenceOf(o))),
  );
  check(mailLost.length === 0, `every acknowledged e-mail is in the outbox (${mailLost.length} lost)`);
  const mailTwice = [...mailsTo].filter(([, n]) => n > 1);
  check(mailTwice.length === 0, `no e-mail delivered twice (${mailTwice.length} addresses received two or more)`);
  const notOnce = sentMails.filter((e) => mailsById.get(e.message_id ?? "") !== 1);
  check(notOnce.length === 0, `each e-mail marked sent was received exactly once (${notOnce.length} not)`);

  const { rows: sms } = await db.query<{
    to: string;
    status: string;
    provider_id: string | null;
    appointment_id: string;
    notes: string;
  }>(
    `select m.to_phone as to, m.status, m.provider_id, m.appointment_id, a.notes
       from sms_messages m join appointments a on a.id = m.appointment_id
      where m.kind = 'appointment_reminder'`,
  );
  const smsTo = new Map<string, number>();
  const smsById = new Map<string, number>();
  for (const message of gateway.received) {
    smsTo.set(message.to, (smsTo.get(message.to) ?? 0) + 1);
    smsById.set(message.id, (smsById.get(message.id) ?? 0) + 1);
  }
  const sentSms = sms.filter((m) => m.status === "sent" || m.status === "delivered");
  say(
    `SMS: ${sms.length} reminders in the outbox (${byStatus(sms)}), ${gateway.received.length} received by the gateway`,
  );
  check(sentSms.length > 0, `reminder SMS were sent (${sentSms.length})`);
  const smsLost = acknowledged("book-appointment").filter((o) => !sms.some((m) => m.notes === o.marker));
  check(smsLost.length === 0, `every acknowledged appointment has its reminder in the outbox (${smsLost.length} lost)`);
  const smsTwice = [...smsTo].filter(([, n]) => n > 1);
  check(smsTwice.length === 0, `no reminder sent twice (${smsTwice.length} phones received two or more)`);
  const smsNotOnce = sentSms.filter((m) => smsById.get(m.provider_id ?? "") !== 1);
  check(smsNotOnce.length === 0, `each SMS marked sent was received once by the gateway (${smsNotOnce.length} not)`);
}

main()
  .then(() => {
    say(
      failures.length === 0 ? "\nScale-out test: all checks passed." : `\nScale-out test: ${failures.length} FAILED.`,
    );
    process.exit(failures.length === 0 ? 0 : 1);
  })
  .catch((error: unknown) => {
    process.stderr.write(`Scale-out test could not run: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
