import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { sessions } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { forgetCachedSessions } from "./sessions.ts";

/** Ends the caller's session. */
export async function logout(ctx: Ctx): Promise<void> {
  const { actor } = ctx;
  if (actor.type !== "user") return;
  await ctx.database.db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, actor.sessionId));
    await recordAudit(tx, ctx.clock, actor, { action: "auth.logout", entityType: "user", entityId: actor.id });
  });
  forgetCachedSessions(ctx.database, actor.id);
}
