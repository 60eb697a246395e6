import { and, asc, eq, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import { MINUTE_MS, stopwatch } from "../../clock.ts";
import type { Services } from "../../context.ts";
import { smsMessages } from "../../db/schema/index.ts";
import type { Settings } from "../settings/settings.schema.ts";
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

/** A provider that answered 429 without Retry-After gets nothing from this process for this long. */
export const SMS_RATE_LIMIT_PAUSE_MS = MINUTE_MS;
/** After this many sends of one pass that may have left (time-outs, cuts), the pass stops… */
export const SMS_AMBIGUOUS_LIMIT = 3;
/** …and the provider, likely down, gets nothing from this process for this long. */
export const SMS_AMBIGUOUS_PAUSE_MS = 5 * MINUTE_MS;

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
 * It also keeps the instant before which the provider gets nothing (after a 429, or when it stopped
 * answering), by the injected clock: a clinic's instant, like the Retry-After it comes from.
 */
export class SendPacer {
  readonly #intervalMs: number;
  readonly #elapsed = stopwatch();
  /** Sends waiting for their turn, first come first served. */
  readonly #waiting: Array<() => void> = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #next = 0;
  #pausedUntil = 0;

  constructor(perSecond: number) {
    this.#intervalMs = 1000 / perSecond;
  }

  take(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#release();
    });
  }

  /**
   * Lets the first waiting send go when its interval has passed since the last one let go, measured
   * when it goes: a timer that fires late (a busy process) never lets several go at once.
   */
  #release(): void {
    if (this.#timer || this.#waiting.length === 0) return;
    const now = this.#elapsed();
    if (now >= this.#next) {
      this.#next = now + this.#intervalMs;
      this.#waiting.shift()?.();
    }
    if (this.#waiting.length === 0) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#release();
      },
      Math.max(0, this.#next - this.#elapsed()),
    );
  }

  /** Nothing goes to the provider before `until` (a later pause already set stands). */
  pause(until: Date): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, until.getTime());
  }

  /** The end of the pause at `now`, or undefined when sends may go. */
  pausedUntil(now: Date): Date | undefined {
    return now.getTime() < this.#pausedUntil ? new Date(this.#pausedUntil) : undefined;
  }
}

/**
 * One pacer per provider of the process: the scheduled run and an admin's « Envoyer maintenant »
 * (each with its own request context) share the operator's limit and its pauses.
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

/** Until when this process sends nothing to the provider (after a 429, or sends that may have left); undefined: now. */
export const smsProviderPausedUntil = (provider: SmsProvider, now: Date): Date | undefined =>
  pacers.get(provider)?.pausedUntil(now);

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

/** What became of one claimed SMS; `unsent`: never begun (the pass stopped), to give back untouched. */
type Result = keyof SmsRun | "lost" | "unsent";

/** Why a pass stops before its due SMS are all sent. */
type StopReason = "retry" | "ambiguous" | "paused" | "window" | "error";

/** At most `size` holders at once; the others get their turn in the order they asked. */
class Slots {
  #free: number;
  readonly #waiting: Array<() => void> = [];

  constructor(size: number) {
    this.#free = size;
  }

