import { and, eq, ne, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { sessions, users } from "../../db/schema/index.ts";
import { AppError, fieldError } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { lockUser } from "../users/update-user.ts";
import { checkPasswordStrength } from "./password-strength.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { forgetCachedSessions } from "./sessions.ts";
import { recordAttempt, recordSuccess } from "./throttle.ts";

/**
 * A signed-in user changes their own password; their other sessions are closed.
 * Guesses of the current password are throttled like logins.
 */
export async function changePassword(ctx: Ctx, input: { currentPassword: string; newPassword: string; ip: string }) {
  const { actor } = ctx;
  if (actor.type !== "user") throw new AppError(403, "forbidden");
  const [owner] = await ctx.database.db.select().from(users).where(eq(users.id, actor.id));
  if (!owner) throw new AppError(403, "forbidden");
  const weakness = checkPasswordStrength(input.newPassword, { ...owner, current: input.currentPassword });
  if (weakness) throw fieldError(weakness, "newPassword");
  const attemptId = await recordAttempt(ctx, actor.label, input.ip);
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.database.db.transaction(async (tx) => {
    // Checked on the locked row, so a concurrent reset by an admin is not overwritten unseen.
    const user = await lockUser(tx, actor.id);
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw fieldError("wrong_password", "currentPassword");
    }
    await recordSuccess(tx, attemptId, ctx.clock.now());
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, version: sql`${users.version} + 1`, updatedAt: ctx.clock.now() })
      .where(eq(users.id, actor.id));
    await tx.delete(sessions).where(and(eq(sessions.userId, actor.id), ne(sessions.id, actor.sessionId)));
    await recordAudit(tx, ctx.clock, actor, { action: "user.password_change", entityType: "user", entityId: actor.id });
  });
  forgetCachedSessions(ctx.database, actor.id);
}
