import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { type RunMode, type RunResult, runFollowUpEngine } from "./engine.ts";
import { RULES } from "./rules/index.ts";

/** Runs the follow-up engine on demand, as of now or of a chosen instant (audited with what it did). */
export async function runFollowUp(ctx: Ctx, input: { asOf?: string; mode?: RunMode }): Promise<RunResult> {
  authorize(ctx.actor, "followup.run");
  const asOf = input.asOf ? new Date(input.asOf) : ctx.clock.now();
  const result = await runFollowUpEngine(ctx.database, ctx.clock, asOf, {
    trigger: ctx.actor.type === "system" ? "cli" : "api",
    triggeredBy: ctx.actor.type === "user" ? ctx.actor.id : null,
    mode: input.mode ?? "full",
  });
  await recordAudit(ctx.database.db, ctx.clock, ctx.actor, {
    action: "followup.run",
    entityType: "followup",
    entityId: result.asOf,
    after: result,
  });
  return result;
}

export function listRules(ctx: Ctx) {
  authorize(ctx.actor, "tasks.read");
  return {
    items: RULES.map((r) => ({ id: r.id, procedure: r.procedure, quote: r.quote, assigneeRole: r.assigneeRole })),
  };
}
