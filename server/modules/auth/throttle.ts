import { and, count, eq, gte, lt } from "drizzle-orm";
import { LOGIN_THROTTLE } from "../../../shared/limits.ts";
import { HOUR_MS, MINUTE_MS } from "../../clock.ts";
import type { Services } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { loginAttempts } from "../../db/schema/index.ts";
import { AppError } from "../../http/errors.ts";

/**
 * Password guessing is throttled per e-mail and per address, counted in the
 * base so every instance sees the same count. An attempt is recorded as a
 * failure *before* the password is checked, then counted: a burst of parallel
 * guesses cannot all read "no failure yet".
 */
export async function recordAttempt(services: Services, email: string, ip: string): Promise<number> {
  const { db } = services.database;
  const now = services.clock.now();
  const [attempt] = await db
    .insert(loginAttempts)
    .values({ email, ip, succeeded: false, attemptedAt: now })
    .returning({ id: loginAttempts.id });
  const since = new Date(now.getTime() - LOGIN_THROTTLE.windowMinutes * MINUTE_MS);
  const failures = (column: typeof loginAttempts.email | typeof loginAttempts.ip, value: string) =>
    db
      .select({ n: count() })
      .from(loginAttempts)
      .where(and(eq(column, value), eq(loginAttempts.succeeded, false), gte(loginAttempts.attemptedAt, since)));
  const [[byEmail], [byIp]] = await Promise.all([failures(loginAttempts.email, email), failures(loginAttempts.ip, ip)]);
  if ((byEmail?.n ?? 0) > LOGIN_THROTTLE.maxFailuresPerEmail || (byIp?.n ?? 0) > LOGIN_THROTTLE.maxFailuresPerIp) {
    throw new AppError(429, "too_many_attempts", {
      headers: { "retry-after": String(LOGIN_THROTTLE.windowMinutes * 60) },
    });
  }
  if (!attempt) throw new Error("insert returned no row");
  return attempt.id;
}

/** The password was right: the attempt no longer counts, and day-old attempts are forgotten. */
export async function recordSuccess(tx: Executor, attemptId: number, now: Date): Promise<void> {
  await tx.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId));
  await tx.delete(loginAttempts).where(lt(loginAttempts.attemptedAt, new Date(now.getTime() - 24 * HOUR_MS)));
}
