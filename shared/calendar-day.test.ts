import { addDays, addMonths } from "date-fns";
import { describe, expect, it } from "vitest";
import { dateToDay, dayToDate, isCalendarDay } from "./calendar-day.ts";

describe("isCalendarDay", () => {
  it("accepts days that exist, 29 February in leap years only", () => {
    expect(isCalendarDay("2026-01-31")).toBe(true);
    expect(isCalendarDay("2028-02-29")).toBe(true);
    expect(isCalendarDay("2000-02-29")).toBe(true);
    expect(isCalendarDay("2027-02-29")).toBe(false);
    expect(isCalendarDay("2100-02-29")).toBe(false);
    expect(isCalendarDay("2026-04-31")).toBe(false);
    expect(isCalendarDay("2026-13-01")).toBe(false);
  });

  it("wants exactly YYYY-MM-DD", () => {
    for (const text of ["", "2026-1-01", "01/01/2026", "2026-01-01T00:00:00Z", " 2026-01-01", "20260101"]) {
      expect(isCalendarDay(text)).toBe(false);
    }
  });
});

describe("dayToDate and dateToDay", () => {
  it("round-trip and leave date-fns arithmetic free of any time zone", () => {
    expect(dateToDay(dayToDate("2028-02-29"))).toBe("2028-02-29");
    expect(dateToDay(addDays(dayToDate("2028-02-28"), 1))).toBe("2028-02-29");
    expect(dateToDay(addMonths(dayToDate("2026-01-31"), 1))).toBe("2026-02-28");
    expect(dateToDay(addDays(dayToDate("2026-03-28"), 2))).toBe("2026-03-30"); // a DST weekend in Europe
  });

  it("throws on anything but a calendar day", () => {
    expect(() => dayToDate("2026-02-30")).toThrow(RangeError);
  });
});
