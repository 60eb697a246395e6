import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addCalendarDays } from "./days.ts";
import {
  completePregnancyDates,
  dayAtGestationalAge,
  ddrFromDpa,
  dpaFromDdr,
  formatGestationalAge,
  gestationalAge,
  MAX_GESTATION_DAYS,
  PREGNANCY_MILESTONES,
  pregnancyMilestones,
  validatePregnancyDates,
} from "./pregnancy.ts";

/** Every day from `from` to `to` inclusive. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addCalendarDays(day, 1)) days.push(day);
  return days;
}

const anyDay = fc
  .integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2099, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));

describe("dpaFromDdr", () => {
  it("adds 14 days then 9 months in the French convention (DESIGN §2: DDR 1 January → 15 October)", () => {
    expect(dpaFromDdr("2026-01-01")).toBe("2026-10-15");
    expect(dpaFromDdr("2026-01-01", "french")).toBe("2026-10-15");
    expect(dpaFromDdr("2026-05-31")).toBe("2027-03-14");
    expect(dpaFromDdr("2026-12-20")).toBe("2027-10-03"); // over a year's end
  });

  it("adds 280 days with Naegele (DDR 1 January → 8 October)", () => {
    expect(dpaFromDdr("2026-01-01", "naegele")).toBe("2026-10-08");
    expect(dpaFromDdr("2027-06-01", "naegele")).toBe("2028-03-07"); // across 29 February 2028
    expect(dpaFromDdr("2026-06-01", "naegele")).toBe("2027-03-08");
  });

  it("clamps to the end of a short month: several DDRs share the last day of February", () => {
    for (const ddr of ["2026-05-14", "2026-05-15", "2026-05-16", "2026-05-17"]) {
      expect(dpaFromDdr(ddr)).toBe("2027-02-28");
    }
    expect(dpaFromDdr("2026-05-18")).toBe("2027-03-01");
    // Leap year: 29 February exists in 2028.
    expect(dpaFromDdr("2027-05-15")).toBe("2028-02-29");
    expect(dpaFromDdr("2027-05-16")).toBe("2028-02-29");
    expect(dpaFromDdr("2027-05-18")).toBe("2028-03-01");
  });

  it("handles a DDR on 29 February", () => {
    expect(dpaFromDdr("2028-02-29")).toBe("2028-12-14");
    expect(dpaFromDdr("2028-02-29", "naegele")).toBe("2028-12-05");
  });

  it("is a few days from 41 SA in the French convention, 40 SA with Naegele", () => {
    fc.assert(
      fc.property(anyDay, (ddr) => {
        const french = gestationalAge(ddr, dpaFromDdr(ddr));
        expect(french?.weeks).toBeGreaterThanOrEqual(40);
        expect(french?.weeks).toBeLessThanOrEqual(41);
        expect(gestationalAge(ddr, dpaFromDdr(ddr, "naegele"))).toEqual({ weeks: 40, days: 0 });
      }),
    );
  });

  it("throws on a day that is not a calendar day", () => {
    expect(() => dpaFromDdr("2026-02-30")).toThrow(RangeError);
    expect(() => dpaFromDdr("01/01/2026")).toThrow(RangeError);
    expect(() => dpaFromDdr("")).toThrow(RangeError);
  });
});

describe("ddrFromDpa", () => {
  it("inverts the examples", () => {
    expect(ddrFromDpa("2026-10-15")).toBe("2026-01-01");
    expect(ddrFromDpa("2026-10-08", "naegele")).toBe("2026-01-01");
    expect(ddrFromDpa("2027-03-14")).toBe("2026-05-31");
    expect(ddrFromDpa("2028-12-14")).toBe("2028-02-29");
  });

  it("always round-trips with Naegele", () => {
    fc.assert(
      fc.property(anyDay, (day) => {
        expect(ddrFromDpa(dpaFromDdr(day, "naegele"), "naegele")).toBe(day);
        expect(dpaFromDdr(ddrFromDpa(day, "naegele"), "naegele")).toBe(day);
      }),
    );
  });

  it("gives the earliest DDR when several share the DPA", () => {
    expect(ddrFromDpa("2027-02-28")).toBe("2026-05-14");
    expect(ddrFromDpa("2028-02-29")).toBe("2027-05-15");
  });

  it("for a DPA no DDR gives, gives the DDR of the month's last reachable day, at most 2 days earlier", () => {
    expect(ddrFromDpa("2026-11-29")).toBe("2026-02-14");
    expect(ddrFromDpa("2026-11-30")).toBe("2026-02-14");
    expect(dpaFromDdr("2026-02-14")).toBe("2026-11-28");
    // 2028 is a leap year: 29 November is reached, 30 November is not.
    expect(dpaFromDdr(ddrFromDpa("2028-11-29"))).toBe("2028-11-29");
    expect(dpaFromDdr(ddrFromDpa("2028-11-30"))).toBe("2028-11-29");
    expect(dpaFromDdr(ddrFromDpa("2027-01-31"))).toBe("2027-01-30"); // April has 30 days
    expect(dpaFromDdr(ddrFromDpa("2027-03-31"))).toBe("2027-03-30"); // June has 30 days
    expect(dpaFromDdr(ddrFromDpa("2027-08-31"))).toBe("2027-08-30"); // November has 30 days
  });

  it("round-trips every DPA some DDR gives, over two leap cycles of days", () => {
    const ddrs = daysBetween("2025-01-01", "2032-12-31");
    const reached = new Set(ddrs.map((ddr) => dpaFromDdr(ddr)));
    for (const dpa of reached) expect(dpaFromDdr(ddrFromDpa(dpa))).toBe(dpa);
    // And the DPAs no DDR gives are exactly the days missing 9 months earlier.
    const unreached = daysBetween("2026-01-01", "2032-12-31").filter((d) => !reached.has(d));
    for (const dpa of unreached) {
      expect(["01-31", "03-31", "08-31", "11-29", "11-30"]).toContain(dpa.slice(5));
      const off = dpaFromDdr(ddrFromDpa(dpa));
      expect(off < dpa && off >= addCalendarDays(dpa, -2)).toBe(true);
    }
    expect(unreached).toContain("2026-11-30");
    expect(unreached).not.toContain("2028-11-29");
  });

  it("round-trips a DDR unless it shares its DPA with an earlier one", () => {
    for (const ddr of daysBetween("2026-01-01", "2029-12-31")) {
      const back = ddrFromDpa(dpaFromDdr(ddr));
      if (back !== ddr) {
        expect(back < ddr).toBe(true);
        expect(dpaFromDdr(back)).toBe(dpaFromDdr(ddr));
      }
    }
  });
});

describe("gestationalAge", () => {
  it("counts completed weeks and days from the DDR", () => {
    expect(gestationalAge("2026-01-01", "2026-01-01")).toEqual({ weeks: 0, days: 0 });
    expect(gestationalAge("2026-01-01", "2026-01-07")).toEqual({ weeks: 0, days: 6 });
    expect(gestationalAge("2026-01-01", "2026-01-08")).toEqual({ weeks: 1, days: 0 });
    expect(gestationalAge("2026-01-01", "2026-09-10")).toEqual({ weeks: 36, days: 0 });
    expect(gestationalAge("2026-01-01", "2026-09-12")).toEqual({ weeks: 36, days: 2 });
  });

  it("counts calendar days across 29 February", () => {
    expect(gestationalAge("2028-02-01", "2028-03-01")).toEqual({ weeks: 4, days: 1 });
    expect(gestationalAge("2027-02-01", "2027-03-01")).toEqual({ weeks: 4, days: 0 });
    expect(gestationalAge("2028-02-29", "2028-03-07")).toEqual({ weeks: 1, days: 0 });
  });

  it("is null before the DDR and past 44 SA + 0 j", () => {
    expect(gestationalAge("2026-01-01", "2025-12-31")).toBeNull();
    expect(gestationalAge("2026-01-01", addCalendarDays("2026-01-01", MAX_GESTATION_DAYS))).toEqual({
      weeks: 44,
      days: 0,
    });
    expect(gestationalAge("2026-01-01", addCalendarDays("2026-01-01", MAX_GESTATION_DAYS + 1))).toBeNull();
  });

  it("throws on malformed days", () => {
    expect(() => gestationalAge("2026-13-01", "2026-05-01")).toThrow(RangeError);
    expect(() => gestationalAge("2026-01-01", "tomorrow")).toThrow(RangeError);
  });
});

describe("formatGestationalAge", () => {
  it("writes « 36 SA + 2 j », the days always shown", () => {
    expect(formatGestationalAge({ weeks: 36, days: 2 })).toBe("36 SA + 2 j");
    expect(formatGestationalAge({ weeks: 36, days: 0 })).toBe("36 SA + 0 j");
    expect(formatGestationalAge({ weeks: 12, days: 0 })).toBe("12 SA + 0 j");
    expect(formatGestationalAge({ weeks: 0, days: 6 })).toBe("0 SA + 6 j");
  });
});

describe("dayAtGestationalAge", () => {
  it("is the DDR + 7 × weeks + days (36 SA + 0 j is DDR + 252 days)", () => {
    expect(dayAtGestationalAge("2026-01-01", 36)).toBe("2026-09-10");
    expect(dayAtGestationalAge("2026-01-01", 36, 0)).toBe(addCalendarDays("2026-01-01", 252));
    expect(dayAtGestationalAge("2026-01-01", 0)).toBe("2026-01-01");
    expect(dayAtGestationalAge("2028-01-01", 8, 3)).toBe("2028-02-29"); // 59 days
    expect(dayAtGestationalAge("2028-01-01", 8, 4)).toBe("2028-03-01");
    expect(dayAtGestationalAge("2027-01-01", 8, 4)).toBe("2027-03-02");
  });

  it("is the inverse of gestationalAge", () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 0, max: 44 }), fc.integer({ min: 0, max: 6 }), (ddr, weeks, days) => {
        const on = dayAtGestationalAge(ddr, weeks, days);
        const age = gestationalAge(ddr, on);
        if (weeks * 7 + days <= MAX_GESTATION_DAYS) expect(age).toEqual({ weeks, days });
        else expect(age).toBeNull();
      }),
    );
  });

  it("refuses an age that is not one", () => {
    expect(() => dayAtGestationalAge("2026-01-01", -1)).toThrow(RangeError);
    expect(() => dayAtGestationalAge("2026-01-01", 36, 7)).toThrow(RangeError);
    expect(() => dayAtGestationalAge("2026-01-01", 36.5)).toThrow(RangeError);
    expect(() => dayAtGestationalAge("2026-01-01", 36, -1)).toThrow(RangeError);
  });
});

describe("pregnancyMilestones", () => {
  it("dates the default milestones from a DDR (French convention)", () => {
    expect(pregnancyMilestones("2026-01-01")).toEqual([
      { id: "scan-t1", label: "Échographie du 1er trimestre", on: "2026-03-19", until: "2026-04-08" },
      { id: "scan-t2", label: "Échographie du 2e trimestre", on: "2026-06-04", until: null },
      { id: "scan-t3", label: "Échographie du 3e trimestre", on: "2026-08-13", until: null },
      { id: "week-36", label: "Appel de préparation à la naissance (36 SA)", on: "2026-09-10", until: null },
      { id: "term-41", label: "Terme (41 SA)", on: "2026-10-15", until: null },
      { id: "dpa", label: "Date prévue d'accouchement (DPA)", on: "2026-10-15", until: null },
    ]);
  });

  it("puts the week-36 call on 36 SA + 0 j, the day the follow-up rule of that id fires", () => {
    const call = pregnancyMilestones("2026-03-15").find((m) => m.id === "week-36");
    expect(call?.on).toBe(dayAtGestationalAge("2026-03-15", 36, 0));
    expect(gestationalAge("2026-03-15", call?.on ?? "")).toEqual({ weeks: 36, days: 0 });
  });

  it("sorts by day: with Naegele the DPA (40 SA) comes before 41 SA", () => {
    const ids = pregnancyMilestones("2026-01-01", "naegele").map((m) => m.id);
    expect(ids).toEqual(["scan-t1", "scan-t2", "scan-t3", "week-36", "dpa", "term-41"]);
    expect(pregnancyMilestones("2026-01-01", "naegele").find((m) => m.id === "dpa")?.on).toBe("2026-10-08");
  });

  it("takes the milestones as data", () => {
    const custom = [
      { id: "b", label: "B", at: { weeks: 20, days: 0 } },
      { id: "a", label: "A", at: { weeks: 10, days: 1 }, until: { weeks: 12, days: 0 } },
    ];
    expect(pregnancyMilestones("2026-01-01", "french", custom)).toEqual([
      { id: "a", label: "A", on: "2026-03-13", until: "2026-03-26" },
      { id: "b", label: "B", on: "2026-05-21", until: null },
    ]);
    expect(PREGNANCY_MILESTONES.every((m) => m.label.trim() !== "")).toBe(true);
    expect(new Set(PREGNANCY_MILESTONES.map((m) => m.id)).size).toBe(PREGNANCY_MILESTONES.length);
  });
});

describe("validatePregnancyDates", () => {
  const today = "2026-06-15";

  it("accepts a DDR from today back to 44 weeks", () => {
    expect(validatePregnancyDates({ ddr: today }, today)).toEqual([]);
    expect(validatePregnancyDates({ ddr: "2026-01-01" }, today)).toEqual([]);
    expect(validatePregnancyDates({ ddr: addCalendarDays(today, -MAX_GESTATION_DAYS) }, today)).toEqual([]);
  });

  it("refuses a DDR in the future or more than 44 weeks back", () => {
    expect(validatePregnancyDates({ ddr: "2026-06-16" }, today)).toEqual([{ field: "ddr", code: "future" }]);
    expect(validatePregnancyDates({ ddr: addCalendarDays(today, -MAX_GESTATION_DAYS - 1) }, today)).toEqual([
      { field: "ddr", code: "too_old" },
    ]);
  });

  it("refuses malformed and impossible days", () => {
    expect(validatePregnancyDates({ ddr: "2026-02-30" }, today)).toEqual([{ field: "ddr", code: "invalid" }]);
    expect(validatePregnancyDates({ dpa: "15/10/2026" }, today)).toEqual([{ field: "dpa", code: "invalid" }]);
    expect(validatePregnancyDates({ ddr: "2027-02-29" }, "2027-03-01")).toEqual([{ field: "ddr", code: "invalid" }]);
    expect(validatePregnancyDates({ ddr: "2028-02-29" }, "2028-03-01")).toEqual([]);
  });

  it("asks for one of the two", () => {
    expect(validatePregnancyDates({}, today)).toEqual([{ field: "ddr", code: "required" }]);
    expect(validatePregnancyDates({ ddr: null, dpa: "" }, today)).toEqual([{ field: "ddr", code: "required" }]);
  });

  it("judges a DPA through its DDR: no further ahead than a whole pregnancy, not long past", () => {
    // French: DDR today → DPA 2027-03-29; a day later would need a DDR tomorrow.
    expect(dpaFromDdr(today)).toBe("2027-03-29");
    expect(validatePregnancyDates({ dpa: "2027-03-29" }, today)).toEqual([]);
    expect(validatePregnancyDates({ dpa: "2027-03-30" }, today)).toEqual([{ field: "dpa", code: "too_far" }]);
    // Naegele: 280 days.
    expect(validatePregnancyDates({ dpa: addCalendarDays(today, 280) }, today, "naegele")).toEqual([]);
    expect(validatePregnancyDates({ dpa: addCalendarDays(today, 281) }, today, "naegele")).toEqual([
      { field: "dpa", code: "too_far" },
    ]);
    // A DPA a few weeks past is still a pregnancy (up to 44 SA); long past is not.
    expect(validatePregnancyDates({ dpa: "2026-06-01" }, today)).toEqual([]);
    expect(validatePregnancyDates({ dpa: "2026-01-15" }, today)).toEqual([{ field: "dpa", code: "too_old" }]);
  });

  it("accepts both dates when one follows from the other, refuses them otherwise", () => {
    expect(validatePregnancyDates({ ddr: "2026-01-01", dpa: "2026-10-15" }, today)).toEqual([]);
    expect(validatePregnancyDates({ ddr: "2026-01-01", dpa: "2026-10-08" }, today, "naegele")).toEqual([]);
    expect(validatePregnancyDates({ ddr: "2026-01-01", dpa: "2026-10-08" }, today)).toEqual([
      { field: "dpa", code: "mismatch" },
    ]);
    // A DPA no DDR reaches, with the DDR derived from it.
    expect(validatePregnancyDates({ ddr: "2026-02-14", dpa: "2026-11-30" }, "2026-03-01")).toEqual([]);
    // A later DDR sharing a clamped DPA.
    expect(validatePregnancyDates({ ddr: "2026-05-16", dpa: "2027-02-28" }, today)).toEqual([]);
  });

  it("reports every error found", () => {
    expect(validatePregnancyDates({ ddr: "2027-01-01", dpa: "x" }, today)).toEqual([
      { field: "dpa", code: "invalid" },
      { field: "ddr", code: "future" },
    ]);
  });

  it("throws on a malformed today (a programming error)", () => {
    expect(() => validatePregnancyDates({ ddr: "2026-01-01" }, "2026-6-15")).toThrow(RangeError);
  });

  it("accepts every DDR whose gestational age is defined, and only those", () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: -30, max: 340 }), (todayDay, back) => {
        const ddr = addCalendarDays(todayDay, -back);
        const ok = validatePregnancyDates({ ddr }, todayDay).length === 0;
        expect(ok).toBe(gestationalAge(ddr, todayDay) !== null);
      }),
    );
  });
});

describe("completePregnancyDates", () => {
  it("derives the missing date and keeps the given ones", () => {
    expect(completePregnancyDates({ ddr: "2026-01-01" })).toEqual({ ddr: "2026-01-01", dpa: "2026-10-15" });
    expect(completePregnancyDates({ dpa: "2026-10-15" })).toEqual({ ddr: "2026-01-01", dpa: "2026-10-15" });
    expect(completePregnancyDates({ ddr: "2026-01-01" }, "naegele")).toEqual({ ddr: "2026-01-01", dpa: "2026-10-08" });
    expect(completePregnancyDates({ dpa: "2026-11-30" })).toEqual({ ddr: "2026-02-14", dpa: "2026-11-30" });
    expect(completePregnancyDates({ ddr: "2026-05-16", dpa: "2027-02-28" })).toEqual({
      ddr: "2026-05-16",
      dpa: "2027-02-28",
    });
    expect(completePregnancyDates({})).toBeNull();
  });
});
