import { describe, expect, it } from "vitest";
import { alertsDue, formatHold, holdAlertAt, holdSeconds } from "./hold-timer.ts";

describe("hold alerts (procedure 3: take the line back after 30 s, then every minute)", () => {
  it("has none before 30 s", () => {
    expect(alertsDue(0)).toEqual([]);
    expect(alertsDue(29_999)).toEqual([]);
  });

  it("has the first at 30 s, the next at 1:30, 2:30…", () => {
    expect(alertsDue(30_000)).toEqual([30_000]);
    expect(alertsDue(89_999)).toEqual([30_000]);
    expect(alertsDue(90_000)).toEqual([30_000, 90_000]);
    expect(alertsDue(150_000)).toEqual([30_000, 90_000, 150_000]);
    expect(holdAlertAt(3)).toBe(210_000);
  });

  it("ignores nonsense (a clock set back, NaN)", () => {
    expect(alertsDue(-5_000)).toEqual([]);
    expect(alertsDue(Number.NaN)).toEqual([]);
  });

  it("counts whole seconds and shows mm:ss", () => {
    expect(holdSeconds(30_999)).toBe(30);
    expect(holdSeconds(-1)).toBe(0);
    expect(formatHold(0)).toBe("00:00");
    expect(formatHold(90_500)).toBe("01:30");
    expect(formatHold(4_502_000)).toBe("75:02");
  });
});
