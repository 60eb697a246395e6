import { eq } from "drizzle-orm";
import { HOUR_MS, MINUTE_MS } from "../../clock.ts";
import type { Services } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { sessions, users } from "../../db/schema/index.ts";
import { generateToken, hashToken } from "./tokens.ts";

export const SESSION_COOKIE = "relais_session";

export interface NewSession {
  id: string;
  token: string;
  csrfToken: string;
  expiresAt: Date;
  /** The latest the session can end, however active it stays. */
  maxExpiresAt: Date;
}

/** Opens a session for a user; the token goes in the cookie, only its hash in the base. */
export async function createSession(tx: Executor, services: Services, userId: string): Promise<NewSession> {
  const now = services.clock.now();
  const token = generateToken();
  const session = {
    id: hashToken(token),
    userId,
    csrfToken: generateToken(24),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: idleExpiry(services, now, now),
  };
  await tx.insert(sessions).values(session);
  return {
    id: session.id,
    token,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
    maxExpiresAt: new Date(now.getTime() + services.config.sessionMaxHours * HOUR_MS),
  };
}

function idleExpiry(services: Services, createdAt: Date, seenAt: Date): Date {
  const { sessionIdleMinutes, sessionMaxHours } = services.config;
  const idle = seenAt.getTime() + sessionIdleMinutes * MINUTE_MS;
  const absolute = createdAt.getTime() + sessionMaxHours * HOUR_MS;
  return new Date(Math.min(idle, absolute));
}

export type SessionLookup =
  | { state: "valid"; session: typeof sessions.$inferSelect; user: typeof users.$inferSelect }
  | { state: "expired" }
  | { state: "unknown" };

/** Finds the session of a cookie token, ends it when expired and slides its idle expiry. */
export async function resolveSession(services: Services, token: string): Promise<SessionLookup> {
  const { db } = services.database;
  const id = hashToken(token);
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id));
  if (!row) return { state: "unknown" };
  const now = services.clock.now();
  if (row.session.expiresAt <= now || !row.user.active) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return { state: row.user.active ? "expired" : "unknown" };
  }
  // Slide the idle expiry at most once a minute, not on every request.
  if (now.getTime() - row.session.lastSeenAt.getTime() > MINUTE_MS) {
    const expiresAt = idleExpiry(services, row.session.createdAt, now);
    await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, id));
    row.session.lastSeenAt = now;
    row.session.expiresAt = expiresAt;
  }
  return { state: "valid", session: row.session, user: row.user };
}
