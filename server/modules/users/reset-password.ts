import { eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { sessions, users } from "../../db/schema/index.ts";
import { fieldError, notFound } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { checkPasswordStrength } from "../auth/password-strength.ts";
import { hashPassword } from "../auth/passwords.ts";
import { forgetCachedSessions } from "../auth/sessions.ts";
import { lockUser } from "./update-user.ts";

/** An admin (or the CLI) sets a temporary password; the user must change it and is signed out everywhere. */
export async function resetPassword(ctx: Ctx, id: string, password: string): Promise<void> {
  authorize(ctx.actor, "users.manage");
  const [owner] = await ctx.database.db.select().from(users).where(eq(users.id, id));
  if (!owner) throw notFound("user");
  const weakness = checkPasswordStrength(password, owner);
  if (weakness) throw fieldError(weakness, "password");
  const passwordHash = await hashPassword(password);
  await ctx.database.db.transaction(async (tx) => {
    await lockUser(tx, id);
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, version: sql`${users.version} + 1`, updatedAt: ctx.clock.now() })
      .where(eq(users.id, id));
    await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAudit(tx, ctx.clock, ctx.actor, { action: "user.password_reset", entityType: "user", entityId: id });
  });
  forgetCachedSessions(ctx.database, id);
}
