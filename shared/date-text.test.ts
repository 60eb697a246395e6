import { describe, expect, it } from "vitest";
import { maskDateTyping, parseDate, readDateText } from "./date-text.ts";

describe("parseDate", () => {
  it("reads dd/mm/yyyy, d/m/yyyy and YYYY-MM-DD", () => {
    expect(parseDate("05/06/1990")).toBe("1990-06-05");
    expect(parseDate(" 5/6/1990 ")).toBe("1990-06-05");
    expect(parseDate("05.06.1990")).toBe("1990-06-05");
    expect(parseDate("1990-06-05")).toBe("1990-06-05");
  });

  it("reads 8 digits ddmmyyyy only when asked (a date field, not the header search)", () => {
    expect(parseDate("05061990", { compact: true })).toBe("1990-06-05");
    expect(parseDate("29022024", { compact: true })).toBe("2024-02-29");
    expect(parseDate("05061990")).toBeNull();
  });

  it("refuses impossible days and ambiguous six digits", () => {
    expect(parseDate("31/02/1990")).toBeNull();
    expect(parseDate("31021990", { compact: true })).toBeNull();
    expect(parseDate("29/02/2023")).toBeNull();
    expect(parseDate("00/01/1990")).toBeNull();
    expect(parseDate("05/13/1990")).toBeNull();
    // jjmmaa: 1990 or 2090? Never guessed.
    expect(parseDate("050690", { compact: true })).toBeNull();
    expect(parseDate("05/06/90")).toBeNull();
    // Date.UTC would read year 0090 as 1990.
    expect(parseDate("05/06/0090")).toBeNull();
    expect(parseDate("")).toBeNull();
    expect(parseDate("demain")).toBeNull();
  });
});

describe("readDateText", () => {
  it("tells a day, an unfinished text and a complete one that is no day", () => {
    expect(readDateText("")).toEqual({ kind: "empty" });
    expect(readDateText("05061990")).toEqual({ kind: "date", date: "1990-06-05" });
    expect(readDateText("05/06/1990")).toEqual({ kind: "date", date: "1990-06-05" });
    for (const typing of ["0", "05/", "05/06/", "05/06/199", "050690", "05/06/90", "1990-06"]) {
      expect(readDateText(typing), typing).toEqual({ kind: "incomplete" });
    }
    for (const wrong of [
      "31/02/1990",
      "31021990",
      "05/06/19900",
      "123/06/1990",
      "050619901",
      "5 juin 1990",
      "1990-02-30",
    ]) {
      expect(readDateText(wrong), wrong).toEqual({ kind: "invalid" });
    }
  });
});

describe("maskDateTyping", () => {
  it("adds the slashes as digits are typed", () => {
    const typed: string[] = [];
    let text = "";
    for (const digit of "05061990") {
      text = maskDateTyping(text + digit);
      typed.push(text);
    }
    expect(typed).toEqual(["0", "05/", "05/0", "05/06/", "05/06/1", "05/06/19", "05/06/199", "05/06/1990"]);
    // Pasted at once.
    expect(maskDateTyping("05061990")).toBe("05/06/1990");
  });

  it("keeps the user's own slashes and does not double one typed after the field's", () => {
    expect(maskDateTyping("5/")).toBe("5/");
    expect(maskDateTyping("5/6/1990")).toBe("5/6/1990");
    expect(maskDateTyping("5/06")).toBe("5/06/");
    expect(maskDateTyping("05//")).toBe("05/");
    expect(maskDateTyping("05/06//")).toBe("05/06/");
  });

  it("leaves other texts as typed", () => {
    expect(maskDateTyping("1990-06-05")).toBe("1990-06-05");
    expect(maskDateTyping("050619901")).toBe("050619901");
    expect(maskDateTyping("juin")).toBe("juin");
    expect(maskDateTyping("")).toBe("");
  });
});
