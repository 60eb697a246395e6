import { and, count, eq, gte, lt, sql } from "drizzle-orm";
import { LOGIN_THROTTLE } from "../../../shared/limits.ts";
import type { Actor, Services } from "../../context.ts";
import { loginAttempts, users } from "../../db/schema/index.ts";
import { AppError } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { presentUser } from "../users/present.ts";
import type { LoginInput } from "./login.schema.ts";
import { verifyPassword } from "./passwords.ts";
import { createSession } from "./sessions.ts";

const MINUTE = 60_000;

/**
 * Checks e-mail and password and opens a session. Failures are counted per
 * e-mail and per address in the base, so every instance throttles alike.
 */
export async function login(services: Services, input: LoginInput & { ip: string }) {
  const { db } = services.database;
  const now = services.clock.now();
  await refuseWhenThrottled(services, input.email, input.ip, now);

  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, input.email));
  const passwordOk = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !passwordOk || !user.active) {
    await db.insert(loginAttempts).values({ email: input.email, ip: input.ip, succeeded: false, attemptedAt: now });
    // A disabled account is only revealed to someone who knows its password.
    if (user && passwordOk) throw new AppError(403, "account_disabled");
    throw new AppError(401, "invalid_credentials");
  }

  return db.transaction(async (tx) => {
    await tx.insert(loginAttempts).values({ email: input.email, ip: input.ip, succeeded: true, attemptedAt: now });
    await tx.delete(loginAttempts).where(lt(loginAttempts.attemptedAt, new Date(now.getTime() - 24 * 60 * MINUTE)));
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

async function refuseWhenThrottled(services: Services, email: string, ip: string, now: Date) {
  const { db } = services.database;
  const since = new Date(now.getTime() - LOGIN_THROTTLE.windowMinutes * MINUTE);
  const failures = (column: typeof loginAttempts.email | typeof loginAttempts.ip, value: string) =>
    db
      .select({ n: count() })
      .from(loginAttempts)
      .where(and(eq(column, value), eq(loginAttempts.succeeded, false), gte(loginAttempts.attemptedAt, since)));
  const [[byEmail], [byIp]] = await Promise.all([failures(loginAttempts.email, email), failures(loginAttempts.ip, ip)]);
  if ((byEmail?.n ?? 0) >= LOGIN_THROTTLE.maxFailuresPerEmail || (byIp?.n ?? 0) >= LOGIN_THROTTLE.maxFailuresPerIp) {
    throw new AppError(429, "too_many_attempts", {
      headers: { "retry-after": String(LOGIN_THROTTLE.windowMinutes * 60) },
    });
  }
}
