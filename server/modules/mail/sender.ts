import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { createTransport, type SendMailOptions } from "nodemailer";
import { MINUTE_MS } from "../../clock.ts";
import type { Services } from "../../context.ts";
import type { Db, Executor } from "../../db/client.ts";
import { campaignRecipients, documents, type OutboxAttachment, outboxEmails, people } from "../../db/schema/index.ts";
import { renderQuotePdf } from "../quotes/quote-pdf.ts";
import { renderVaccinationPdf } from "../vaccinations/calendar-pdf.ts";

type OutboxRow = typeof outboxEmails.$inferSelect;

/** How long a sender holds an email it is sending; past it, the send is taken for interrupted. */
export const CLAIM_MS = 2 * MINUTE_MS;
/** The whole SMTP exchange of one email must end within this, well under the claim. */
export const SEND_TIMEOUT_MS = 90_000;
/** Delay before the next try, after the 1st, 2nd… failure (the last one repeats). */
export const BACKOFF_MS = [1, 5, 15, 60, 360, 720, 1440].map((minutes) => minutes * MINUTE_MS);
/** After this many failed tries, an email is failed for good (an agent may still retry it by hand). */
export const MAX_ATTEMPTS = 8;
/** At most this many emails per pass of the worker (every 30 s): above the campaigns' highest rate. */
const WORKER_PASS_LIMIT = 5000;
/** Connections a pooled transport keeps open (a campaign's run). */
const POOL_CONNECTIONS = 4;
/** Recorded on waiting emails while no server is configured. */
export const NO_SMTP_ERROR = "Aucun serveur SMTP configuré (SMTP_URL)";
/**
 * Recorded on an email whose send was cut off once the SMTP server had the whole message (a
 * sender that died or hung, a timeout, a lost connection): it may have left, so it is not sent
 * again without a person deciding ("Réessayer").
 */
/** Begins the error of an email the server refused for good (5xx): not tried again, the address marked invalid. */
export const PERMANENT_ERROR = "Refusé définitivement par le serveur (adresse invalide ?).";
export const INTERRUPTED_ERROR = "Envoi interrompu : le message est peut-être parti. Vérifiez avant de le renvoyer.";
/** Without a server, waiting emails are looked at again this often (a server configured later sends them). */
const NO_SMTP_RECHECK_MS = MINUTE_MS;
/** Pauses before trying again to record an email the SMTP server accepted. */
const RECORD_SENT_RETRY_MS = [500, 2000];

export const backoffAfter = (attempts: number): number =>
  BACKOFF_MS[Math.min(Math.max(attempts, 1), BACKOFF_MS.length) - 1] as number;

export interface OutboxRun {
  sent: number;
  /** Failed this time, to be tried again later. */
  retrying: number;
  /** Failed for good this time (including sends found interrupted). */
  failed: number;
  /** Left waiting because no SMTP server is configured. */
  waiting: number;
}

const dueNow = (now: Date) => and(eq(outboxEmails.status, "pending"), lte(outboxEmails.nextAttemptAt, now));

/** The email is still held by the claim this sender set (compare-and-set on claimed_until). */
const stillHeld = (id: string, claimedUntil: Date) =>
  and(eq(outboxEmails.id, id), eq(outboxEmails.status, "sending"), eq(outboxEmails.claimedUntil, claimedUntil));

/**
 * Takes the next due email for this sender, atomically: `for update skip locked`
 * makes two instances (or two runs) take different emails, and the claim
 * (status sending until claimed_until) keeps the others off while it sends.
 * One at a time, so that no claim runs out while earlier emails are sent.
 */
