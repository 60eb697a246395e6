/**
 * The one clock of Relais. Nothing else reads the wall clock: rules, reports,
 * sessions and tests all take a Clock so any instant can be replayed (`asOf`).
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};

/** A clock that stays where it is put; tests move it explicitly. */
export class ManualClock implements Clock {
  #current: number;

  constructor(start: Date | string) {
    this.#current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#current);
  }

  set(instant: Date | string): void {
    this.#current = new Date(instant).getTime();
  }

  advance(ms: number): void {
    this.#current += ms;
  }
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

/** Measures a duration (monotonic, not the wall clock): `const elapsed = stopwatch(); … elapsed()` in ms. */
export function stopwatch(): () => number {
  const start = performance.now();
  return () => performance.now() - start;
}
