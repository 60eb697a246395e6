import { describe, expect, it } from "vitest";
import { parsePhone, phoneDigits } from "./phones.ts";

describe("parsePhone", () => {
  it.each([
    ["77 123 45 67", "+221771234567"],
    ["771234567", "+221771234567"],
    ["+221771234567", "+221771234567"],
    ["+221 77 123 45 67", "+221771234567"],
    ["00221 77 123 45 67", "+221771234567"],
    ["00221771234567", "+221771234567"],
    ["77.123.45.67", "+221771234567"],
    ["(+221) 76-904-71-13", "+221769047113"],
    ["709294391", "+221709294391"],
    ["33 821 00 00", "+221338210000"],
    ["+33 6 12 34 56 78", "+33612345678"],
  ])("reads %s as %s", (input, e164) => {
    expect(parsePhone(input)).toEqual({ ok: true, e164 });
  });

  it.each([
    ["77 123 45", "numéro trop court"],
    ["12345", "numéro trop court"],
    ["", "numéro vide"],
    ["77 12a 45 67", "caractères non autorisés dans un numéro"],
    ["+221 99 123 45 67", "numéro invalide"],
  ])("refuses %j: %s", (input, reason) => {
    expect(parsePhone(input)).toEqual({ ok: false, reason });
  });
});

describe("phoneDigits", () => {
  it("takes 6 digits or more from something that looks like a phone", () => {
    expect(phoneDigits("45 67 89")).toBe("456789");
    expect(phoneDigits("+221 771")).toBe("221771");
    expect(phoneDigits("4567")).toBeNull();
    expect(phoneDigits("Diop 771234")).toBeNull();
  });
});