async function claimNext(db: Db, now: Date, id?: string): Promise<OutboxRow | undefined> {
  // Locked, then updated, in two statements: inside one `update … where id in (select … limit 1
  // for update skip locked)`, the subquery may be run again and take more than one row.
  return db.transaction(async (tx) => {
    const [candidate] = await tx
      .select({ id: outboxEmails.id })
      .from(outboxEmails)
      .where(id ? and(eq(outboxEmails.id, id), dueNow(now)) : dueNow(now))
      .orderBy(asc(outboxEmails.nextAttemptAt), asc(outboxEmails.createdAt))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!candidate) return undefined;
    const [row] = await tx
      .update(outboxEmails)
      .set({ status: "sending", claimedUntil: new Date(now.getTime() + CLAIM_MS) })
      .where(eq(outboxEmails.id, candidate.id))
      .returning();
    return row;
  });
}

/**
 * Emails whose claim ran out while being sent: the sender died or hung, maybe
 * after the SMTP server accepted the message. At most once: they are failed,
 * to be checked, never sent again automatically.
 */
async function failInterrupted(services: Services, now: Date, id?: string): Promise<number> {
  const expired = and(eq(outboxEmails.status, "sending"), lte(outboxEmails.claimedUntil, now));
  const rows = await services.database.db
    .update(outboxEmails)
    .set({
      status: "failed",
      attempts: sql`${outboxEmails.attempts} + 1`,
      lastError: INTERRUPTED_ERROR,
      nextAttemptAt: now,
      claimedUntil: null,
    })
    .where(id ? and(eq(outboxEmails.id, id), expired) : expired)
    .returning({ id: outboxEmails.id });
  if (rows.length > 0) {
    services.logger.warn({ emailIds: rows.map((r) => r.id) }, "outbox: sends interrupted, left failed to be checked");
  }
  return rows.length;
}

/** With no server configured: due emails stay waiting, with the reason, looked at again a bit later. */
async function markWaiting(services: Services, now: Date, id?: string): Promise<number> {
  const rows = await services.database.db
    .update(outboxEmails)
    .set({ lastError: NO_SMTP_ERROR, nextAttemptAt: new Date(now.getTime() + NO_SMTP_RECHECK_MS) })
    .where(id ? and(eq(outboxEmails.id, id), dueNow(now)) : dueNow(now))
    .returning({ id: outboxEmails.id });
  return rows.length;
}

interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType?: string;
}

async function resolveAttachment(db: Executor, attachment: OutboxAttachment): Promise<MailAttachment> {
  if (attachment.kind === "quote") {
    const pdf = await renderQuotePdf(db, attachment.id);
    return { filename: pdf.fileName, content: pdf.content, contentType: "application/pdf" };
  }
  if (attachment.kind === "vaccination_calendar") {
    const pdf = await renderVaccinationPdf(db, attachment.id, attachment.asOf);
    return { filename: pdf.fileName, content: pdf.content, contentType: "application/pdf" };
  }
  const [document] = await db
    .select({ fileName: documents.fileName, contentType: documents.contentType, content: documents.content })
    .from(documents)
    .where(eq(documents.id, attachment.id));
  if (!document) throw new Error(`Pièce jointe introuvable : le document ${attachment.id} n'existe plus`);
  return { filename: document.fileName, content: document.content, contentType: document.contentType };
}

const errorText = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).slice(0, 1000) || "erreur inconnue";

type Transporter = ReturnType<typeof createTransport>;

/** What one send tells the transport's stream plugin: whether the whole message went to the server. */
interface SendState {
  handedOver: boolean;
}

/**
 * A transport to the SMTP server: one connection per message, or (`pooled`, a campaign's run) a few kept
 * open and reused. Either way each message knows whether it was handed over whole (see `deliver`).
 */
function openTransport(smtpUrl: string, pooled = false): Transporter {
  const transporter = createTransport({
    url: smtpUrl,
    pool: pooled,
    maxConnections: POOL_CONNECTIONS,
    maxMessages: Number.POSITIVE_INFINITY,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  } as Parameters<typeof createTransport>[0]);
  // The server accepts a message only after its last byte (the final dot): until the SMTP
  // connection has read the whole message stream, a cut-off send certainly did not leave.
  transporter.use("stream", (message, done) => {
    const state = (message.data as { relaisState?: SendState }).relaisState;
    message.message.processFunc((output) =>
      output.once("end", () => {
        if (state) state.handedOver = true;
      }),
    );
    done();
  });
  return transporter;
}

