import { describe, expect, it } from "vitest";
import { GSM7_MULTI, GSM7_SINGLE, measureSms, smsCost, toGsm7, UCS2_MULTI, UCS2_SINGLE } from "./sms-text.ts";

const REMINDER = "Rappel : votre rendez-vous mardi 8 décembre à 09h30";

describe("measureSms in GSM-7", () => {
  it("counts an empty text as 0 segments", () => {
    expect(measureSms("")).toEqual({ length: 0, encoding: "GSM-7", segments: 0, perSegment: 160 });
  });

  it("fits 160 plain characters in one SMS and splits 161 into 2 segments of 153", () => {
    expect(measureSms("a".repeat(160))).toEqual({ length: 160, encoding: "GSM-7", segments: 1, perSegment: 160 });
    // 161 = 153 + 8
    expect(measureSms("a".repeat(161))).toEqual({ length: 161, encoding: "GSM-7", segments: 2, perSegment: 153 });
  });

  it("fits 306 characters (2 × 153) in 2 segments and 307 in 3", () => {
    expect(measureSms("a".repeat(306)).segments).toBe(2);
    expect(measureSms("a".repeat(307)).segments).toBe(3);
  });

  it("keeps a French reminder with é and à in GSM-7 (51 characters, 1 SMS)", () => {
    expect(measureSms(REMINDER)).toEqual({ length: 51, encoding: "GSM-7", segments: 1, perSegment: 160 });
  });

  it("counts € and the other extension characters as 2 septets", () => {
    expect(measureSms("€")).toEqual({ length: 2, encoding: "GSM-7", segments: 1, perSegment: 160 });
    // 10 characters of the extension table (form feed included) = 20 septets
    expect(measureSms("€[]{}^~\\|\f").length).toBe(20);
    // 159 + 2 = 161 septets: no longer a single SMS
    expect(measureSms(`${"a".repeat(159)}€`)).toMatchObject({ length: 161, segments: 2 });
  });

  it("moves an extension character that would straddle the 153 boundary to the next segment", () => {
    // 152 + € (2) + 152 = 306 septets, 2 × 153 on paper, but € does not fit in
    // the first segment's last septet: 152 | 2 + 151 | 1 → 3 segments.
    expect(measureSms(`${"a".repeat(152)}€${"a".repeat(152)}`)).toEqual({
      length: 306,
      encoding: "GSM-7",
      segments: 3,
      perSegment: 153,
    });
    // 153 + € + 151 = 306 septets split cleanly: 153 | 2 + 151 → 2 segments.
    expect(measureSms(`${"a".repeat(153)}€${"a".repeat(151)}`).segments).toBe(2);
  });
});

describe("measureSms in UCS-2", () => {
  it("switches to UCS-2 for ê, ï, œ, ç or an emoji", () => {
    for (const char of ["ê", "ï", "œ", "ç"]) {
      expect(measureSms(`${REMINDER} ${char}`)).toEqual({
        length: 53,
        encoding: "UCS-2",
        segments: 1,
        perSegment: 70,
      });
    }
    // An emoji is a surrogate pair: 2 code units.
    expect(measureSms("Merci 😀")).toEqual({ length: 8, encoding: "UCS-2", segments: 1, perSegment: 70 });
  });

  it("fits 70 units in one SMS and splits 71 into 2 segments of 67", () => {
    expect(measureSms("ê".repeat(70))).toEqual({ length: 70, encoding: "UCS-2", segments: 1, perSegment: 70 });
    // 71 = 67 + 4
    expect(measureSms("ê".repeat(71))).toEqual({ length: 71, encoding: "UCS-2", segments: 2, perSegment: 67 });
    // 134 = 2 × 67, 135 → 3
    expect(measureSms("ê".repeat(134)).segments).toBe(2);
    expect(measureSms("ê".repeat(135)).segments).toBe(3);
  });

  it("counts an extension character as 1 unit once the text is in UCS-2", () => {
    expect(measureSms("€ê")).toMatchObject({ length: 2, encoding: "UCS-2" });
  });

  it("moves an emoji that would straddle the 67 boundary to the next segment", () => {
    // 66 + 😀 (2) + 66 = 134 units, 2 × 67 on paper, but the surrogate pair is
    // not split: 66 | 2 + 65 | 1 → 3 segments.
    expect(measureSms(`${"a".repeat(66)}😀${"a".repeat(66)}`)).toEqual({
      length: 134,
      encoding: "UCS-2",
      segments: 3,
      perSegment: 67,
    });
    // 67 + 😀 + 65 = 134 units split cleanly: 67 | 2 + 65 → 2 segments.
    expect(measureSms(`${"a".repeat(67)}😀${"a".repeat(65)}`).segments).toBe(2);
  });
});

describe("toGsm7", () => {
  const MIXED = "Rappel\u202F: Maïmouna, votre tête va bien ? C’est « ok » pour le cœur 😀\u00A0– à mardi…";

  it("gives the « sans accents » version, always in GSM-7", () => {
    expect(measureSms(MIXED).encoding).toBe("UCS-2");
    const gsm = toGsm7(MIXED);
    expect(gsm).toBe('Rappel : Maimouna, votre tete va bien ? C\'est " ok " pour le coeur  - à mardi...');
    expect(measureSms(gsm).encoding).toBe("GSM-7");
  });

  it("is idempotent", () => {
    const once = toGsm7(MIXED);
    expect(toGsm7(once)).toBe(once);
  });

  it("keeps the characters GSM-7 has, accents and extension characters included", () => {
    const gsm = "é è à ù ì ò É Ç Ä Ö Ñ Ü ä ö ñ ü æ Æ ß € [ ] ~";
    expect(toGsm7(gsm)).toBe(gsm);
    expect(toGsm7(REMINDER)).toBe(REMINDER);
  });

  it("replaces the French and Wolof letters GSM-7 lacks", () => {
    expect(toGsm7("â ê î ô û ë ï ÿ ç À Ê Œ œ")).toBe("a e i o u e i y c A E OE oe");
    expect(toGsm7("Ñaari ŋ Ŋ ë ó à µ")).toBe("Ñaari ng Ng e o à u");
    expect(toGsm7("‘a’ “b” — c")).toBe("'a' \"b\" - c");
  });

  it("composes a decomposed accent before deciding", () => {
    // e + combining acute is é (GSM-7); e + combining circumflex is ê (not).
    expect(toGsm7("e\u0301 e\u0302")).toBe("é e");
  });

  it("removes what has no GSM-7 equivalent", () => {
    expect(toGsm7("👍🏾 ok ❤️")).toBe(" ok ");
    expect(toGsm7("你好")).toBe("");
  });
});

describe("smsCost", () => {
  it("multiplies segments by the price in FCFA, rounded to the franc", () => {
    expect(smsCost(3, 25)).toBe(75);
    expect(smsCost(0, 25)).toBe(0);
    expect(smsCost(2, 12.4)).toBe(25); // 24.8
    expect(smsCost(1, 0)).toBe(0);
  });

  it("throws a RangeError on an invalid number of segments or price", () => {
    for (const segments of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => smsCost(segments, 25)).toThrow(RangeError);
    }
    for (const price of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => smsCost(3, price)).toThrow(RangeError);
    }
  });
});

describe("constants", () => {
  it("are the GSM-7 and UCS-2 segment sizes", () => {
    expect([GSM7_SINGLE, GSM7_MULTI, UCS2_SINGLE, UCS2_MULTI]).toEqual([160, 153, 70, 67]);
  });
});
