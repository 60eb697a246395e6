import { desc, inArray, sql } from "drizzle-orm";
import { toIsoOrNull } from "../../../shared/schemas.ts";
import type { Actor } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { outboxEmails } from "../../db/schema/index.ts";
import type { InteractionEmail } from "../interactions/interaction.schema.ts";
import { visibleEmails } from "./list-outbox.ts";
import { INTERRUPTED_ERROR } from "./sender.ts";

/**
 * Where the email of each interaction stands (documentation, quote), for the
 * person's timeline: waiting, being sent, sent, failed, or to check (a send cut
 * off after the server had the whole message). The outbox line's id only when
 * the actor may open it (the outbox's own rule, `visibleEmails`); otherwise the
 * state alone. The newest email when an interaction has more than one.
 */
export async function emailsOfInteractions(
  executor: Executor,
  actor: Actor,
  interactionIds: string[],
): Promise<Map<string, InteractionEmail>> {
  const found = new Map<string, InteractionEmail>();
  if (interactionIds.length === 0) return found;
  const visible = visibleEmails(actor) ?? sql`true`;
  const rows = await executor
    .select({
      interactionId: outboxEmails.interactionId,
      id: outboxEmails.id,
      purpose: outboxEmails.purpose,
      status: outboxEmails.status,
      lastError: outboxEmails.lastError,
      to: outboxEmails.toAddresses,
      sentAt: outboxEmails.sentAt,
      visible: sql<boolean>`coalesce((${visible}), false)`,
    })
    .from(outboxEmails)
    .where(inArray(outboxEmails.interactionId, interactionIds))
    .orderBy(desc(outboxEmails.createdAt), desc(outboxEmails.id));
  for (const row of rows) {
    if (!row.interactionId || found.has(row.interactionId)) continue;
    found.set(row.interactionId, {
      id: row.visible ? row.id : null,
      purpose: row.purpose as InteractionEmail["purpose"],
      state:
        row.status === "failed" && row.lastError === INTERRUPTED_ERROR
          ? "to_check"
          : (row.status as InteractionEmail["state"]),
      to: row.to,
      sentAt: toIsoOrNull(row.sentAt),
    });
  }
  return found;
}