/**
 * What became of one SMTP exchange: accepted; refused (the server cannot have
 * accepted it: it did not have the whole message yet, or it answered no); or
 * unknown (cut off after the whole message was handed over, before the answer).
 */
type Delivery =
  | { outcome: "accepted"; messageId: string | null }
  | { outcome: "refused" | "unknown"; error: unknown; permanent?: boolean };

/** An SMTP answer in 5xx: the server refuses for good (no such mailbox…); a 4xx may pass later. */
/**
 * A refusal of the recipient for good: a 5xx answer to RCPT TO (nodemailer's EENVELOPE). A 5xx at another
 * step (a wrong password, STARTTLS required, the message too large or taken for spam, the clinic's domain
 * refused) says nothing about her address: it is retried like any failure and marks no address invalid.
 */
const isPermanent = (error: unknown): boolean => {
  const { responseCode, code, command } = (error ?? {}) as {
    responseCode?: unknown;
    code?: unknown;
    command?: unknown;
  };
  const atRecipient = code === "EENVELOPE" || (typeof command === "string" && /^RCPT/i.test(command));
  return atRecipient && typeof responseCode === "number" && responseCode >= 500 && responseCode < 600;
};

/** Sends one message, the whole exchange bounded by `timeoutMs` (through `shared`, or a transport of its own). */
async function deliver(
  smtpUrl: string,
  mail: SendMailOptions,
  timeoutMs: number,
  shared?: Transporter,
): Promise<Delivery> {
  const transporter = shared ?? openTransport(smtpUrl);
  const state: SendState = { handedOver: false };
  const controller = new AbortController();
  let timedOut: { handedOver: boolean } | undefined;
  const timer = setTimeout(() => {
    timedOut = { handedOver: state.handedOver };
    controller.abort();
  }, timeoutMs);
  try {
    const info = await transporter.sendMail({
      ...mail,
      signal: controller.signal,
      relaisState: state,
    } as SendMailOptions);
    return { outcome: "accepted", messageId: typeof info.messageId === "string" ? info.messageId : null };
  } catch (caught) {
    const error = timedOut ? new Error(`le serveur SMTP n'a pas fini en ${Math.round(timeoutMs / 1000)} s`) : caught;
    const reachedServer = timedOut ? timedOut.handedOver : state.handedOver;
    // A reply (4xx, 5xx) is a refusal; no reply after the whole message went out may hide an acceptance.
    const answered = typeof (caught as { responseCode?: unknown })?.responseCode === "number" && !timedOut;
    if (reachedServer && !answered) return { outcome: "unknown", error };
    return { outcome: "refused", error, permanent: !timedOut && isPermanent(caught) };
  } finally {
    clearTimeout(timer);
    if (!shared) transporter.close();
  }
}

type SendResult = "sent" | "retrying" | "failed" | "skipped";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Records an email the SMTP server accepted. Never schedules a resend: the
 * update is tried again; if it still fails the email stays "sending" and,
 * its claim run out, is failed to be checked.
 */
async function recordSent(services: Services, row: OutboxRow, claimedUntil: Date, messageId: string | null) {
  const db = services.database.db;
  const attempts = row.attempts + 1;
  const sent = {
    status: "sent",
    attempts,
    sentAt: services.clock.now(),
    messageId,
    claimedUntil: null,
    lastError: null,
  };
  for (let retry = 0; ; retry++) {
    try {
      const [recorded] = await services.database.query(
        `update outbox_emails set status = 'sent', attempts = $1, sent_at = $2, message_id = $3, claimed_until = null,
           last_error = null where id = $4 and status = 'sending' and claimed_until = $5 returning id`,
        [attempts, sent.sentAt, messageId, row.id, claimedUntil],
      );
      if (recorded) return;
      // Taken for interrupted meanwhile (failed, to be checked, and no one retried it since): it did leave.
      const [corrected] = await db
        .update(outboxEmails)
        .set(sent)
        .where(
          and(
            eq(outboxEmails.id, row.id),
            eq(outboxEmails.status, "failed"),
            eq(outboxEmails.lastError, INTERRUPTED_ERROR),
            eq(outboxEmails.attempts, attempts),
          ),
        )
        .returning({ id: outboxEmails.id });
      services.logger.warn(
        { emailId: row.id, corrected: Boolean(corrected) },
        "outbox: email sent after its claim was lost",
      );
      return;
    } catch (error) {
      const pause = RECORD_SENT_RETRY_MS[retry];
      if (pause === undefined) {
        services.logger.error(
          { err: errorText(error), emailId: row.id },
          "outbox: email sent but not recorded; left sending, it will not be sent again",
        );
        return;
      }
      await sleep(pause);
    }
  }
}

