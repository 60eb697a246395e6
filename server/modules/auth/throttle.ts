import { and, asc, count, desc, eq, gt, gte, lt, ne } from "drizzle-orm";
import { LOGIN_THROTTLE } from "../../../shared/limits.ts";
import { HOUR_MS, MINUTE_MS } from "../../clock.ts";
import type { Services } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { loginAttempts } from "../../db/schema/index.ts";
import { AppError } from "../../http/errors.ts";

/**
 * Password guessing is throttled per (e-mail, address) pair: after
 * `freeFailures` failures in a row, each next attempt of that pair waits an
 * exponentially growing delay (1, 2, 4, 8 then 15 minutes). Other pairs are
 * not affected, so nobody can lock an account out from elsewhere: a correct
 * password is never refused because of someone else's failures on the same
 * account. One address failing far more often than a clinic does (spraying
 * many accounts) meets a much higher per-address ceiling.
 *
 * Counted in the base so every instance sees the same count. An attempt is
 * recorded as a failure *before* the password is checked, then the others are
 * counted: a burst of parallel guesses cannot all read "no failure yet". A
 * refused attempt is removed: waiting is not made longer by retrying.
 */
export async function recordAttempt(services: Services, email: string, ip: string): Promise<number> {
  const { db } = services.database;
  const now = services.clock.now();
  const key = email.trim().toLowerCase();
  const [attempt] = await db
    .insert(loginAttempts)
    .values({ email: key, ip, succeeded: false, attemptedAt: now })
    .returning({ id: loginAttempts.id });
  if (!attempt) throw new Error("insert returned no row");
  const waitMs = Math.max(
    await pairWaitMs(services, attempt.id, key, ip, now),
    await addressWaitMs(services, attempt.id, ip, now),
  );
  if (waitMs > 0) {
    await db.delete(loginAttempts).where(eq(loginAttempts.id, attempt.id));
    throw tooManyAttempts(waitMs);
  }
  return attempt.id;
}

/** The back-off of one (e-mail, address) pair: 0 when it may try now. */
async function pairWaitMs(services: Services, ownId: number, email: string, ip: string, now: Date) {
  const since = new Date(now.getTime() - LOGIN_THROTTLE.pairWindowMinutes * MINUTE_MS);
  const recent = await services.database.db
    .select({ succeeded: loginAttempts.succeeded, attemptedAt: loginAttempts.attemptedAt })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.email, email),
        eq(loginAttempts.ip, ip),
        ne(loginAttempts.id, ownId),
        gte(loginAttempts.attemptedAt, since),
      ),
    )
    .orderBy(desc(loginAttempts.attemptedAt), desc(loginAttempts.id))
    .limit(LOGIN_THROTTLE.freeFailures + 16);
  // Failures since the pair's last success.
  const streak = recent.findIndex((row) => row.succeeded);
  const failures = streak === -1 ? recent.length : streak;
  const last = recent[0];
  if (failures < LOGIN_THROTTLE.freeFailures || !last) return 0;
  return last.attemptedAt.getTime() + backOffMs(failures) - now.getTime();
}

/** The delay after `failures` failures in a row (at least `freeFailures`). */
export function backOffMs(failures: number): number {
  const doublings = Math.min(failures - LOGIN_THROTTLE.freeFailures, 10);
  return Math.min(LOGIN_THROTTLE.firstDelayMinutes * 2 ** doublings, LOGIN_THROTTLE.maxDelayMinutes) * MINUTE_MS;
}

/** The per-address ceiling: 0 while the address stays under it. */
async function addressWaitMs(services: Services, ownId: number, ip: string, now: Date) {
  const { db } = services.database;
  const windowMs = LOGIN_THROTTLE.ipWindowMinutes * MINUTE_MS;
  const since = new Date(now.getTime() - windowMs);
  const inWindow = and(
    eq(loginAttempts.ip, ip),
    eq(loginAttempts.succeeded, false),
    ne(loginAttempts.id, ownId),
    // Strictly inside: a failure leaves the window when the wait announced ends.
    gt(loginAttempts.attemptedAt, since),
  );
  const [row] = await db.select({ n: count() }).from(loginAttempts).where(inWindow);
  const failures = row?.n ?? 0;
  if (failures < LOGIN_THROTTLE.maxFailuresPerIp) return 0;
  // The address may try again once enough of its failures have left the window.
  const [pivot] = await db
    .select({ attemptedAt: loginAttempts.attemptedAt })
    .from(loginAttempts)
    .where(inWindow)
    .orderBy(asc(loginAttempts.attemptedAt))
    .offset(failures - LOGIN_THROTTLE.maxFailuresPerIp)
    .limit(1);
  return Math.max((pivot?.attemptedAt.getTime() ?? now.getTime()) + windowMs - now.getTime(), 1000);
}

/** 429 with the wait in `Retry-After`, in `details.retryAfterSeconds` and, in French, in the message. */
function tooManyAttempts(waitMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new AppError(429, "too_many_attempts", {
    message: `Trop de tentatives. Réessayez dans ${minutes} minute${minutes > 1 ? "s" : ""}.`,
    details: { retryAfterSeconds: seconds },
    headers: { "retry-after": String(seconds) },
  });
}

/** The password was right: the pair's failures no longer count, and day-old attempts are forgotten. */
export async function recordSuccess(tx: Executor, attemptId: number, now: Date): Promise<void> {
  await tx.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId));
  await tx.delete(loginAttempts).where(lt(loginAttempts.attemptedAt, new Date(now.getTime() - 24 * HOUR_MS)));
}
