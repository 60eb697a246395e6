import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { calls } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CallView, CreateCallInput } from "./call.schema.ts";
import { checkCapturedAt, resolveLineChanges } from "./line-fields.ts";
import { loadCallView } from "./present.ts";

/**
 * Logs an incoming call or a visit in the register (procedures 1 and 3: every
 * call, identified or not). The signed-in user is who answered. The line may
 * be saved half-done, without an outcome, and completed later. A line typed
 * offline (`capturedAt`) is timed by its capture, not by its arrival.
 */
export async function createCall(ctx: Ctx, input: CreateCallInput): Promise<CallView> {
  authorize(ctx.actor, "calls.write");
  const now = ctx.clock.now();
  const capturedAt = checkCapturedAt(input.capturedAt, now);
  return ctx.database.db.transaction(async (tx) => {
    const changes = await resolveLineChanges(tx, input, null, now, capturedAt ?? now);
    const [row] = await tx
      .insert(calls)
      .values({
        receivedAt: capturedAt ?? now,
        capturedAt,
        ...changes,
        channel: input.channel,
        answeredBy: ctx.actor.type === "user" ? ctx.actor.id : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: calls.id });
    if (!row) throw new Error("insert returned no row");
    const view = await loadCallView(tx, row.id);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "call.create",
      entityType: "call",
      entityId: row.id,
      after: view,
    });
    return view;
  });
}