/** Records a send that did not go (to retry with back-off), or one that may have (failed, to be checked). */
async function recordFailure(
  services: Services,
  row: OutboxRow,
  claimedUntil: Date,
  failure: { error: unknown; mayHaveLeft: boolean; permanent?: boolean },
): Promise<SendResult> {
  const now = services.clock.now();
  const attempts = row.attempts + 1;
  const permanent = !failure.mayHaveLeft && failure.permanent === true;
  const failedForGood = failure.mayHaveLeft || permanent || attempts >= MAX_ATTEMPTS;
  const reason = `Échec de l'envoi : ${errorText(failure.error)}`;
  const recorded = await services.database.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(outboxEmails)
      .set({
        status: failedForGood ? "failed" : "pending",
        attempts,
        lastError: failure.mayHaveLeft ? INTERRUPTED_ERROR : permanent ? `${PERMANENT_ERROR} ${reason}` : reason,
        nextAttemptAt: failedForGood ? now : new Date(now.getTime() + backoffAfter(attempts)),
        claimedUntil: null,
      })
      .where(stillHeld(row.id, claimedUntil))
      .returning({ id: outboxEmails.id });
    // Refused for good: the address is marked invalid (no campaign goes to it again) and a campaign's
    // recipient bounced, with the failure, in the same transaction.
    if (updated && permanent) await recordBounce(tx, row, now, errorText(failure.error));
    return updated;
  });
  if (!recorded) {
    services.logger.warn({ emailId: row.id }, "outbox: send failed after its claim was lost; left to its new state");
    return "skipped";
  }
  services.logger.warn(
    { emailId: row.id, attempts, failedForGood, permanent, mayHaveLeft: failure.mayHaveLeft },
    "outbox: sending failed",
  );
  return failedForGood ? "failed" : "retrying";
}

/** A permanent refusal (5xx): the person's address, if this email went to it, is invalid from now on. */
async function recordBounce(tx: Executor, row: OutboxRow, now: Date, reason: string): Promise<void> {
  if (row.personId) {
    const addresses = row.toAddresses.map((a) => a.trim().toLowerCase());
    await tx
      .update(people)
      .set({ emailInvalidAt: now, emailInvalidAddress: sql`lower(btrim(${people.email}))`, emailInvalidReason: reason })
      .where(and(eq(people.id, row.personId), inArray(sql`lower(btrim(${people.email}))`, addresses)));
  }
  await tx
    .update(campaignRecipients)
    .set({ status: "bounced", failedAt: now, reason })
    .where(eq(campaignRecipients.outboxEmailId, row.id));
}

