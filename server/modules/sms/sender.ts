import { and, asc, eq, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import { MINUTE_MS, stopwatch } from "../../clock.ts";
import type { Services } from "../../context.ts";
import { smsMessages } from "../../db/schema/index.ts";
import { readSettings } from "../settings/settings.ts";
import type { SendOutcome, SmsProvider } from "./providers/provider.ts";
import { smsRecipient } from "./recipient.ts";
import { REMINDER_LEAD_MIN_MS } from "./reminders.ts";
import { inSendingWindow, nextSendingTime } from "./window.ts";

type SmsRow = typeof smsMessages.$inferSelect;

/**
 * How long a sender holds the SMS it claimed, renewed just before each send: longer than the worst
 * exchange with a provider (a token and a send, then on a 401 a new token and a send, 30 s each).
 */
export const SMS_CLAIM_MS = 5 * MINUTE_MS;
/** Delay before the next try after the 1st, 2nd… failure that left nothing (the last one repeats). */
export const SMS_BACKOFF_MS = [1, 5, 15, 60, 180].map((minutes) => minutes * MINUTE_MS);
/** After this many tries that left nothing, an SMS is failed for good (an admin may send it again). */
export const SMS_MAX_ATTEMPTS = 6;
/** Recorded on an SMS whose send was cut off: it may have left, so it is never sent again by itself. */
export const SMS_INTERRUPTED =
  "Envoi interrompu : le SMS est peut-être parti. Vérifiez auprès de la personne avant de le renvoyer.";

export const smsBackoffAfter = (attempts: number): number =>
  SMS_BACKOFF_MS[Math.min(Math.max(attempts, 1), SMS_BACKOFF_MS.length) - 1] as number;

export interface SmsRun {
  sent: number;
  /** Refused for now (429, 5xx, network), tried again later. */
  retrying: number;
  /** Refused for good, or too many tries. */
  failed: number;
  /** May have left: « à vérifier », an admin decides. */
  toCheck: number;
  /** Not sent: the person asked for no SMS since it was written. */
  skipped: number;
  /** Not sent: what it announced changed (appointment cancelled, moved). */
  cancelled: number;
  /** Left waiting: outside the sending window (the night). */
  waiting: number;
}

const emptyRun = (): SmsRun => ({
  sent: 0,
  retrying: 0,
  failed: 0,
  toCheck: 0,
  skipped: 0,
  cancelled: 0,
  waiting: 0,
});

/**
 * At most `perSecond` sends start per second, all senders of the process together (the provider's
 * limit: Orange answers 429 past it). Monotonic time, not the clock: it paces real requests.
 */
export class SendPacer {
  readonly #intervalMs: number;
  readonly #elapsed = stopwatch();
  #next = 0;

  constructor(perSecond: number) {
    this.#intervalMs = 1000 / perSecond;
  }

  async take(): Promise<void> {
    const now = this.#elapsed();
    const slot = Math.max(now, this.#next);
    this.#next = slot + this.#intervalMs;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }
}

/**
 * One pacer per provider of the process: the scheduled run and an admin's « Envoyer maintenant »
 * (each with its own request context) share the operator's limit.
 */
const pacers = new WeakMap<SmsProvider, SendPacer>();
const pacerOf = (services: Services, provider: SmsProvider): SendPacer => {
  let pacer = pacers.get(provider);
  if (!pacer) {
    pacer = new SendPacer(services.config.smsRatePerSecond);
    pacers.set(provider, pacer);
  }
  return pacer;
};

/** The SMS is still held by the claim this sender set (compare-and-set on claimed_until). */
const stillHeld = (id: string, claimedUntil: Date) =>
  and(eq(smsMessages.id, id), eq(smsMessages.status, "sending"), eq(smsMessages.claimedUntil, claimedUntil));

const dueNow = (now: Date) => and(eq(smsMessages.status, "queued"), lte(smsMessages.nextAttemptAt, now));

/**
 * Takes up to `count` due SMS for this sender at once: `for update skip locked` makes two instances
 * take different ones, and the claim (sending until claimed_until) keeps the others off.
 */
async function claimBatch(services: Services, now: Date, count: number): Promise<SmsRow[]> {
  return services.database.db.transaction(async (tx) => {
    const candidates = await tx
      .select({ id: smsMessages.id })
      .from(smsMessages)
      .where(dueNow(now))
      .orderBy(asc(smsMessages.nextAttemptAt), asc(smsMessages.createdAt))
      .limit(count)
      .for("update", { skipLocked: true });
    if (candidates.length === 0) return [];
    return tx
      .update(smsMessages)
      .set({ status: "sending", claimedUntil: new Date(now.getTime() + SMS_CLAIM_MS), sendStartedAt: null })
      .where(
        inArray(
          smsMessages.id,
          candidates.map((c) => c.id),
        ),
      )
      .returning();
  });
}

/**
 * SMS whose claim ran out: the sender died or hung. One it never began sending goes back to the queue;
 * one it began sending may have left, so it waits « à vérifier ».
 */
async function checkInterrupted(services: Services, now: Date): Promise<number> {
  const expired = and(eq(smsMessages.status, "sending"), lte(smsMessages.claimedUntil, now));
  await services.database.db
    .update(smsMessages)
    .set({ status: "queued", claimedUntil: null })
    .where(and(expired, isNull(smsMessages.sendStartedAt)));
  const rows = await services.database.db
    .update(smsMessages)
    .set({ status: "to_check", reason: SMS_INTERRUPTED, claimedUntil: null })
    .where(and(expired, isNotNull(smsMessages.sendStartedAt)))
    .returning({ id: smsMessages.id });
  if (rows.length > 0) services.logger.warn({ smsIds: rows.map((r) => r.id) }, "sms: sends interrupted, to check");
  return rows.length;
}

interface Recheck {
  opt_out_at: string | Date | null;
  opt_out_source: string | null;
  appointment_status: string | null;
  appointment_starts_at: string | Date | null;
}

/**
 * Whether the SMS may still go, read just before sending: the person may have asked for no SMS since,
 * the appointment may have been cancelled or moved.
 */
async function stillToSend(
  services: Services,
  row: SmsRow,
): Promise<{ go: true } | { go: false; status: "skipped" | "cancelled"; reason: string }> {
  const [now] = await services.database.query<Recheck>(
    `select p.sms_opt_out_at as opt_out_at, p.sms_opt_out_source as opt_out_source,
            a.status as appointment_status, a.starts_at as appointment_starts_at
       from sms_messages m
       left join people p on p.id = m.person_id
       left join appointments a on a.id = m.appointment_id
      where m.id = $1`,
    [row.id],
  );
  if (!now) return { go: false, status: "cancelled", reason: "message introuvable" };
  const recipient = smsRecipient(
    { phones: row.toPhone ? [row.toPhone] : [], smsOptOutAt: now.opt_out_at, smsOptOutSource: now.opt_out_source },
    row.vital,
  );
  if ("skip" in recipient) return { go: false, status: "skipped", reason: recipient.skip };
  if (row.appointmentId && row.appointmentStartsAt) {
    if (now.appointment_status !== "scheduled") {
      return {
        go: false,
        status: "cancelled",
        reason: now.appointment_status === "cancelled" ? "rendez-vous annulé" : "rendez-vous passé",
      };
    }
    if (new Date(now.appointment_starts_at as string).getTime() !== row.appointmentStartsAt.getTime()) {
      return { go: false, status: "cancelled", reason: "rendez-vous déplacé" };
    }
    // Held back (the night, retries) until it would come too late: a reminder less than 2 hours before,
    // a time change once the appointment has begun.
    const ahead = row.appointmentStartsAt.getTime() - services.clock.now().getTime();
    if (ahead < (row.kind === "appointment_reminder" ? REMINDER_LEAD_MIN_MS : 0)) {
      return { go: false, status: "cancelled", reason: "trop tard : le rendez-vous est dans moins de 2 heures" };
    }
  }
  return { go: true };
}

type Result = keyof SmsRun | "lost";

/** Records what became of one send, if this sender still holds the SMS. */
async function record(
  services: Services,
  provider: SmsProvider,
  row: SmsRow,
  claimedUntil: Date,
  outcome: SendOutcome,
): Promise<Result> {
  const now = services.clock.now();
  const attempts = row.attempts + 1;
  let changes: PgUpdateSetSource<typeof smsMessages>;
  let result: Result;
  if (outcome.kind === "sent") {
    // A delivery receipt may have come before this is written: it is not undone.
    changes = {
      status: sql`case when ${smsMessages.status} in ('delivered', 'failed') then ${smsMessages.status} else 'sent' end`,
      sentAt: now,
      providerId: outcome.providerId ?? null,
      reason: null,
    };
    result = "sent";
  } else if (outcome.kind === "ambiguous") {
    changes = { status: "to_check", reason: `${outcome.error}. ${SMS_INTERRUPTED}` };
    result = "toCheck";
  } else if (outcome.kind === "rejected" || attempts >= SMS_MAX_ATTEMPTS) {
    changes = { status: "failed", failedAt: now, reason: outcome.error };
    result = "failed";
  } else {
    const { settings } = await readSettings(services.database.db);
    const wait = Math.max(smsBackoffAfter(attempts), outcome.retryAfterMs ?? 0);
    changes = {
      status: "queued",
      reason: outcome.error,
      nextAttemptAt: nextSendingTime(new Date(now.getTime() + wait), settings.sms.window, settings.timeZone),
    };
    result = "retrying";
  }
  const [recorded] = await services.database.db
    .update(smsMessages)
    .set({ ...changes, attempts, provider: provider.name, claimedUntil: null })
    .where(
      outcome.kind === "sent"
        ? and(eq(smsMessages.id, row.id), eq(smsMessages.claimedUntil, claimedUntil))
        : stillHeld(row.id, claimedUntil),
    )
    .returning({ id: smsMessages.id });
  if (!recorded) {
    services.logger.warn({ smsId: row.id, outcome: outcome.kind }, "sms: outcome after the claim was lost");
    return "lost";
  }
  return result;
}

/** Sends one claimed SMS (or finds it must not go) and records the outcome. */
async function sendClaimed(services: Services, provider: SmsProvider, row: SmsRow): Promise<Result> {
  const claimedUntil = row.claimedUntil as Date;
  const check = await stillToSend(services, row);
  if (!check.go) {
    const now = services.clock.now();
    const [done] = await services.database.db
      .update(smsMessages)
      .set({
        status: check.status,
        reason: check.reason,
        claimedUntil: null,
        ...(check.status === "cancelled" ? { cancelledAt: now } : {}),
      })
      .where(stillHeld(row.id, claimedUntil))
      .returning({ id: smsMessages.id });
    return done ? check.status : "lost";
  }
  await pacerOf(services, provider).take();
  // Renewed and marked started just before the exchange: a claim lost meanwhile (another pass took the
  // SMS for interrupted) means this sender must not send it.
  const renewed = new Date(services.clock.now().getTime() + SMS_CLAIM_MS);
  const [held] = await services.database.db
    .update(smsMessages)
    .set({ claimedUntil: renewed, sendStartedAt: services.clock.now() })
    .where(stillHeld(row.id, claimedUntil))
    .returning({ id: smsMessages.id });
  if (!held) return "lost";
  let outcome: SendOutcome;
  try {
    outcome = await provider.send({ to: row.toPhone as string, text: row.text, reference: row.id });
  } catch (error) {
    // A provider that throws broke its promise to answer: whether the message left is unknown.
    outcome = { kind: "ambiguous", error: error instanceof Error ? error.message : String(error) };
  }
  return record(services, provider, row, renewed, outcome);
}

export interface SmsRunOptions {
  /** At most this many SMS in this pass. */
  limit?: number;
  /** Sends in flight at once (the provider's answer time × the rate). */
  concurrency?: number;
  /** The instant of the pass (default the clock's now): what is due by then goes. */
  asOf?: Date;
}

/**
 * One pass of the SMS sender: every due SMS at most once, paced to the provider's rate; a refusal for
 * now waits with back-off, a refusal for good fails, a send that may have left waits « à vérifier ».
 * Outside the sending window nothing goes: the due SMS wait for the morning.
 */
export async function processSmsOutbox(
  services: Services,
  provider: SmsProvider,
  options: SmsRunOptions = {},
): Promise<SmsRun> {
  const run = emptyRun();
  const limit = options.limit ?? 500;
  const concurrency = options.concurrency ?? Math.max(1, Math.ceil(services.config.smsRatePerSecond / 2));
  const asOf = () => options.asOf ?? services.clock.now();
  run.toCheck += await checkInterrupted(services, asOf());
  const { settings } = await readSettings(services.database.db);
  if (!inSendingWindow(asOf(), settings.sms.window, settings.timeZone)) {
    const morning = nextSendingTime(asOf(), settings.sms.window, settings.timeZone);
    const waiting = await services.database.db
      .update(smsMessages)
      .set({ nextAttemptAt: morning })
      .where(dueNow(asOf()))
      .returning({ id: smsMessages.id });
    run.waiting = waiting.length;
    return run;
  }
  let taken = 0;
  let pause = false;
  while (taken < limit && !pause) {
    const batch = await claimBatch(services, asOf(), Math.min(concurrency * 2, limit - taken));
    if (batch.length === 0) break;
    taken += batch.length;
    let next = 0;
    const worker = async () => {
      for (let row = batch[next++]; row; row = batch[next++]) {
        // After a refusal for now (429, 5xx), the rest of the batch waits too: no storm on a provider that said no.
        if (pause) {
          await services.database.db
            .update(smsMessages)
            .set({ status: "queued", claimedUntil: null })
            .where(stillHeld(row.id, row.claimedUntil as Date));
          continue;
        }
        const result = await sendClaimed(services, provider, row);
        if (result === "retrying") pause = true;
        if (result !== "lost") run[result] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
  }
  return run;
}

/** Counts of the SMS outbox by status (the run's answer, the SMS tab's header). */
export async function smsStatusCounts(services: Services): Promise<Record<string, number>> {
  const rows = await services.database.db
    .select({ status: smsMessages.status, n: sql<number>`count(*)::int` })
    .from(smsMessages)
    .groupBy(smsMessages.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
