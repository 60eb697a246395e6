import { eq } from "drizzle-orm";
import type { Ctx, Services } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { type OutboxAttachment, outboxEmails, users } from "../../db/schema/index.ts";
import { describeError } from "../../http/error-handler.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import { sendEmailNow } from "./sender.ts";

export type { OutboxAttachment };

export type EmailPurpose = "documentation" | "quote" | "other";
export type EmailStatus = "pending" | "sending" | "sent" | "failed";

export interface NewEmail {
  purpose: EmailPurpose;
  /** "user": the signed-in user's address; "clinic": the clinic's (settings.clinicEmail). */
  from: "user" | "clinic";
  to: string[];
  cc?: string[];
  subject: string;
  bodyText: string;
  attachments?: OutboxAttachment[];
  personId?: string | null;
  interactionId?: string | null;
}

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Keeps the first of addresses equal but for case and spaces. */
function unique(addresses: string[]): string[] {
  const kept: string[] = [];
  for (const address of addresses.map((a) => a.trim()).filter((a) => a.length > 0)) {
    if (!kept.some((k) => sameAddress(k, address))) kept.push(address);
  }
  return kept;
}

/** The address an email leaves from: the signed-in user's, else the clinic's. */
async function fromAddress(tx: Executor, ctx: Ctx, from: "user" | "clinic", clinicEmail: string): Promise<string> {
  if (from === "clinic" || ctx.actor.type !== "user") return clinicEmail;
  const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, ctx.actor.id));
  return user?.email ?? clinicEmail;
}

/**
 * Puts an email in the outbox, in the caller's transaction: it commits or
 * vanishes with what asked for it. The clinic's address is always in copy
 * (procedure 1: « en mettant info@nest.sn en copie »). Call `deliverSoon`
 * after the commit to try sending it at once.
 */
export async function enqueueEmail(tx: Executor, ctx: Ctx, email: NewEmail): Promise<{ id: string; status: string }> {
  const { settings } = await readSettings(tx);
  const from = await fromAddress(tx, ctx, email.from, settings.clinicEmail);
  const to = unique(email.to);
  // The clinic's address in copy, unless it already receives the email.
  const cc = unique([...(email.cc ?? []), settings.clinicEmail]).filter(
    (address) => !to.some((t) => sameAddress(t, address)),
  );
  const now = ctx.clock.now();
  const [row] = await tx
    .insert(outboxEmails)
    .values({
      purpose: email.purpose,
      fromAddress: from,
      toAddresses: to,
      ccAddresses: cc,
      subject: email.subject,
      bodyText: email.bodyText,
      attachments: email.attachments ?? [],
      personId: email.personId ?? null,
      interactionId: email.interactionId ?? null,
      status: "pending",
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
      createdBy: ctx.actor.type === "user" ? ctx.actor.id : null,
    })
    .returning({ id: outboxEmails.id, status: outboxEmails.status });
  if (!row) throw new Error("outbox insert returned no row");
  await recordAudit(tx, ctx.clock, ctx.actor, {
    action: "email.enqueue",
    entityType: "outbox_email",
    entityId: row.id,
    after: { purpose: email.purpose, personId: email.personId ?? null, attachments: email.attachments?.length ?? 0 },
  });
  return row;
}

/**
 * After the caller's commit: tries to send this email now, in the
 * background. A failure is recorded on the email (and retried later by the
 * worker); it never reaches the request.
 */
export function deliverSoon(services: Ctx | Services, id: string): void {
  void attempt(services, id);
}

function attempt(services: Services, id: string): Promise<unknown> {
  return sendEmailNow(services, id).catch((error: unknown) => {
    services.logger.warn({ err: describeError(error), emailId: id }, "outbox: immediate delivery failed");
  });
}

/**
 * Like `deliverSoon`, but waits for the outcome at most `maxMs`, then tells
 * where the email stands: "sent", or "pending" (waiting in the outbox, its
 * error on it) while a slow server is still being tried in the background.
 */
export async function deliverAndWait(services: Services, id: string, maxMs: number): Promise<EmailStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, maxMs);
  });
  await Promise.race([attempt(services, id), timeout]);
  clearTimeout(timer);
  const [row] = await services.database.db
    .select({ status: outboxEmails.status })
    .from(outboxEmails)
    .where(eq(outboxEmails.id, id));
  // Still being sent when the wait ends: it is not sent yet.
  const status = (row?.status ?? "pending") as EmailStatus;
  return status === "sending" ? "pending" : status;
}
