import { useCallback, useEffect, useState } from "react";
import { alertsDue, holdSeconds } from "../../../../shared/hold-timer.ts";

/** How often the display refreshes while the caller waits. */
const TICK_MS = 1000;

export interface HoldTimer {
  onHold: boolean;
  /** Milliseconds on hold so far (0 when not on hold). */
  elapsedMs: number;
  /** The alert to show now (its due time in ms: 30 000, 90 000…), or null when none or acknowledged. */
  alert: number | null;
  start(): void;
  /** Ends the hold; returns the whole seconds waited (to add to the line's holdSeconds). */
  stop(): number;
  /** "Continuer à patienter": hides the current alert until the next one is due. */
  keepWaiting(): void;
}

/**
 * The caller on hold (procedure 3): Date.now() and setInterval only, so that a
 * browser test can drive it with Playwright's clock (install / fastForward).
 */
export function useHoldTimer(): HoldTimer {
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [now, setNow] = useState(0);
  /** How many alerts the receptionist has answered ("continuer à patienter"). */
  const [acknowledged, setAcknowledged] = useState(0);

  useEffect(() => {
    if (startedAt === null) return;
    const id = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(id);
  }, [startedAt]);

  const elapsedMs = startedAt === null ? 0 : Math.max(0, now - startedAt);
  const due = alertsDue(elapsedMs);
  const alert = due.length > acknowledged ? (due[due.length - 1] ?? null) : null;

  const start = useCallback(() => {
    const t = Date.now();
    setStartedAt(t);
    setNow(t);
    setAcknowledged(0);
  }, []);

  const stop = useCallback(() => {
    if (startedAt === null) return 0;
    const seconds = holdSeconds(Date.now() - startedAt);
    setStartedAt(null);
    setAcknowledged(0);
    return seconds;
  }, [startedAt]);

  const keepWaiting = useCallback(() => setAcknowledged(due.length), [due.length]);

  return { onHold: startedAt !== null, elapsedMs, alert, start, stop, keepWaiting };
}
