import { describe, expect, it } from "vitest";
import {
  addBusinessDays,
  type BusinessCalendar,
  closingTimeOf,
  isBusinessDay,
  retryTimeAfter,
} from "./business-calendar.ts";

const dakar: BusinessCalendar = {
  timeZone: "Africa/Dakar",
  saturdayIsBusinessDay: false,
  opensAt: "08:00",
  closesAt: "18:00",
  holidays: new Set(["2026-05-01", "2026-04-06"]),
};
const due = (iso: string, days: number, calendar = dakar) =>
  addBusinessDays(new Date(iso), days, calendar).toISOString();

describe("business calendar", () => {
  it("retries a call nobody answered two hours later within opening hours, else at the next business day's opening", () => {
    const retry = (iso: string) => retryTimeAfter(new Date(iso), dakar).toISOString();
    expect(retry("2026-03-02T09:00:00Z")).toBe("2026-03-02T11:00:00.000Z"); // Monday morning
    expect(retry("2026-03-02T16:00:00Z")).toBe("2026-03-02T18:00:00.000Z"); // still by closing time
    expect(retry("2026-03-02T16:30:00Z")).toBe("2026-03-03T08:00:00.000Z"); // past closing: Tuesday's opening
    expect(retry("2026-03-02T05:00:00Z")).toBe("2026-03-02T08:00:00.000Z"); // before opening: the opening
    expect(retry("2026-03-06T17:00:00Z")).toBe("2026-03-09T08:00:00.000Z"); // Friday evening → Monday
    expect(retry("2026-04-30T17:00:00Z")).toBe("2026-05-04T08:00:00.000Z"); // Thursday; 1 May a holiday → Monday
  });

  it("knows Sundays, Saturdays unless enabled, and holidays", () => {
    expect(isBusinessDay("2026-03-08", dakar)).toBe(false); // Sunday
    expect(isBusinessDay("2026-03-07", dakar)).toBe(false); // Saturday
    expect(isBusinessDay("2026-03-07", { ...dakar, saturdayIsBusinessDay: true })).toBe(true);
    expect(isBusinessDay("2026-03-08", { ...dakar, saturdayIsBusinessDay: true })).toBe(false);
    expect(isBusinessDay("2026-05-01", dakar)).toBe(false);
    expect(isBusinessDay("2026-05-04", dakar)).toBe(true);
  });

  it("reads 48 h ouvrées as 2 business days at the same time of day", () => {
    expect(due("2026-03-03T10:00:00Z", 2)).toBe("2026-03-05T10:00:00.000Z"); // Tuesday → Thursday
    expect(due("2026-03-06T10:00:00Z", 2)).toBe("2026-03-10T10:00:00.000Z"); // Friday → Tuesday
    expect(due("2026-03-06T10:00:00Z", 2, { ...dakar, saturdayIsBusinessDay: true })).toBe("2026-03-09T10:00:00.000Z");
    expect(due("2026-04-30T10:00:00Z", 2)).toBe("2026-05-05T10:00:00.000Z"); // over 1 May and the weekend
    expect(due("2026-04-03T17:59:00Z", 1)).toBe("2026-04-07T17:59:00.000Z"); // Easter Monday off
  });

  it("counts a request made on a closed day from the next opening", () => {
    expect(due("2026-03-07T15:00:00Z", 2)).toBe("2026-03-11T08:00:00.000Z"); // Saturday → Monday 08:00 → Wednesday
    expect(due("2026-03-08T23:30:00Z", 2)).toBe("2026-03-11T08:00:00.000Z"); // Sunday night
    expect(due("2026-05-01T09:00:00Z", 2)).toBe("2026-05-06T08:00:00.000Z"); // holiday → Monday 4 → Wednesday 6
  });

  it("works in the clinic's zone, not the server's", () => {
    const paris: BusinessCalendar = { ...dakar, timeZone: "Europe/Paris", holidays: new Set() };
    // Friday 23:30 in Paris is 22:30 UTC; Saturday 00:30 in Paris is a closed day.
    expect(due("2026-03-06T22:30:00Z", 2, paris)).toBe("2026-03-10T22:30:00.000Z");
    expect(due("2026-03-06T23:30:00Z", 2, paris)).toBe("2026-03-11T07:00:00.000Z"); // Wednesday 08:00 Paris
    // Across the change to summer time (29 March 2026): the wall-clock time is kept.
    expect(due("2026-03-27T09:00:00Z", 2, paris)).toBe("2026-03-31T08:00:00.000Z");
    expect(closingTimeOf(new Date("2026-03-31T05:00:00Z"), paris).toISOString()).toBe("2026-03-31T16:00:00.000Z");
  });
});
