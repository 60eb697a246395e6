import { describe, expect, it } from "vitest";
import { cleanName, foldName } from "./names.ts";

describe("foldName", () => {
  it("makes NDIAYE, Ndiaye and N'Diaye the same key", () => {
    expect(new Set(["NDIAYE", "Ndiaye", "N'Diaye", "N’Diaye", "n diaye"].map(foldName))).toEqual(new Set(["ndiaye"]));
  });
  it("drops accents, hyphens and spaces", () => {
    expect(foldName("Ndèye-Fatou")).toBe("ndeyefatou");
    expect(foldName("Aïssatou")).toBe("aissatou");
    expect(foldName("Sène")).toBe("sene");
    expect(foldName("Maïmouna Bâ")).toBe("maimounaba");
  });
});

describe("cleanName", () => {
  it("trims and collapses spaces but keeps the case staff typed", () => {
    expect(cleanName("  Ndèye   Fatou ")).toBe("Ndèye Fatou");
  });
  it("removes direction overrides, zero-width and control characters (an imported file may hold them)", () => {
    expect(cleanName("\u202ENd\u200Biaye\uFEFF\u2066 \u0007Awa")).toBe("Ndiaye Awa");
  });
});