  async acquire(): Promise<void> {
    if (this.#free > 0) {
      this.#free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free += 1;
  }
}

/**
 * What the sends of one pass share: the settings read once, the instant, the provider's pacer, the
 * exchanges in flight, why it stopped.
 */
interface Pass {
  settings: Settings;
  asOf: () => Date;
  pacer: SendPacer;
  /** Exchanges with the provider in flight (`concurrency`); the reading before and the recording after are outside. */
  exchanges: Slots;
  stopped: StopReason | undefined;
  ambiguous: number;
}

/** Records what became of one send, if this sender still holds the SMS. */
async function record(
  services: Services,
  provider: SmsProvider,
  pass: Pass,
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
    const { window } = pass.settings.sms;
    const wait = Math.max(smsBackoffAfter(attempts), outcome.retryAfterMs ?? 0);
    changes = {
      status: "queued",
      reason: outcome.error,
      nextAttemptAt: nextSendingTime(new Date(now.getTime() + wait), window, pass.settings.timeZone),
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

/**
 * What one outcome tells of the provider as a whole: a refusal for now stops the pass (no storm on a
 * provider that said no), a 429 or a Retry-After pauses it for the process; sends that may have left,
 * again and again, mean it is likely down: the pass stops and it is paused too, so the queue does not
 * all end « à vérifier ».
 */
function learnFrom(services: Services, provider: SmsProvider, pass: Pass, outcome: SendOutcome): void {
  const now = services.clock.now();
  let pauseMs: number | undefined;
  if (outcome.kind === "retry") {
    pass.stopped ??= "retry";
    pauseMs = outcome.retryAfterMs ?? (outcome.rateLimited ? SMS_RATE_LIMIT_PAUSE_MS : undefined);
  } else if (outcome.kind === "ambiguous") {
    pass.ambiguous += 1;
    if (pass.ambiguous >= SMS_AMBIGUOUS_LIMIT) {
      pass.stopped ??= "ambiguous";
      pauseMs = SMS_AMBIGUOUS_PAUSE_MS;
    }
  }
  if (pauseMs === undefined) return;
  const until = new Date(now.getTime() + pauseMs);
  pass.pacer.pause(until);
  services.logger.warn(
    { provider: provider.name, until: until.toISOString(), outcome: outcome.kind },
    "sms: provider paused",
  );
}

/** Sends one claimed SMS (or finds it must not go, or that the pass stopped) and records the outcome. */
async function sendClaimed(services: Services, provider: SmsProvider, pass: Pass, row: SmsRow): Promise<Result> {
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
  await pass.exchanges.acquire();
  let exchanged: { renewed: Date; outcome: SendOutcome } | "unsent" | "lost";
  try {
    exchanged = await exchange(services, provider, pass, row, claimedUntil);
  } finally {
    pass.exchanges.release();
  }
  if (typeof exchanged === "string") return exchanged;
  return record(services, provider, pass, row, exchanged.renewed, exchanged.outcome);
}

/** The exchange with the provider, in its turn (the pacer), if the pass and the provider still allow it. */
async function exchange(
  services: Services,
  provider: SmsProvider,
  pass: Pass,
  row: SmsRow,
  claimedUntil: Date,
): Promise<{ renewed: Date; outcome: SendOutcome } | "unsent" | "lost"> {
  await pass.pacer.take();
  // Checked at the last moment: while this send waited its turn, another one of this pass (or of another
  // pass of the process) may have paused the provider, or the sending window may have closed (21:00).
  if (pass.stopped) return "unsent";
  if (pass.pacer.pausedUntil(services.clock.now())) {
    pass.stopped = "paused";
    return "unsent";
  }
  if (!inSendingWindow(pass.asOf(), pass.settings.sms.window, pass.settings.timeZone)) {
    pass.stopped = "window";
    return "unsent";
  }
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
  learnFrom(services, provider, pass, outcome);
  return { renewed, outcome };
}

/** Gives claimed SMS that were never begun back to the queue as they were (same due time, no try counted). */
async function release(services: Services, rows: SmsRow[]): Promise<void> {
  // One update per claim (rows claimed together share their claimed_until): still held, never begun.
  const byClaim = new Map<number, string[]>();
  for (const row of rows) {
    const claim = (row.claimedUntil as Date).getTime();
    byClaim.set(claim, [...(byClaim.get(claim) ?? []), row.id]);
  }
  for (const [claim, ids] of byClaim) {
    await services.database.db
      .update(smsMessages)
      .set({ status: "queued", claimedUntil: null })
      .where(
        and(
          inArray(smsMessages.id, ids),
          eq(smsMessages.status, "sending"),
          eq(smsMessages.claimedUntil, new Date(claim)),
          isNull(smsMessages.sendStartedAt),
        ),
      );
  }
}

/** Outside the sending window: every due SMS waits for the morning's opening. How many. */
async function holdForMorning(services: Services, asOf: Date, settings: Settings): Promise<number> {
  const morning = nextSendingTime(asOf, settings.sms.window, settings.timeZone);
  const waiting = await services.database.db
    .update(smsMessages)
    .set({ nextAttemptAt: morning })
    .where(dueNow(asOf))
    .returning({ id: smsMessages.id });
  return waiting.length;
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
 * Outside the sending window nothing goes: the due SMS wait for the morning. While the provider is
 * paused (a 429, sends that may have left), nothing is claimed.
 *
 * The sends flow: twice `concurrency` senders each take the next claimed SMS as soon as their last one
 * is done, at most `concurrency` of them talking to the provider at once (the reading before and the
 * recording after overlap the others' exchanges), and more SMS are claimed while a few are still
 * ready: the pacer, not the slowest answer of a batch nor the database, sets the pace.
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
    run.waiting = await holdForMorning(services, asOf(), settings);
    return run;
  }
  const pass: Pass = {
    settings,
    asOf,
    pacer: pacerOf(services, provider),
    exchanges: new Slots(concurrency),
    stopped: undefined,
    ambiguous: 0,
  };
  if (pass.pacer.pausedUntil(services.clock.now())) return run;
  const senders = concurrency * 2;

  // Claimed and not yet begun, in claim order; refilled while fewer than `senders` are left.
  const ready: SmsRow[] = [];
  const unsent: SmsRow[] = [];
  let taken = 0;
  let exhausted = false;
  let claiming: Promise<void> | undefined;
  let claimError: unknown;
  const claimMore = async () => {
    try {
      const count = Math.min(senders * 2 - ready.length, limit - taken);
      const batch = count > 0 ? await claimBatch(services, asOf(), count) : [];
      taken += batch.length;
      ready.push(...batch);
      if (batch.length === 0 || taken >= limit) exhausted = true;
    } catch (error) {
      claimError = error;
      exhausted = true;
    }
  };
  const refill = (): Promise<void> => {
    claiming ??= claimMore().finally(() => {
      claiming = undefined;
    });
    return claiming;
  };
  const next = async (): Promise<SmsRow | undefined> => {
    for (;;) {
      if (pass.stopped) return undefined;
      if (ready.length < senders && !exhausted && !claiming) void refill();
      const row = ready.shift();
      if (row) return row;
      if (claiming) await claiming;
      else if (exhausted) return undefined;
    }
  };
  const sender = async () => {
    try {
      for (let row = await next(); row; row = await next()) {
        const result = await sendClaimed(services, provider, pass, row);
        if (result === "unsent") unsent.push(row);
        else if (result !== "lost") run[result] += 1;
      }
    } catch (error) {
      // The others stop too; what they hold and have not begun goes back to the queue below.
      pass.stopped ??= "error";
      throw error;
    }
  };
  const done = await Promise.allSettled(Array.from({ length: senders }, sender));
  await claiming;
  await release(services, [...unsent, ...ready.splice(0)]);
  const failure = done.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) throw failure.reason;
  if (claimError) throw claimError;
  // The window closed during the pass (21:00): what was given back, and what else is due, waits for the morning.
  if (pass.stopped === "window") run.waiting = await holdForMorning(services, asOf(), settings);
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
