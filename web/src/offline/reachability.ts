import { useSyncExternalStore } from "react";

/**
 * Whether the server can be reached, as the last request found it (a failed fetch or a
 * 502/503/504 from a proxy: unreachable; any other answer: reachable) and as the browser
 * says (offline event). Loaded with the first screens, so it stays a few lines; the offline
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
}

/** True while the server cannot be reached. */
export const useUnreachable = () => useSyncExternalStore(subscribeReachability, isUnreachable);
