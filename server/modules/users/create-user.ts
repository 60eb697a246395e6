import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { users } from "../../db/schema/index.ts";
import { fieldError } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { checkPasswordStrength } from "../auth/password-strength.ts";
import { hashPassword } from "../auth/passwords.ts";
import { auditUser, presentUser } from "./present.ts";
import { emailIs, rethrowEmailTaken } from "./queries.ts";
import type { CreateUserInput } from "./user.schema.ts";

/** An admin creates an account; the password given is temporary, to change at first login. */
export async function createUser(ctx: Ctx, input: CreateUserInput, options: { mustChangePassword?: boolean } = {}) {
  authorize(ctx.actor, "users.manage");
  const weakness = checkPasswordStrength(input.password, input);
  if (weakness) throw fieldError(weakness, "password");
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock.now();
  const created = ctx.database.db.transaction(async (tx) => {
    await refuseTakenEmail(tx, input.email);
    const [row] = await tx
      .insert(users)
      .values({
        email: input.email,
        firstName: input.firstName,
        lastName: input.lastName,
        role: input.role,
        passwordHash,
        mustChangePassword: options.mustChangePassword ?? true,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "user.create",
      entityType: "user",
      entityId: row.id,
      after: auditUser(row),
    });
    return presentUser(row);
  });
  // Two admins creating the same account at once: the unique index decides.
  return created.catch(rethrowEmailTaken);
}

/** 422 on the email field when another account (any case) already has it. */
export async function refuseTakenEmail(tx: Executor, email: string, exceptId?: string) {
  const [taken] = await tx.select({ id: users.id }).from(users).where(emailIs(email));
  if (taken && taken.id !== exceptId) throw fieldError("email_taken", "email");
}
