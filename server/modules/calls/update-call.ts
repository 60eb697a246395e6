import { eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { calls } from "../../db/schema/index.ts";
import { versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CallView, UpdateCallInput } from "./call.schema.ts";
import { resolveLineChanges } from "./line-fields.ts";
import { loadCallView, lockCall } from "./present.ts";

/**
 * Completes or corrects a register line (the paper-notebook case: a line saved
 * half-done is completed later). Based on a stale version it is refused (409).
 */
export async function updateCall(ctx: Ctx, id: string, input: UpdateCallInput): Promise<CallView> {
  authorize(ctx.actor, "calls.write");
  const now = ctx.clock.now();
  return ctx.database.db.transaction(async (tx) => {
    const current = await lockCall(tx, id);
    if (current.version !== input.version) throw versionConflict(current.version);
    const before = await loadCallView(tx, id);
    const { version: _version, ...fields } = input;
    const changes = await resolveLineChanges(tx, fields, current, now);
    await tx
      .update(calls)
      .set({ ...changes, version: sql`${calls.version} + 1`, updatedAt: now })
      .where(eq(calls.id, id));
    const after = await loadCallView(tx, id);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "call.update",
      entityType: "call",
      entityId: id,
      before,
      after,
    });
    return after;
  });
}
