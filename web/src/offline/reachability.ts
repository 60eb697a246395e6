import { useSyncExternalStore } from "react";

/**
 * Whether the server can be reached, as the last request found it (a failed fetch or a
 * 502/503/504 from a proxy: unreachable; any other answer: reachable) and as the browser
 * says (offline event; on the online event the server is asked at once). Loaded with the first screens, so it stays a few lines; the offline
 * queue itself (IndexedDB) is loaded on demand.
 */
let unreachable = typeof navigator !== "undefined" && navigator.onLine === false;
const listeners = new Set<() => void>();

function set(value: boolean) {
  if (value === unreachable) return;
  unreachable = value;
  for (const listener of listeners) listener();
}

/** Called by the API client after each request. */
export function reportReachable(reachable: boolean): void {
  set(!reachable);
}

export const isUnreachable = () => unreachable;

export function subscribeReachability(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

if (typeof window !== "undefined") {
  window.addEventListener("offline", () => set(true));
  // Back online: ask the server at once (with an empty queue nothing else would), and follow its answer.
  window.addEventListener("online", () => {
    void fetch("/api/health", { method: "GET", credentials: "same-origin", cache: "no-store" })
      // Relais answers in JSON; a captive portal's page or a proxy's 502-504 is not Relais.
      .then((response) => {
        const json = response.headers.get("content-type")?.includes("application/json") ?? false;
        set(!json || response.status >= 502);
      })
      .catch(() => set(true));
  });
}

/** True while the server cannot be reached. */
export const useUnreachable = () => useSyncExternalStore(subscribeReachability, isUnreachable);
