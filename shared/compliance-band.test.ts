import { describe, expect, it } from "vitest";
import { complianceBand, formatPercent } from "./compliance-band.ts";

describe("complianceBand (quality dashboard and monthly PDF)", () => {
  it("is green from the target, orange down to 20 points under it, red below", () => {
    expect(complianceBand(1, 90)).toBe("good");
    expect(complianceBand(0.9, 90)).toBe("good");
    expect(complianceBand(0.89, 90)).toBe("near");
    expect(complianceBand(0.7, 90)).toBe("near");
    expect(complianceBand(0.69, 90)).toBe("below");
    expect(complianceBand(0, 90)).toBe("below");
  });

  it("compares the figure as shown, a whole percent", () => {
    expect(complianceBand(0.896, 90)).toBe("good"); // shown « 90 % »
    expect(complianceBand(0.894, 90)).toBe("near"); // shown « 89 % »
  });

  it("follows the clinic's target", () => {
    expect(complianceBand(0.8, 80)).toBe("good");
    expect(complianceBand(0.8, 100)).toBe("near");
    expect(complianceBand(0.5, 60)).toBe("near");
    expect(complianceBand(0.39, 60)).toBe("below");
    expect(complianceBand(0, 10)).toBe("near");
  });

  it("reads a rate to keep low by its complement", () => {
    expect(complianceBand(0.05, 90, true)).toBe("good");
    expect(complianceBand(0.2, 90, true)).toBe("near");
    expect(complianceBand(1, 90, true)).toBe("below");
    expect(complianceBand(0, 90, true)).toBe("good");
  });

  it("is grey when nothing was due", () => {
    expect(complianceBand(null, 90)).toBe("none");
    expect(complianceBand(null, 90, true)).toBe("none");
  });
});

describe("formatPercent", () => {
  it("writes a whole percent with the no-break space French puts before « % »", () => {
    expect(formatPercent(0)).toMatch(/^0[\u00a0\u202f]%$/);
    expect(formatPercent(1)).toMatch(/^100[\u00a0\u202f]%$/);
    expect(formatPercent(2 / 6)).toMatch(/^33[\u00a0\u202f]%$/);
    expect(formatPercent(0.896)).toMatch(/^90[\u00a0\u202f]%$/);
    expect(formatPercent(null)).toBe("—");
  });
});
