import { fetchActiveServices, fetchStaff } from "../api/calls.ts";
import { api, isApiError, isUnreachableError } from "../api/client.ts";
import { fetchSession, fetchSettings } from "../api/endpoints.ts";
import { isUnreachable, subscribeReachability } from "./reachability.ts";
import { offlineDb, type QueueItem, rememberDirectory } from "./store.ts";

/**
 * The offline queue (issue 17): writes typed while the server could not be reached wait in
 * IndexedDB and are sent in the order they were typed, each with its id as Idempotency-Key,
 * so that a retry after a lost answer writes nothing twice. A prospect typed offline is sent
 * before the call that points at it, which then carries the server's id. A refusal (a 4xx from
 * Relais, not a temporary one: see isTemporary) stops that item, and what depends on it, for a
 * person to decide; the others go on.
 */

export interface QueueState {
  items: QueueItem[];
  syncing: boolean;
}

const PATHS: Record<QueueItem["kind"], string> = {
  prospect: "/api/prospects",
  call: "/api/calls",
  message: "/api/messages",
};

let state: QueueState = { items: [], syncing: false };
let userId: string | null = null;
const listeners = new Set<(state: QueueState) => void>();

function publish(next: Partial<QueueState>) {
  state = { ...state, ...next };
  for (const listener of listeners) listener(state);
}

async function reload() {
  const items = await (await offlineDb()).getAllFromIndex("queue", "seq");
  publish({ items: items.filter((item) => item.userId === userId) });
}

export function subscribeQueue(listener: (state: QueueState) => void): () => void {
  listeners.add(listener);
  listener(state);
  return () => listeners.delete(listener);
}

/** Keeps writes typed offline, in this order, then tries to send them. */
export async function enqueue(items: Omit<QueueItem, "seq" | "userId" | "state">[]): Promise<void> {
  if (!userId) throw new Error("offline queue not started");
  const db = await offlineDb();
  const tx = db.transaction("queue", "readwrite");
  const last = await tx.store.index("seq").openCursor(null, "prev");
  let seq = (last?.value.seq ?? 0) + 1;
  for (const item of items) await tx.store.put({ ...item, seq: seq++, userId, state: "pending" });
  await tx.done;
  await reload();
  void syncNow();
}

/** The server id of an item sent, or undefined while it waits (null when it was discarded). */
async function serverIdOf(clientId: string): Promise<string | null | undefined> {
  const db = await offlineDb();
  const sent = await db.get("sent", clientId);
  if (sent) return sent.serverId;
  return (await db.get("queue", clientId)) ? undefined : null;
}

/** Answers a later try may not get: the item waits (back-off), it is not refused. */
const TEMPORARY_STATUSES = new Set([401, 408, 429]);
const TEMPORARY_CODES = new Set([
  // The same key being written by another tab: its answer comes with the next try.
  "idempotency_key_in_progress",
  // The session's token changed (another sign-in): the next run checks whose session it is.
  "csrf_invalid",
  // An answer that is not the API's (a captive portal's page, a proxy's): Relais was not reached.
  "http_error",
]);

function isTemporary(error: unknown): boolean {
  // A success that is not JSON: a captive portal answered (often after a redirect), not Relais.
  if (isUnreachableError(error) || error instanceof SyntaxError) return true;
  return isApiError(error) && (TEMPORARY_STATUSES.has(error.status) || TEMPORARY_CODES.has(error.code));
}

/** The session is no longer the queue's user's: nothing more is sent until they sign in again. */
class SessionChanged extends Error {}

let running: Promise<void> | null = null;
/** Something was queued or decided during a run: one more run after it. */
let again = false;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let failures = 0;

/** Sends what waits, in order; one run at a time. */
export function syncNow(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = syncOnce().finally(() => {
    running = null;
    if (again) {
      again = false;
      void syncNow();
    }
  });
  return running;
}

