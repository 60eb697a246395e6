import type { Clock } from "../../clock.ts";
import type { Actor } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { auditEvents } from "../../db/schema/index.ts";

export interface AuditEntry {
  /** Verb-first, dotted: "user.create", "settings.update", "auth.login". */
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Writes one audit event. Call it with the transaction of the change it
 * describes, so the change and its trace commit or vanish together.
 */
export async function recordAudit(tx: Executor, clock: Clock, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values({
    occurredAt: clock.now(),
    actorType: actor.type,
    actorId: actor.type === "system" ? null : actor.id,
    actorLabel: actor.label,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
