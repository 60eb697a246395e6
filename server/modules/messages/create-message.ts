import { eq } from "drizzle-orm";
import { can } from "../../../shared/permissions.ts";
import type { Role } from "../../../shared/roles.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { phoneMessages, users } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { checkCapturedAt, ruleError } from "../calls/line-fields.ts";
import { checkReferences, phoneOrNull } from "../calls/references.ts";
import type { CreateMessageInput, MessageView } from "./message.schema.ts";
import { loadMessageView } from "./present.ts";

/**
 * Takes a message for a person or a service (procedure 3: "Si l'interlocuteur
 * souhaite laisser un message, s'assure que le message pris a bien été transmis
 * à la personne appropriée"): it stays in the recipient's inbox until acknowledged.
 */
export async function createMessage(ctx: Ctx, input: CreateMessageInput): Promise<MessageView> {
  authorize(ctx.actor, "calls.write");
  if (!input.forUserId && !input.forServiceId) throw ruleError("message_recipient_required", "forUserId");
  const callerPhone = phoneOrNull(input.callerPhone, "callerPhone") ?? null;
  const now = ctx.clock.now();
  const capturedAt = checkCapturedAt(input.capturedAt, now);
  return ctx.database.db.transaction(async (tx) => {
    await checkReferences(tx, [
      { field: "forUserId", kind: "user", id: input.forUserId },
      { field: "forServiceId", kind: "service", id: input.forServiceId },
      { field: "callId", kind: "call", id: input.callId },
      { field: "personId", kind: "person", id: input.personId },
    ]);
    if (input.forUserId) {
      // A message waits for its recipient to acknowledge it: a read-only account never could.
      const [recipient] = await tx.select({ role: users.role }).from(users).where(eq(users.id, input.forUserId));
      if (recipient && !can(recipient.role as Role, "calls.write")) {
        throw ruleError("message_recipient_read_only", "forUserId");
      }
    }
    const [row] = await tx
      .insert(phoneMessages)
      .values({
        forUserId: input.forUserId ?? null,
        forServiceId: input.forServiceId ?? null,
        callId: input.callId ?? null,
        callerName: input.callerName || null,
        callerPhone,
        personId: input.personId ?? null,
        body: input.body,
        capturedAt,
        createdAt: now,
        createdBy: ctx.actor.type === "user" ? ctx.actor.id : null,
      })
      .returning({ id: phoneMessages.id });
    if (!row) throw new Error("insert returned no row");
    const view = await loadMessageView(tx, row.id);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "message.create",
      entityType: "phone_message",
      entityId: row.id,
      after: view,
    });
    return view;
  });
}