async function syncOnce() {
  if (!userId) return;
  clearTimeout(retryTimer);
  const db = await offlineDb();
  const items = (await db.getAllFromIndex("queue", "seq")).filter((i) => i.userId === userId && i.state === "pending");
  if (items.length === 0) return;
  publish({ syncing: true });
  try {
    for (const item of items) {
      const body: Record<string, unknown> = { ...item.body };
      let waiting = false;
      for (const [ref, field] of [
        [item.personRef, "personId"],
        [item.callRef, "callId"],
      ] as const) {
        if (!ref) continue;
        const id = await serverIdOf(ref);
        if (id === undefined) waiting = true;
        else if (id !== null) body[field] = id;
      }
      // Its prospect (or call) is still waiting, or waits for a decision: it goes after it.
      if (waiting) continue;
      // Before each send, the server says whose session this browser has now: another person may have
      // signed in meanwhile (in another tab). The write carries its author's CSRF token, so it cannot be
      // taken under a session replaced between this check and the send.
      const author = item.userId;
      const current = await fetchSession();
      if (current.user.id !== author || userId !== author) throw new SessionChanged();
      try {
        const answer = await api<{ id?: string; person?: { id: string } }>("POST", PATHS[item.kind], {
          body,
          headers: { "Idempotency-Key": item.id, "X-CSRF-Token": current.csrfToken },
          csrfRetry: false,
        });
        const serverId = item.kind === "prospect" ? answer.person?.id : answer.id;
        const tx = db.transaction(["queue", "sent"], "readwrite");
        await tx.objectStore("sent").put({ clientId: item.id, serverId: serverId ?? "", at: Date.now() });
        await tx.objectStore("queue").delete(item.id);
        await tx.done;
      } catch (error) {
        if (isTemporary(error)) throw error;
        const refusal = isApiError(error)
          ? { status: error.status, code: error.code, message: error.message, details: error.details }
          : { status: 0, code: "unexpected", message: String(error) };
        // Another tab may have sent or dropped it meanwhile: only an item still there is marked.
        const tx = db.transaction("queue", "readwrite");
        if (await tx.store.get(item.id)) await tx.store.put({ ...item, state: "blocked", error: refusal });
        await tx.done;
      }
      await reload();
    }
    failures = 0;
  } catch (error) {
    again = false;
    // Another person's session: their own queue starts with their sign-in; this one waits for its author.
    if (error instanceof SessionChanged) return;
    // The server is out of reach again (or the session ended): try later, less and less often.
    failures += 1;
    retryTimer = setTimeout(() => void syncNow(), Math.min(5 * 60_000, 5_000 * 2 ** (failures - 1)));
  } finally {
    publish({ syncing: false });
    await reload();
  }
}

/** A person's decision on an item the server refused. */
export type Decision =
  /** Send again, with the texts corrected in the panel if any. */
  | { type: "retry"; body?: Record<string, unknown> }
  | { type: "create_anyway" }
  | { type: "link"; personId: string }
  | { type: "discard" };

export async function decide(itemId: string, decision: Decision): Promise<void> {
  const db = await offlineDb();
  const item = await db.get("queue", itemId);
  if (!item) return;
  if (decision.type === "discard" || decision.type === "link") {
    const tx = db.transaction(["queue", "sent"], "readwrite");
    // Linked: the calls that pointed at this prospect point at the existing record instead.
    if (decision.type === "link") {
      await tx.objectStore("sent").put({ clientId: item.id, serverId: decision.personId, at: Date.now() });
    }
    await tx.objectStore("queue").delete(item.id);
    await tx.done;
  } else {
    const body =
      decision.type === "create_anyway" ? { ...item.body, confirmDuplicate: true } : (decision.body ?? item.body);
    await db.put("queue", { ...item, body, state: "pending", error: undefined });
  }
  await reload();
  void syncNow();
}

/** Keeps what the call screen needs offline (staff, services, origins), read while the server answers. */
async function refreshDirectory() {
  if (!frontDesk) return;
  try {
    const [staff, services, settings] = await Promise.all([fetchStaff(), fetchActiveServices(), fetchSettings()]);
    await rememberDirectory({
      staff: staff.users.map(({ id, firstName, lastName }) => ({ id, firstName, lastName })),
      services: services.services.filter((s) => s.active).map(({ id, name }) => ({ id, name })),
      origins: settings.settings.origins.map(({ code, label }) => ({ code, label })),
    });
  } catch {
    // Offline, or a role that may not read them: the last copy stays.
  }
}

/** The session ended (sign-out, expiry): nothing more is sent until a user signs in and starts the queue. */
export function stopQueue(): void {
  userId = null;
  frontDesk = false;
  clearTimeout(retryTimer);
  publish({ items: [] });
}

let started = false;
/** The signed-in user takes calls: the offline form's lists are kept up to date. */
let frontDesk = false;

/**
 * Starts the queue for the signed-in user: sends what waits now, when the browser is back online, and with
 * back-off. For a front-desk user (`calls.write`), also keeps the lists the offline form needs.
 */
export async function startQueue(forUserId: string, takesCalls: boolean): Promise<void> {
  userId = forUserId;
  frontDesk = takesCalls;
  await reload();
  if (!started) {
    started = true;
    window.addEventListener("online", () => {
      failures = 0;
      void syncNow();
      // Also tells whether the server answers (the reachability follows the requests).
      void refreshDirectory();
    });
    // Any answer from the server (another screen's request) means it is back.
    subscribeReachability(() => {
      if (!isUnreachable()) void syncNow();
    });
  }
  if (!isUnreachable()) void refreshDirectory();
  void syncNow();
}
