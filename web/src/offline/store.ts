import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { PersonSummary, Session } from "../api/types.ts";

/** A write typed while the server could not be reached, waiting to be sent (in `seq` order). */
export interface QueueItem {
  /** Client-generated UUID: the item's id, sent as the Idempotency-Key (the server writes it once). */
  id: string;
  seq: number;
  /** Who typed it: only their session sends it. */
  userId: string;
  kind: "prospect" | "call" | "message";
  /** The body of POST /api/prospects, /api/calls or /api/messages, without the references below. */
  body: Record<string, unknown>;
  /** A prospect typed offline that this item points at (its server id replaces it when sent). */
  personRef?: string;
  /** A call typed offline that this message belongs to. */
  callRef?: string;
  /** What the list shows: the caller's or the prospect's name, the message's recipient. */
  label: string;
  capturedAt: string;
  /** pending: sent at the next try; blocked: the server refused it, a person must decide. */
  state: "pending" | "blocked";
  error?: { status: number; code: string; message: string; details?: unknown };
}

/** A person seen online (lookup, record opened), searchable offline. */
export type CachedPerson = PersonSummary & { seenAt: number };

/** What the call screen needs to open offline: the last session, staff and services, origins. */
export interface Directory {
  staff: { id: string; firstName: string; lastName: string }[];
  services: { id: string; name: string }[];
  origins: { code: string; label: string }[];
}

interface OfflineDb extends DBSchema {
  queue: { key: string; value: QueueItem; indexes: { seq: number } };
  /** Client id of an item sent → the id the server gave it (a call typed offline points at it). */
  sent: { key: string; value: { clientId: string; serverId: string; at: number } };
  people: { key: string; value: CachedPerson; indexes: { seenAt: number } };
  meta: { key: string; value: unknown };
}

/** People kept for the offline lookup: the most recently seen. */
const PEOPLE_KEPT = 500;

let opened: Promise<IDBPDatabase<OfflineDb>> | null = null;

export function offlineDb(): Promise<IDBPDatabase<OfflineDb>> {
  opened ??= openDB<OfflineDb>("relais-offline", 1, {
    upgrade(db) {
      db.createObjectStore("queue", { keyPath: "id" }).createIndex("seq", "seq");
      db.createObjectStore("sent", { keyPath: "clientId" });
      db.createObjectStore("people", { keyPath: "id" }).createIndex("seenAt", "seenAt");
      db.createObjectStore("meta");
    },
  });
  return opened;
}

/**
 * How long a kept session opens the app offline when the server gave no expiry: 12 h after the last
 * time the server answered for it (its idle limit, RELAIS_SESSION_IDLE_MINUTES, is 2 h by default).
 */
const CACHED_SESSION_FALLBACK_MS = 12 * 60 * 60_000;

interface CachedSession {
  session: Session;
  /** Epoch ms: past it, the kept session no longer opens the app (the server's would have expired too). */
  expiresAt: number;
  /** How long the server lets the session idle, as its last expiry said: each later contact slides it. */
  idleMs: number;
}

/**
 * The signed-in session, kept (without its CSRF token) so that a reload offline still opens the app,
 * until the expiry the server gave it (its idle limit from this answer).
 */
export async function rememberSession(session: Session, now = Date.now()): Promise<void> {
  const serverExpiry = Date.parse(session.expiresAt);
  const expiresAt = Number.isFinite(serverExpiry) ? serverExpiry : now + CACHED_SESSION_FALLBACK_MS;
  const kept: CachedSession = { session: { ...session, csrfToken: "" }, expiresAt, idleMs: expiresAt - now };
  await (await offlineDb()).put("meta", kept, "session");
}

/** The server answered the session's requests: its idle expiry slid, so does the kept one's. */
export async function touchCachedSession(now = Date.now()): Promise<void> {
  const db = await offlineDb();
  const tx = db.transaction("meta", "readwrite");
  const kept = (await tx.store.get("session")) as CachedSession | undefined;
  if (kept && now < kept.expiresAt && kept.idleMs > 0) {
    await tx.store.put({ ...kept, expiresAt: Math.max(kept.expiresAt, now + kept.idleMs) }, "session");
  }
  await tx.done;
}

/** The session kept by the last answer of the server, or null (none, or past its expiry: then forgotten). */
export async function readCachedSession(now = Date.now()): Promise<Session | null> {
  const kept = (await (await offlineDb()).get("meta", "session")) as CachedSession | undefined;
  if (!kept) return null;
  if (!(typeof kept.expiresAt === "number" && now < kept.expiresAt && kept.session?.user)) {
    await forgetSeen();
    return null;
  }
  return kept.session;
}

export async function rememberDirectory(directory: Directory): Promise<void> {
  await (await offlineDb()).put("meta", directory, "directory");
}

export async function readDirectory(): Promise<Directory> {
  const stored = (await (await offlineDb()).get("meta", "directory")) as Directory | undefined;
  return stored ?? { staff: [], services: [], origins: [] };
}

/** Keeps people seen online for the offline lookup (the oldest forgotten beyond PEOPLE_KEPT). */
export async function rememberPeople(people: readonly PersonSummary[], now = Date.now()): Promise<void> {
  if (people.length === 0) return;
  const db = await offlineDb();
  const tx = db.transaction("people", "readwrite");
  for (const person of people) {
    const { id, kind, lastName, firstName, birthDate, phones, ehrNumber, temperature, createdAt } = person;
    await tx.store.put({
      id,
      kind,
      lastName,
      firstName,
      birthDate,
      phones,
      ehrNumber,
      temperature,
      createdAt,
      seenAt: now,
    });
  }
  const extra = (await tx.store.count()) - PEOPLE_KEPT;
  if (extra > 0) {
    let cursor = await tx.store.index("seenAt").openCursor();
    for (let i = 0; cursor && i < extra; i++) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
  }
  await tx.done;
}

const fold = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/** The people seen on this browser matching a phone (6 digits or more) or a name: a partial answer. */
export async function searchCachedPeople(query: string, limit = 20): Promise<CachedPerson[]> {
  const digits = query.replace(/\D/g, "");
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (digits.length < 6 && words.length === 0) return [];
  const all = await (await offlineDb()).getAll("people");
  const matches = all.filter((p) =>
    digits.length >= 6
      ? p.phones.some((phone) => phone.replace(/\D/g, "").includes(digits.slice(-9)))
      : words.every((w) => fold(`${p.lastName} ${p.firstName}`).includes(w)),
  );
  return matches.sort((a, b) => b.seenAt - a.seenAt).slice(0, limit);
}

/**
 * The end of a session (signing out, a 401, an expiry, an account disabled) forgets what this browser saw
 * and the session kept for offline; the writes not yet sent stay (they are sent only under their author's session).
 */
export async function forgetSeen(): Promise<void> {
  const db = await offlineDb();
  await db.clear("people");
  await db.delete("meta", "session");
  await db.delete("meta", "directory");
}
