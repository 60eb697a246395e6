import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { digestMarks } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { DigestMarkInput, DigestMarkResult } from "./digest.schema.ts";
import { checkInteractionsExist } from "./known-interactions.ts";

/**
 * Marks interactions processed once the secretaries have handled them (procedure 2:
 * « responsable […] de leur suppression une fois traitées par les secrétaires »;
 * DESIGN §3: the lines leave the list, nothing is deleted). Idempotent: an
 * interaction already processed keeps its first mark. Any unknown id refuses the
 * whole request (422) before anything is written.
 */
export async function markProcessed(ctx: Ctx, input: DigestMarkInput): Promise<DigestMarkResult> {
  authorize(ctx.actor, "digest.manage");
  const ids = [...new Set(input.interactionIds)];
  const now = ctx.clock.now();
  return ctx.database.db.transaction(async (tx) => {
    await checkInteractionsExist(tx, ids);
    const inserted = await tx
      .insert(digestMarks)
      .values(
        ids.map((interactionId) => ({
          interactionId,
          processedAt: now,
          processedBy: ctx.actor.type === "user" ? ctx.actor.id : null,
        })),
      )
      .onConflictDoNothing({ target: digestMarks.interactionId })
      .returning({ id: digestMarks.interactionId });
    if (inserted.length > 0) {
      await recordAudit(tx, ctx.clock, ctx.actor, {
        action: "digest.process",
        entityType: "interaction",
        after: { interactionIds: inserted.map((row) => row.id), processedAt: now.toISOString() },
      });
    }
    return { marked: inserted.length, alreadyProcessed: ids.length - inserted.length };
  });
}
