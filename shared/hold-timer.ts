/**
 * The hold rule of procedure 3 ("3-reponse-telephonique-accueil.txt"):
 * « En cas d'attente, reprend la ligne au bout de 30 secondes puis toutes les
 * minutes pour que le patient sache qu'il n'a pas été oublié ».
 * Pure functions of the time on hold, shared by the call screen and its tests.
 */

/** The first time the receptionist takes the line back. */
export const HOLD_FIRST_ALERT_MS = 30_000;
/** Then every minute. */
export const HOLD_ALERT_EVERY_MS = 60_000;

/** When the n-th alert (0-based) is due, in milliseconds on hold: 30 s, 1:30, 2:30… */
export const holdAlertAt = (index: number): number => HOLD_FIRST_ALERT_MS + index * HOLD_ALERT_EVERY_MS;

/** The alerts due after `elapsedMs` on hold, as their times in ms (30 000, 90 000, 150 000…), oldest first. */
export function alertsDue(elapsedMs: number): number[] {
  if (!Number.isFinite(elapsedMs) || elapsedMs < HOLD_FIRST_ALERT_MS) return [];
  const count = Math.floor((elapsedMs - HOLD_FIRST_ALERT_MS) / HOLD_ALERT_EVERY_MS) + 1;
  return Array.from({ length: count }, (_, index) => holdAlertAt(index));
}

/** Whole seconds on hold (what the call register adds to `holdSeconds`). */
export const holdSeconds = (elapsedMs: number): number => Math.max(0, Math.floor(elapsedMs / 1000));

/** "mm:ss" (past an hour, minutes keep counting: "75:02"). */
export function formatHold(elapsedMs: number): string {
  const seconds = holdSeconds(elapsedMs);
  const minutes = Math.floor(seconds / 60);
  return `${String(minutes).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
}
