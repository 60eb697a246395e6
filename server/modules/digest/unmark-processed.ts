import { inArray } from "drizzle-orm";
import { toIso } from "../../../shared/schemas.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { digestMarks } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { DigestMarkInput, DigestUnmarkResult } from "./digest.schema.ts";
import { checkInteractionsExist } from "./known-interactions.ts";

/**
 * Undoes a mistaken mark: the marks go (their time and author kept in the audit
 * event), the interactions come back in the digest; the interactions themselves
 * are never touched. Unknown ids refuse the whole request (422).
 */
export async function unmarkProcessed(ctx: Ctx, input: DigestMarkInput): Promise<DigestUnmarkResult> {
  authorize(ctx.actor, "digest.manage");
  const ids = [...new Set(input.interactionIds)];
  return ctx.database.db.transaction(async (tx) => {
    await checkInteractionsExist(tx, ids);
    const removed = await tx.delete(digestMarks).where(inArray(digestMarks.interactionId, ids)).returning();
    if (removed.length > 0) {
      await recordAudit(tx, ctx.clock, ctx.actor, {
        action: "digest.unprocess",
        entityType: "interaction",
        before: {
          marks: removed.map((mark) => ({
            interactionId: mark.interactionId,
            processedAt: toIso(mark.processedAt),
            processedBy: mark.processedBy,
          })),
        },
        after: { interactionIds: removed.map((mark) => mark.interactionId) },
      });
    }
    return { unmarked: removed.length, notProcessed: ids.length - removed.length };
  });
}