/** Sends one claimed email and records the outcome; returns it. */
async function sendClaimed(
  services: Services,
  smtpUrl: string,
  row: OutboxRow,
  timeoutMs: number,
  transport?: Transporter,
): Promise<SendResult> {
  const db = services.database.db;
  if (!row.claimedUntil) return "skipped";
  // Everything slow but the exchange itself (reading documents, rendering a quote) comes before the claim is renewed.
  let attachments: MailAttachment[];
  try {
    attachments = await Promise.all(row.attachments.map((a) => resolveAttachment(db, a)));
  } catch (error) {
    return recordFailure(services, row, row.claimedUntil, { error, mayHaveLeft: false });
  }
  // Renewed just before sending, for the whole exchange (SEND_TIMEOUT_MS is well under CLAIM_MS).
  const claimedUntil = new Date(services.clock.now().getTime() + CLAIM_MS);
  // Plain SQL on this hot path (one per email; a campaign sends thousands): the same compare-and-set.
  const [held] = await services.database.query(
    "update outbox_emails set claimed_until = $1 where id = $2 and status = 'sending' and claimed_until = $3 returning id",
    [claimedUntil, row.id, row.claimedUntil],
  );
  if (!held) return "skipped";
  const delivery = await deliver(
    smtpUrl,
    {
      from: row.fromAddress,
      to: row.toAddresses,
      cc: row.ccAddresses.length > 0 ? row.ccAddresses : undefined,
      subject: row.subject,
      text: row.bodyText,
      html: row.bodyHtml ?? undefined,
      headers: Object.keys(row.headers).length > 0 ? row.headers : undefined,
      attachments,
    },
    timeoutMs,
    transport,
  );
  if (delivery.outcome === "accepted") {
    await recordSent(services, row, claimedUntil, delivery.messageId);
    return "sent";
  }
  return recordFailure(services, row, claimedUntil, {
    error: delivery.error,
    mayHaveLeft: delivery.outcome === "unknown",
    permanent: delivery.outcome === "refused" && delivery.permanent === true,
  });
}

interface RunOptions {
  limit: number;
  id?: string;
  sendTimeoutMs?: number;
  /** Sends in flight at once, through one pooled transport (default 1, a connection per email). */
  concurrency?: number;
}

async function run(services: Services, options: RunOptions): Promise<OutboxRun> {
  const outcome: OutboxRun = { sent: 0, retrying: 0, failed: 0, waiting: 0 };
  const { id } = options;
  outcome.failed += await failInterrupted(services, services.clock.now(), id);
  const smtpUrl = services.config.smtpUrl;
  if (!smtpUrl) {
    outcome.waiting = await markWaiting(services, services.clock.now(), id);
    return outcome;
  }
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const timeoutMs = options.sendTimeoutMs ?? SEND_TIMEOUT_MS;
  const count = (result: SendResult) => {
    if (result === "sent") outcome.sent += 1;
    else if (result === "failed") outcome.failed += 1;
    else if (result === "retrying") outcome.retrying += 1;
  };
  if (concurrency === 1 || id) {
    for (let n = 0; n < options.limit; n++) {
      const row = await claimNext(services.database.db, services.clock.now(), id);
      if (!row) break;
      count(await sendClaimed(services, smtpUrl, row, timeoutMs));
    }
    return outcome;
  }
  const transport = openTransport(smtpUrl, true);
  const queue = claimedQueue(services, options.limit, concurrency);
  // Each sender takes the next claimed email as soon as its last one is recorded; a few are claimed
  // ahead (one transaction for several), never so many that a claim could run out while they wait.
  const sender = async () => {
    for (let row = await queue.next(); row; row = await queue.next()) {
      count(await sendClaimed(services, smtpUrl, row, timeoutMs, transport));
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, sender));
  } finally {
    transport.close();
    await queue.release();
  }
  return outcome;
}

/**
 * Takes up to `count` due emails at once, atomically (`for update skip locked`, then the claim), like
 * `claimNext` for several.
 */
async function claimBatch(db: Db, now: Date, count: number): Promise<OutboxRow[]> {
  return db.transaction(async (tx) => {
    const candidates = await tx
      .select({ id: outboxEmails.id })
      .from(outboxEmails)
      .where(dueNow(now))
      .orderBy(asc(outboxEmails.nextAttemptAt), asc(outboxEmails.createdAt))
      .limit(count)
      .for("update", { skipLocked: true });
    if (candidates.length === 0) return [];
    return tx
      .update(outboxEmails)
      .set({ status: "sending", claimedUntil: new Date(now.getTime() + CLAIM_MS) })
      .where(
        inArray(
          outboxEmails.id,
          candidates.map((c) => c.id),
        ),
      )
      .returning();
  });
}

