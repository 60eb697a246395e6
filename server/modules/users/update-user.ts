import { and, eq, ne, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { sessions, users } from "../../db/schema/index.ts";
import { fieldError, notFound, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { forgetCachedSessions } from "../auth/sessions.ts";
import { refuseTakenEmail } from "./create-user.ts";
import { auditUser, presentUser } from "./present.ts";
import { rethrowEmailTaken } from "./queries.ts";
import type { UpdateUserInput } from "./user.schema.ts";

/**
 * An admin edits an account: names, e-mail, role, active. The edit must be based
 * on the current version (409 otherwise); deactivating closes the user's sessions.
 */
export async function updateUser(ctx: Ctx, id: string, input: UpdateUserInput) {
  authorize(ctx.actor, "users.manage");
  const { version, ...changes } = input;
  const updated = ctx.database.db.transaction(async (tx) => {
    const before = await lockUser(tx, id);
    if (before.version !== version) throw versionConflict(before.version);
    if (changes.email) await refuseTakenEmail(tx, changes.email, id);
    if (changes.active === false && ctx.actor.type === "user" && ctx.actor.id === id) {
      throw fieldError("self_deactivation", "active");
    }
    const losesAdmin =
      before.role === "admin" && (changes.active === false || (changes.role && changes.role !== "admin"));
    if (losesAdmin && (await countOtherActiveAdmins(tx, id)) === 0) {
      throw fieldError("last_admin", changes.active === false ? "active" : "role");
    }
    const [after] = await tx
      .update(users)
      .set({ ...changes, version: sql`${users.version} + 1`, updatedAt: ctx.clock.now() })
      .where(eq(users.id, id))
      .returning();
    if (!after) throw notFound("user");
    if (!after.active || after.role !== before.role) {
      // A role change or a deactivation takes effect at once, not at the next login.
      await tx.delete(sessions).where(eq(sessions.userId, id));
    }
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "user.update",
      entityType: "user",
      entityId: id,
      before: auditUser(before),
      after: auditUser(after),
    });
    return presentUser(after);
  });
  const user = await updated.catch(rethrowEmailTaken);
  forgetCachedSessions(ctx.database, id);
  return user;
}

/** Reads a user row for update (locked until the transaction ends), or 404. */
export async function lockUser(tx: Executor, id: string) {
  const [row] = await tx.select().from(users).where(eq(users.id, id)).for("update");
  if (!row) throw notFound("user");
  return row;
}

/** Counts the other active admins, locking them: two admins cannot demote each other at once. */
async function countOtherActiveAdmins(tx: Executor, id: string) {
  const others = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.active, true), ne(users.id, id)))
    .for("update");
  return others.length;
}
