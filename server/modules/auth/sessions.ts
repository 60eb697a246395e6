import { eq, sql } from "drizzle-orm";
import { HOUR_MS, MINUTE_MS } from "../../clock.ts";
import type { Services } from "../../context.ts";
import type { Database, Db, Executor } from "../../db/client.ts";
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

const sessionByIdStatements = new WeakMap<Db, ReturnType<typeof prepareSessionById>>();

function prepareSessionById(db: Db) {
  return db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder("id")))
    .prepare("relais_session_by_id");
}

/**
 * Every authenticated request starts here: the statement is built once per
 * database and prepared on the server (an equality on the key, so its cached
 * plan is always the right one).
 */
function sessionByIdStatement(db: Db) {
  let statement = sessionByIdStatements.get(db);
  if (!statement) {
    statement = prepareSessionById(db);
    sessionByIdStatements.set(db, statement);
  }
  return statement;
}

/**
 * Sessions already resolved, by token hash, for a few seconds: the session
 * check is one more database round trip on every request, as much as a lookup
 * itself. An entry is used only while its session is unexpired and its idle
 * expiry needs no sliding; sign-out, password and user changes forget the
 * user's entries at once on this instance, so another instance may honour a
 * signed-out session for at most SESSION_CACHE_MS more.
 */
const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 10_000;
type Valid = Extract<SessionLookup, { state: "valid" }>;
/**
 * A base's cached sessions, and a generation bumped by every forget: a request
 * that read a session before a sign-out or a user change committed must not put
 * that stale row back in the cache after the change forgot it.
 */
interface SessionCache {
  entries: Map<string, { found: Valid; until: number }>;
  generation: number;
}
const cachedSessions = new WeakMap<Database, SessionCache>();

function sessionCache(database: Database): SessionCache {
  let cache = cachedSessions.get(database);
  if (!cache) {
    cache = { entries: new Map(), generation: 0 };
    cachedSessions.set(database, cache);
  }
  return cache;
}

/** Forgets the cached sessions of a user (after a sign-out, a password or a user change). */
export function forgetCachedSessions(database: Database, userId: string): void {
  const cache = sessionCache(database);
  cache.generation++;
  for (const [id, entry] of cache.entries) if (entry.found.user.id === userId) cache.entries.delete(id);
}

/** Forgets every cached session of a base (after a restore). */
export function forgetAllCachedSessions(database: Database): void {
  const cache = sessionCache(database);
  cache.generation++;
  cache.entries.clear();
}

/** Finds the session of a cookie token, ends it when expired and slides its idle expiry. */
export async function resolveSession(services: Services, token: string): Promise<SessionLookup> {
  const { db } = services.database;
  const id = hashToken(token);
  const now = services.clock.now();
  const cache = sessionCache(services.database);
  const generation = cache.generation;
  const cached = cache.entries.get(id);
  if (
    cached &&
    now.getTime() < cached.until &&
    now < cached.found.session.expiresAt &&
    now.getTime() - cached.found.session.lastSeenAt.getTime() <= MINUTE_MS
  ) {
    return cached.found;
  }
  cache.entries.delete(id);
  const [row] = await sessionByIdStatement(db).execute({ id });
  if (!row) return { state: "unknown" };
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
  const found: Valid = { state: "valid", session: row.session, user: row.user };
  if (cache.generation !== generation) return found;
  if (cache.entries.size >= SESSION_CACHE_MAX) {
    const [oldest] = cache.entries.keys();
    if (oldest) cache.entries.delete(oldest);
  }
  cache.entries.set(id, { found, until: now.getTime() + SESSION_CACHE_MS });
  return found;
}
