import { and, eq, ne, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { sessions, users } from "../../db/schema/index.ts";
import { AppError, fieldError } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";

/** A signed-in user changes their own password; their other sessions are closed. */
export async function changePassword(ctx: Ctx, input: { currentPassword: string; newPassword: string }) {
  const { actor } = ctx;
  if (actor.type !== "user") throw new AppError(403, "forbidden");
  const { db } = ctx.database;
  const [user] = await db.select().from(users).where(eq(users.id, actor.id));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw fieldError("wrong_password", "currentPassword");
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, version: sql`${users.version} + 1`, updatedAt: ctx.clock.now() })
      .where(eq(users.id, actor.id));
    await tx.delete(sessions).where(and(eq(sessions.userId, actor.id), ne(sessions.id, actor.sessionId)));
    await recordAudit(tx, ctx.clock, actor, { action: "user.password_change", entityType: "user", entityId: actor.id });
  });
}
