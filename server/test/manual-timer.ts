import type { ManualClock } from "../clock.ts";
import type { SetTimer } from "../modules/followup/scheduler.ts";

/** A timer the test fires itself: every tick a scheduler arms, in order. Nothing waits on the wall clock. */
export function manualTimer() {
  const armed: { tick: () => Promise<void>; delayMs: number; cancelled: boolean }[] = [];
  const timer: SetTimer = (tick, delayMs) => {
    const entry = { tick, delayMs, cancelled: false };
    armed.push(entry);
    return {
      cancel: () => {
        entry.cancelled = true;
      },
    };
  };
  /** Fires the tick armed in the given order. */
  const fire = (index: number) => {
    const entry = armed[index];
    if (!entry) throw new Error(`no tick #${index} armed`);
    return entry.tick();
  };
  /** Moves the clock by the latest armed delay and fires that tick. */
  const fireNext = async (clock: ManualClock) => {
    const entry = armed.at(-1);
    if (!entry || entry.cancelled) throw new Error("no tick armed");
    clock.advance(entry.delayMs);
    await entry.tick();
  };
  return { timer, armed, fire, fireNext };
}