/** The emails claimed ahead for `concurrency` senders, at most `limit` in the pass. */
function claimedQueue(services: Services, limit: number, concurrency: number) {
  const ready: OutboxRow[] = [];
  let taken = 0;
  let exhausted = false;
  let claiming: Promise<void> | undefined;
  let failure: unknown;
  const refill = () => {
    claiming ??= (async () => {
      try {
        const want = Math.min(concurrency * 4 - ready.length, limit - taken);
        const batch = want > 0 ? await claimBatch(services.database.db, services.clock.now(), want) : [];
        taken += batch.length;
        ready.push(...batch);
        if (batch.length === 0 || taken >= limit) exhausted = true;
      } catch (error) {
        failure = error;
        exhausted = true;
      }
    })().finally(() => {
      claiming = undefined;
    });
    return claiming;
  };
  return {
    async next(): Promise<OutboxRow | undefined> {
      for (;;) {
        if (ready.length <= concurrency && !exhausted) void refill();
        const row = ready.shift();
        if (row) return row;
        if (claiming) await claiming;
        else if (failure) throw failure;
        else if (exhausted) return undefined;
      }
    },
    /** Claimed and never begun (a sender failed): back to waiting as they were. */
    async release(): Promise<void> {
      await claiming;
      for (const row of ready.splice(0)) {
        if (!row.claimedUntil) continue;
        await services.database.db
          .update(outboxEmails)
          .set({ status: "pending", claimedUntil: null })
          .where(stillHeld(row.id, row.claimedUntil));
      }
    },
  };
}

/**
 * One pass of the sender: sends up to `limit` due emails, each at most once;
 * failures go back to waiting with back-off, or fail for good after
 * MAX_ATTEMPTS; a send that may have left is failed, to be checked.
 * All times come from the injected clock (`sendTimeoutMs`: tests only).
 */
export function processOutbox(
  services: Services,
  options: { limit?: number; sendTimeoutMs?: number; concurrency?: number } = {},
): Promise<OutboxRun> {
  return track(
    run(services, {
      limit: options.limit ?? 20,
      sendTimeoutMs: options.sendTimeoutMs,
      concurrency: options.concurrency,
    }),
  );
}

/** Sends this one email now if it is due (used right after the request that wrote it). */
export function sendEmailNow(services: Services, id: string): Promise<OutboxRun> {
  return track(run(services, { limit: 1, id }));
}

const inFlight = new Set<Promise<unknown>>();

function track<T>(promise: Promise<T>): Promise<T> {
  inFlight.add(promise);
  const forget = () => inFlight.delete(promise);
  promise.then(forget, forget);
  return promise;
}

/** Waits until every send started so far has finished (tests, shutdown). */
export async function settleDeliveries(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}

/** Runs the sender every `everyMs` (30 s) until stopped; one pass at a time. */
export function startOutboxWorker(services: Services, options: { everyMs?: number } = {}): { stop(): Promise<void> } {
  let current: Promise<unknown> | undefined;
  const tick = () => {
    if (current) return;
    // A campaign's e-mails come in hundreds a minute: a pass sends all that is due, a few at once.
    current = processOutbox(services, { limit: WORKER_PASS_LIMIT, concurrency: POOL_CONNECTIONS })
      .catch((error: unknown) => services.logger.error({ err: error }, "outbox: pass failed"))
      .finally(() => {
        current = undefined;
      });
  };
  const timer = setInterval(tick, options.everyMs ?? 30_000);
  timer.unref();
  tick();
  return {
    stop: async () => {
      clearInterval(timer);
      await current;
      await settleDeliveries();
    },
  };
}

/** Count of emails by status, for the navigation badge. */
export async function countWaiting(db: Executor): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(outboxEmails)
    .where(inArray(outboxEmails.status, ["pending", "sending", "failed"]));
  return row?.n ?? 0;
}
