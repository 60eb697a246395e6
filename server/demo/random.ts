/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32):
 * the same seed always gives the same sequence, on every machine. Demo data
 * and benchmark bases are generated with it, never with Math.random.
 */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    let state = seed >>> 0;
    const splitmix = () => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#a = splitmix();
    this.#b = splitmix();
    this.#c = splitmix();
    this.#d = splitmix();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** 32 random bits. */
  uint32(): number {
    const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
    this.#c = (this.#c + t) >>> 0;
    return t;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(list: readonly T[]): T {
    const item = list[Math.floor(this.next() * list.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  /** A random (version 4 format) UUID, reproducible from the seed. */
  uuid(): string {
    const hex = (n: number) => n.toString(16).padStart(8, "0");
    const a = hex(this.uint32());
    const b = hex(((this.uint32() & 0xffff0fff) | 0x00004000) >>> 0);
    const c = hex(((this.uint32() & 0x3fffffff) | 0x80000000) >>> 0);
    const d = hex(this.uint32());
    return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
  }

  /** Shuffles in place (Fisher–Yates). */
  shuffle<T extends { length: number; [index: number]: unknown }>(list: T): T {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const item = list[i];
      list[i] = list[j];
      list[j] = item;
    }
    return list;
  }
}

/** A weighted choice, prepared once: `const pickOrigin = weighted([["phone", 30], ["visit", 14]])`. */
export function weighted<T>(entries: readonly (readonly [T, number])[]): (random: Random) => T {
  const values = entries.map(([value]) => value);
  const cumulative: number[] = [];
  let total = 0;
  for (const [, weight] of entries) {
    total += weight;
    cumulative.push(total);
  }
  return (random) => {
    const target = random.next() * total;
    for (let i = 0; i < cumulative.length; i++) {
      if (target < (cumulative[i] as number)) return values[i] as T;
    }
    return values[values.length - 1] as T;
  };
}
