import { and, eq } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { outboxEmails } from "../../db/schema/index.ts";
import { AppError, notFound } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { loadOutboxEmail, visibleEmails } from "./list-outbox.ts";
import { deliverSoon } from "./outbox.ts";
import { processOutbox } from "./sender.ts";

/**
 * An agent asks to send a waiting or failed email now: it becomes due at
 * once (a failed one gets one more try) and is sent in the background.
 * One being sent is left alone; one already sent is refused. Without
 * `mail.manage`, only an email the caller wrote (another's is a 404).
 */
export async function retryEmail(ctx: Ctx, id: string) {
  authorize(ctx.actor, "mail.send");
  const view = await ctx.database.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(outboxEmails)
      .where(and(eq(outboxEmails.id, id), visibleEmails(ctx.actor)))
      .for("update");
    if (!row) throw notFound("email");
    if (row.status === "sent") throw new AppError(409, "email_already_sent");
    if (row.status === "pending" || row.status === "failed") {
      await tx
        .update(outboxEmails)
        .set({ status: "pending", nextAttemptAt: ctx.clock.now(), claimedUntil: null })
        .where(eq(outboxEmails.id, id));
      await recordAudit(tx, ctx.clock, ctx.actor, {
        action: "email.retry",
        entityType: "outbox_email",
        entityId: id,
        before: { status: row.status, attempts: row.attempts },
      });
    }
    return loadOutboxEmail(tx, id, ctx.actor);
  });
  deliverSoon(ctx, id);
  return view;
}

/**
 * Runs the sender over the whole outbox now (the button of the outbox page; the
 * worker does it every 30 s anyway): `mail.manage` only, an agent retries their own.
 */
export async function processOutboxNow(ctx: Ctx) {
  authorize(ctx.actor, "mail.manage");
  return processOutbox(ctx);
}
