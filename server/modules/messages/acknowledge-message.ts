import { eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { phoneMessages } from "../../db/schema/index.ts";
import { AppError, notFound, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import { completeTasksForSource } from "../tasks/complete-for-source.ts";
import type { MessageView } from "./message.schema.ts";
import { loadMessageView } from "./present.ts";

/**
 * Marks a message as received and dealt with: it leaves the inboxes. A message
 * is acknowledged once; the second attempt says by whom and when (409). A
 * message for a person is acknowledged by that person (or an admin), so that it
 * cannot leave its recipient's inbox unseen (procedure 3: « s'assure que le message pris a
 * bien été transmis à la personne appropriée »); a service's, by anyone at the desk.
 */
export async function acknowledgeMessage(ctx: Ctx, id: string, input: { version: number }): Promise<MessageView> {
  authorize(ctx.actor, "calls.write");
  const { timeZone } = (await readSettings(ctx.database.db)).settings;
  const now = ctx.clock.now();
  return ctx.database.db.transaction(async (tx) => {
    const [row] = await tx.select().from(phoneMessages).where(eq(phoneMessages.id, id)).for("update");
    if (!row) throw notFound("message");
    if (row.acknowledgedAt) {
      const before = await loadMessageView(tx, id);
      const by = before.acknowledgedBy
        ? ctx.actor.type === "user" && before.acknowledgedBy.id === ctx.actor.id
          ? " par vous-même"
          : ` par ${before.acknowledgedBy.name}`
        : "";
      const when = new Intl.DateTimeFormat("fr-FR", {
        timeZone,
        day: "2-digit",
        month: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
      }).format(row.acknowledgedAt);
      throw new AppError(409, "message_already_acknowledged", {
        message: `Ce message a déjà été pris en compte${by} le ${when}.`,
        details: { acknowledgedAt: before.acknowledgedAt, acknowledgedBy: before.acknowledgedBy },
      });
    }
    if (row.forUserId && !isRecipientOrAdmin(ctx, row.forUserId)) {
      const { forUser } = await loadMessageView(tx, id);
      throw new AppError(403, "message_for_someone_else", {
        message: forUser
          ? `Ce message est adressé à ${forUser.name} : seul son destinataire ou un administrateur peut le marquer comme pris en compte.`
          : undefined,
        details: { forUserId: row.forUserId },
      });
    }
    if (row.version !== input.version) throw versionConflict(row.version);
    await tx
      .update(phoneMessages)
      .set({
        acknowledgedAt: now,
        acknowledgedBy: ctx.actor.type === "user" ? ctx.actor.id : null,
        version: sql`${phoneMessages.version} + 1`,
      })
      .where(eq(phoneMessages.id, id));
    const after = await loadMessageView(tx, id);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "message.acknowledge",
      entityType: "phone_message",
      entityId: id,
      after: { acknowledgedAt: after.acknowledgedAt, acknowledgedBy: after.acknowledgedBy },
    });
    // Its follow-up task (rule message-ack) is done now, not at the engine's next run.
    await completeTasksForSource(tx, ctx.clock, ctx.actor, {
      rule: "message-ack",
      sourceType: "message",
      sourceId: id,
      outcome: "done",
    });
    return after;
  });
}

const isRecipientOrAdmin = (ctx: Ctx, forUserId: string) =>
  ctx.actor.role === "admin" || (ctx.actor.type === "user" && ctx.actor.id === forUserId);
