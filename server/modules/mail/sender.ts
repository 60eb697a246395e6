import { and, asc, eq, inArray, lte, or, sql } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { MINUTE_MS } from "../../clock.ts";
import type { Services } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { documents, type OutboxAttachment, outboxEmails } from "../../db/schema/index.ts";
import { renderQuotePdf } from "../quotes/quote-pdf.ts";

type OutboxRow = typeof outboxEmails.$inferSelect;

/** How long a sender holds an email it is sending; past it, another instance may take it over. */
export const CLAIM_MS = 2 * MINUTE_MS;
/** Delay before the next try, after the 1st, 2nd… failure (the last one repeats). */
export const BACKOFF_MS = [1, 5, 15, 60, 360, 720, 1440].map((minutes) => minutes * MINUTE_MS);
/** After this many failed tries, an email is failed for good (an agent may still retry it by hand). */
export const MAX_ATTEMPTS = 8;
/** Recorded on waiting emails while no server is configured. */
export const NO_SMTP_ERROR = "Aucun serveur SMTP configuré (SMTP_URL)";
/** Without a server, waiting emails are looked at again this often (a server configured later sends them). */
const NO_SMTP_RECHECK_MS = MINUTE_MS;

export const backoffAfter = (attempts: number): number =>
  BACKOFF_MS[Math.min(Math.max(attempts, 1), BACKOFF_MS.length) - 1] as number;

export interface OutboxRun {
  sent: number;
  /** Failed this time, to be tried again later. */
  retrying: number;
  /** Failed for good this time. */
  failed: number;
  /** Left waiting because no SMTP server is configured. */
  waiting: number;
}

/** Emails due now: waiting and due, or claimed by a sender that has not finished in time. */
const due = (now: Date) =>
  or(
    and(eq(outboxEmails.status, "pending"), lte(outboxEmails.nextAttemptAt, now)),
    and(eq(outboxEmails.status, "sending"), lte(outboxEmails.claimedUntil, now)),
  );

/**
 * Takes due emails for this sender, atomically: `for update skip locked`
 * makes two instances (or two runs) take different emails, and the claim
 * (status sending until claimed_until) keeps the others off while it sends.
 */
async function claim(db: Executor, now: Date, limit: number, id?: string): Promise<OutboxRow[]> {
  const candidates = db
    .select({ id: outboxEmails.id })
    .from(outboxEmails)
    .where(id ? and(eq(outboxEmails.id, id), due(now)) : due(now))
    .orderBy(asc(outboxEmails.nextAttemptAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(outboxEmails)
    .set({ status: "sending", claimedUntil: new Date(now.getTime() + CLAIM_MS) })
    .where(and(inArray(outboxEmails.id, candidates), due(now)))
    .returning();
}

/** With no server configured: due emails stay waiting, with the reason, looked at again a bit later. */
async function markWaiting(services: Services, now: Date, id?: string): Promise<number> {
  const pendingDue = and(eq(outboxEmails.status, "pending"), lte(outboxEmails.nextAttemptAt, now));
  const rows = await services.database.db
    .update(outboxEmails)
    .set({ lastError: NO_SMTP_ERROR, nextAttemptAt: new Date(now.getTime() + NO_SMTP_RECHECK_MS) })
    .where(id ? and(eq(outboxEmails.id, id), pendingDue) : pendingDue)
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

/** Sends one claimed email and records the outcome; returns it. */
async function sendClaimed(
  services: Services,
  transporter: Transporter,
  row: OutboxRow,
): Promise<"sent" | "retrying" | "failed" | "skipped"> {
  const db = services.database.db;
  const attempts = row.attempts + 1;
  // Renew the claim just before sending: an email whose claim ran out while earlier ones were
  // being sent may have been taken over by another instance, and must not go twice.
  if (!row.claimedUntil) return "skipped";
  const [held] = await db
    .update(outboxEmails)
    .set({ claimedUntil: new Date(services.clock.now().getTime() + CLAIM_MS) })
    .where(
      and(
        eq(outboxEmails.id, row.id),
        eq(outboxEmails.status, "sending"),
        eq(outboxEmails.claimedUntil, row.claimedUntil),
      ),
    )
    .returning({ id: outboxEmails.id });
  if (!held) return "skipped";
  try {
    const attachments = await Promise.all(row.attachments.map((a) => resolveAttachment(db, a)));
    const info = await transporter.sendMail({
      from: row.fromAddress,
      to: row.toAddresses,
      cc: row.ccAddresses.length > 0 ? row.ccAddresses : undefined,
      subject: row.subject,
      text: row.bodyText,
      attachments,
    });
    await db
      .update(outboxEmails)
      .set({
        status: "sent",
        attempts,
        sentAt: services.clock.now(),
        messageId: typeof info.messageId === "string" ? info.messageId : null,
        claimedUntil: null,
        lastError: null,
      })
      .where(eq(outboxEmails.id, row.id));
    return "sent";
  } catch (error) {
    const now = services.clock.now();
    const failedForGood = attempts >= MAX_ATTEMPTS;
    await db
      .update(outboxEmails)
      .set({
        status: failedForGood ? "failed" : "pending",
        attempts,
        lastError: `Échec de l'envoi : ${errorText(error)}`,
        nextAttemptAt: failedForGood ? now : new Date(now.getTime() + backoffAfter(attempts)),
        claimedUntil: null,
      })
      .where(eq(outboxEmails.id, row.id));
    services.logger.warn({ emailId: row.id, attempts, failedForGood }, "outbox: sending failed");
    return failedForGood ? "failed" : "retrying";
  }
}

function openTransport(smtpUrl: string): Transporter {
  return createTransport({
    url: smtpUrl,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    // Well under the claim, so a stuck server does not let another sender take the email while it is sent.
    socketTimeout: 60_000,
  });
}

async function run(services: Services, limit: number, id?: string): Promise<OutboxRun> {
  const outcome: OutboxRun = { sent: 0, retrying: 0, failed: 0, waiting: 0 };
  const now = services.clock.now();
  const smtpUrl = services.config.smtpUrl;
  if (!smtpUrl) {
    outcome.waiting = await markWaiting(services, now, id);
    return outcome;
  }
  const claimed = (await claim(services.database.db, now, limit, id)).sort(
    (a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime(),
  );
  if (claimed.length === 0) return outcome;
  const transporter = openTransport(smtpUrl);
  try {
    for (const row of claimed) {
      const result = await sendClaimed(services, transporter, row);
      if (result === "sent") outcome.sent += 1;
      else if (result === "failed") outcome.failed += 1;
      else if (result === "retrying") outcome.retrying += 1;
    }
  } finally {
    transporter.close();
  }
  return outcome;
}

/**
 * One pass of the sender: claims up to `limit` due emails and sends them,
 * each at most once; failures go back to waiting with back-off, or fail for
 * good after MAX_ATTEMPTS. All times come from the injected clock.
 */
export function processOutbox(services: Services, options: { limit?: number } = {}): Promise<OutboxRun> {
  return track(run(services, options.limit ?? 20));
}

/** Sends this one email now if it is due (used right after the request that wrote it). */
export function sendEmailNow(services: Services, id: string): Promise<OutboxRun> {
  return track(run(services, 1, id));
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
    current = processOutbox(services)
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
