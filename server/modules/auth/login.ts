import { eq } from "drizzle-orm";
import type { Actor, Services } from "../../context.ts";
import { users } from "../../db/schema/index.ts";
import { AppError } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { presentUser } from "../users/present.ts";
import { emailIs } from "../users/queries.ts";
import type { LoginInput } from "./login.schema.ts";
import { verifyPassword } from "./passwords.ts";
import { createSession } from "./sessions.ts";
import { recordAttempt, recordSuccess } from "./throttle.ts";

/**
 * Checks e-mail and password and opens a session. Failures are throttled
 * (throttle.ts); a wrong e-mail and a wrong password cost the same time.
 */
export async function login(services: Services, input: LoginInput & { ip: string }) {
  const { db } = services.database;
  const now = services.clock.now();
  const attemptId = await recordAttempt(services, input.email, input.ip);

  const [user] = await db.select().from(users).where(emailIs(input.email));
  const passwordOk = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !passwordOk || !user.active) {
    // A disabled account is only revealed to someone who knows its password.
    if (user && passwordOk) throw new AppError(403, "account_disabled");
    throw new AppError(401, "invalid_credentials");
  }

  return db.transaction(async (tx) => {
    await recordSuccess(tx, attemptId, now);
    const [updated] = await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id)).returning();
    const session = await createSession(tx, services, user.id);
    const actor: Actor = {
      type: "user",
      id: user.id,
      role: presentUser(user).role,
      label: user.email,
      sessionId: session.id,
    };
    await recordAudit(tx, services.clock, actor, { action: "auth.login", entityType: "user", entityId: user.id });
    return { session, user: presentUser(updated ?? user) };
  });
}
