import { describe, expect, it } from "vitest";
import {
  type DoseLine,
  dayAtAge,
  dosesFor,
  type ScheduledDose,
  SENEGAL_EPI,
  validateGivenDay,
  validateSchedule,
} from "./vaccination.ts";

/** A schedule line with defaults, overridden as each test needs. */
function buildDose(overrides: Partial<ScheduledDose> = {}): ScheduledDose {
  return { vaccine: "X", dose: 1, label: "Vaccin X", age: { weeks: 6 }, ...overrides };
}

const line = (lines: DoseLine[], vaccine: string, dose: number) =>
  lines.find((l) => l.vaccine === vaccine && l.dose === dose);

describe("SENEGAL_EPI", () => {
  it("follows DESIGN §2", () => {
    const at = (birth: string) =>
      SENEGAL_EPI.map((d) => `${d.vaccine}${d.dose}@${dayAtAge(birth, d.age)}${d.sex ? `(${d.sex})` : ""}`);
    expect(at("2026-01-01")).toEqual([
      "BCG1@2026-01-01",
      "VPO0@2026-01-01",
      "HEXA1@2026-02-12",
      "PCV131@2026-02-12",
      "ROTA1@2026-02-12",
      "VPO1@2026-02-12",
      "HEXA2@2026-03-12",
      "PCV132@2026-03-12",
      "ROTA2@2026-03-12",
      "VPO2@2026-03-12",
      "HEXA3@2026-04-09",
      "PCV133@2026-04-09",
      "ROTA3@2026-04-09",
      "VPO3@2026-04-09",
      "RR1@2026-10-01",
      "VAA1@2026-10-01",
      "RR2@2027-04-01",
      "HPV1@2035-01-01(female)",
      "HPV2@2035-07-01(female)",
    ]);
  });

  it("is a valid schedule with French labels", () => {
    expect(validateSchedule(SENEGAL_EPI)).toEqual([]);
    expect(SENEGAL_EPI.find((d) => d.vaccine === "VAA")?.label).toBe("Fièvre jaune");
    expect(SENEGAL_EPI.filter((d) => d.vaccine === "HPV").map((d) => d.label)).toEqual([
      "Papillomavirus (HPV) 1",
      "Papillomavirus (HPV) 2",
    ]);
  });
});

describe("dayAtAge", () => {
  it("adds weeks as 7 days and months as calendar months", () => {
    expect(dayAtAge("2026-01-01", {})).toBe("2026-01-01");
    expect(dayAtAge("2026-01-01", { weeks: 6 })).toBe("2026-02-12");
    expect(dayAtAge("2026-01-01", { days: 3 })).toBe("2026-01-04");
    expect(dayAtAge("2026-01-15", { months: 9 })).toBe("2026-10-15");
  });

  it("clamps to the end of a shorter month", () => {
    expect(dayAtAge("2026-01-31", { months: 9 })).toBe("2026-10-31");
    expect(dayAtAge("2025-05-31", { months: 9 })).toBe("2026-02-28");
    expect(dayAtAge("2027-05-31", { months: 9 })).toBe("2028-02-29");
    expect(dayAtAge("2026-01-31", { months: 15 })).toBe("2027-04-30");
  });

  it("takes a birth on 29 February to 28 February in common years", () => {
    expect(dayAtAge("2028-02-29", { years: 9 })).toBe("2037-02-28");
    // Years and months go together (114 months): 29 August, not 28 February + 6 months.
    expect(dayAtAge("2028-02-29", { years: 9, months: 6 })).toBe("2037-08-29");
    expect(dayAtAge("2024-02-29", { years: 4 })).toBe("2028-02-29");
    expect(dayAtAge("2028-02-29", { weeks: 6 })).toBe("2028-04-11");
  });

  it("adds years and months before weeks and days", () => {
    // 01-30 + 1 month = 02-28, + 2 days = 03-02; days first would give 02-01 + 1 month = 03-01.
    expect(dayAtAge("2026-01-30", { months: 1, days: 2 })).toBe("2026-03-02");
  });

  it("throws on a malformed birth date", () => {
    expect(() => dayAtAge("2026-02-29", { weeks: 6 })).toThrow(RangeError);
  });
});

describe("dosesFor", () => {
  const birth = "2026-01-01";

  it("marks every dose upcoming at birth's eve and the birth doses due on the day", () => {
    const before = dosesFor(birth, "female", SENEGAL_EPI, [], "2025-12-31");
    expect(before.every((l) => l.status === "upcoming")).toBe(true);
    const onBirth = dosesFor(birth, "female", SENEGAL_EPI, [], birth);
    expect(onBirth.filter((l) => l.status === "due").map((l) => `${l.vaccine}${l.dose}`)).toEqual(["BCG1", "VPO0"]);
  });

  it("is due from the due day to 14 days after it, late from the 15th day", () => {
    const status = (asOf: string) => line(dosesFor(birth, "male", SENEGAL_EPI, [], asOf), "HEXA", 1)?.status;
    expect(status("2026-02-11")).toBe("upcoming");
    expect(status("2026-02-12")).toBe("due");
    expect(status("2026-02-26")).toBe("due"); // due day + 14
    expect(status("2026-02-27")).toBe("late"); // due day + 15
  });

  it("takes lateAfterDays as an option", () => {
    const status = (asOf: string, lateAfterDays: number) =>
      line(dosesFor(birth, "male", SENEGAL_EPI, [], asOf, { lateAfterDays }), "HEXA", 1)?.status;
    expect(status("2026-02-12", 0)).toBe("due");
    expect(status("2026-02-13", 0)).toBe("late");
    expect(status("2026-03-13", 30)).toBe("due");
    expect(status("2026-03-15", 30)).toBe("late");
  });

  it("flags an upcoming dose due within dueSoonDays (7 by default)", () => {
    const soon = (asOf: string, dueSoonDays?: number) =>
      line(dosesFor(birth, "male", SENEGAL_EPI, [], asOf, dueSoonDays === undefined ? {} : { dueSoonDays }), "HEXA", 1)
        ?.dueSoon;
    expect(soon("2026-02-04")).toBe(false); // 8 days ahead
    expect(soon("2026-02-05")).toBe(true); // 7 days ahead
    expect(soon("2026-02-11")).toBe(true);
    expect(soon("2026-02-12")).toBe(false); // due now: no longer "soon"
    expect(soon("2026-02-11", 0)).toBe(false);
    expect(soon("2026-01-29", 14)).toBe(true);
  });

  it("marks a given dose done whatever its day, and keeps the day", () => {
    const given = [
      { vaccine: "BCG", dose: 1, givenOn: "2026-01-01" },
      { vaccine: "HEXA", dose: 1, givenOn: "2026-06-01" }, // very late
      { vaccine: "PCV13", dose: 1, givenOn: "2026-02-01" }, // before its due day
    ];
    const lines = dosesFor(birth, "male", SENEGAL_EPI, given, "2026-02-20");
    expect(line(lines, "BCG", 1)).toMatchObject({ status: "done", givenOn: "2026-01-01", dueSoon: false });
    expect(line(lines, "HEXA", 1)).toMatchObject({ status: "done", givenOn: "2026-06-01" });
    expect(line(lines, "PCV13", 1)).toMatchObject({ status: "done", givenOn: "2026-02-01", dueOn: "2026-02-12" });
    expect(line(lines, "VPO", 0)).toMatchObject({ status: "late", givenOn: null });
    expect(line(lines, "ROTA", 1)).toMatchObject({ status: "due", givenOn: null });
  });

  it("keeps the earliest day of a dose recorded twice and ignores doses the schedule does not list", () => {
    const given = [
      { vaccine: "BCG", dose: 1, givenOn: "2026-01-05" },
      { vaccine: "BCG", dose: 1, givenOn: "2026-01-02" },
      { vaccine: "COVID", dose: 1, givenOn: "2026-01-03" },
    ];
    const lines = dosesFor(birth, "male", SENEGAL_EPI, given, "2026-01-10");
    expect(line(lines, "BCG", 1)?.givenOn).toBe("2026-01-02");
    expect(line(lines, "COVID", 1)).toBeUndefined();
    expect(lines).toHaveLength(17);
  });

  it("gives HPV to girls only; keeps it when the sex is unknown, and shows it once given", () => {
    const hpv = (lines: DoseLine[]) => lines.filter((l) => l.vaccine === "HPV").map((l) => l.dose);
    expect(hpv(dosesFor(birth, "female", SENEGAL_EPI, [], "2030-01-01"))).toEqual([1, 2]);
    expect(hpv(dosesFor(birth, "male", SENEGAL_EPI, [], "2030-01-01"))).toEqual([]);
    expect(hpv(dosesFor(birth, null, SENEGAL_EPI, [], "2030-01-01"))).toEqual([1, 2]);
    const given = [{ vaccine: "HPV", dose: 1, givenOn: "2035-02-01" }];
    expect(hpv(dosesFor(birth, "male", SENEGAL_EPI, given, "2036-01-01"))).toEqual([1]);
  });

  it("dates HPV at 9 years and 9 years 6 months, the second 6 months after the first as given", () => {
    const lines = dosesFor(birth, "female", SENEGAL_EPI, [], "2035-01-01");
    expect(line(lines, "HPV", 1)).toMatchObject({ dueOn: "2035-01-01", status: "due" });
    expect(line(lines, "HPV", 2)).toMatchObject({ dueOn: "2035-07-01", status: "upcoming" });
    const lateFirst = dosesFor(
      birth,
      "female",
      SENEGAL_EPI,
      [{ vaccine: "HPV", dose: 1, givenOn: "2035-04-10" }],
      "2035-08-01",
    );
    expect(line(lateFirst, "HPV", 2)).toMatchObject({ dueOn: "2035-10-10", status: "upcoming" });
  });

  it("pushes a dose back to 4 weeks after a late previous dose, never earlier than its age", () => {
    const given = [{ vaccine: "HEXA", dose: 1, givenOn: "2026-03-01" }];
    const lines = dosesFor(birth, "male", SENEGAL_EPI, given, "2026-03-15");
    expect(line(lines, "HEXA", 2)).toMatchObject({ dueOn: "2026-03-29", status: "upcoming" });
    expect(line(lines, "PCV13", 2)).toMatchObject({ dueOn: "2026-03-12", status: "due" }); // its dose 1 not given
    const onTime = dosesFor(
      birth,
      "male",
      SENEGAL_EPI,
      [{ vaccine: "HEXA", dose: 1, givenOn: "2026-02-12" }],
      "2026-03-15",
    );
    expect(line(onTime, "HEXA", 2)?.dueOn).toBe("2026-03-12");
  });

  it("orders the lines by due day, schedule order on the same day", () => {
    const given = [{ vaccine: "HEXA", dose: 1, givenOn: "2026-03-01" }];
    const lines = dosesFor(birth, "female", SENEGAL_EPI, given, "2026-03-15");
    const days = lines.map((l) => l.dueOn);
    expect(days).toEqual([...days].sort());
    expect(lines.slice(0, 6).map((l) => `${l.vaccine}${l.dose}`)).toEqual([
      "BCG1",
      "VPO0",
      "HEXA1",
      "PCV131",
      "ROTA1",
      "VPO1",
    ]);
    // HEXA2, pushed to 2026-03-29, comes after the other 10-week doses.
    expect(lines.slice(6, 10).map((l) => `${l.vaccine}${l.dose}`)).toEqual(["PCV132", "ROTA2", "VPO2", "HEXA2"]);
  });

  it("dates month-based doses for a birth at a month's end and on 29 February", () => {
    const endOfMonth = dosesFor("2025-05-31", "female", SENEGAL_EPI, [], "2025-06-01");
    expect(line(endOfMonth, "RR", 1)?.dueOn).toBe("2026-02-28");
    expect(line(endOfMonth, "RR", 2)?.dueOn).toBe("2026-08-31");
    const leap = dosesFor("2028-02-29", "female", SENEGAL_EPI, [], "2028-03-01");
    expect(line(leap, "RR", 1)?.dueOn).toBe("2028-11-29");
    expect(line(leap, "HPV", 1)?.dueOn).toBe("2037-02-28");
    expect(line(leap, "HPV", 2)?.dueOn).toBe("2037-08-29");
  });

  it("follows a custom schedule", () => {
    const schedule = [
      buildDose({ vaccine: "A", dose: 1, label: "A1", age: { days: 10 } }),
      buildDose({ vaccine: "A", dose: 2, label: "A2", age: { days: 20 }, minGapAfterPrevious: { days: 15 } }),
      buildDose({ vaccine: "B", dose: 1, label: "B1", age: { years: 1 }, sex: "male" }),
    ];
    const lines = dosesFor(
      "2026-01-01",
      "male",
      schedule,
      [{ vaccine: "A", dose: 1, givenOn: "2026-01-11" }],
      "2026-01-22",
    );
    expect(lines).toEqual([
      {
        vaccine: "A",
        dose: 1,
        label: "A1",
        dueOn: "2026-01-11",
        givenOn: "2026-01-11",
        status: "done",
        dueSoon: false,
      },
      { vaccine: "A", dose: 2, label: "A2", dueOn: "2026-01-26", givenOn: null, status: "upcoming", dueSoon: true },
      { vaccine: "B", dose: 1, label: "B1", dueOn: "2027-01-01", givenOn: null, status: "upcoming", dueSoon: false },
    ]);
    expect(dosesFor("2026-01-01", "female", schedule, [], "2026-01-22").map((l) => l.vaccine)).toEqual(["A", "A"]);
    expect(dosesFor("2026-01-01", "female", [], [], "2026-01-22")).toEqual([]);
  });

  it("finds the previous dose by number even when doses are numbered with gaps or out of order", () => {
    const schedule = [
      buildDose({ vaccine: "A", dose: 3, label: "A3", age: { weeks: 4 }, minGapAfterPrevious: { weeks: 4 } }),
      buildDose({ vaccine: "A", dose: 0, label: "A0", age: {} }),
      buildDose({ vaccine: "A", dose: 2, label: "A2", age: { weeks: 2 } }),
    ];
    const given = [
      { vaccine: "A", dose: 0, givenOn: "2026-01-01" },
      { vaccine: "A", dose: 2, givenOn: "2026-01-20" },
    ];
    expect(line(dosesFor("2026-01-01", null, schedule, given, "2026-01-20"), "A", 3)?.dueOn).toBe("2026-02-17");
  });

  it("throws on malformed days", () => {
    expect(() => dosesFor("2026-02-30", "male", SENEGAL_EPI, [], "2026-03-01")).toThrow(RangeError);
    expect(() => dosesFor(birth, "male", SENEGAL_EPI, [], "01/03/2026")).toThrow(RangeError);
    expect(() => dosesFor(birth, "male", SENEGAL_EPI, [{ vaccine: "BCG", dose: 1, givenOn: "" }], birth)).toThrow(
      RangeError,
    );
  });
});

describe("validateSchedule", () => {
  it("accepts an empty schedule and a correct one", () => {
    expect(validateSchedule([])).toEqual([]);
    expect(validateSchedule([buildDose(), buildDose({ dose: 2 }), buildDose({ vaccine: "Y" })])).toEqual([]);
  });

  it("refuses a (vaccine, dose) pair twice, on the later line", () => {
    expect(validateSchedule([buildDose(), buildDose({ label: "autre" }), buildDose()])).toEqual([
      { index: 1, field: "dose", code: "duplicate" },
      { index: 2, field: "dose", code: "duplicate" },
    ]);
  });

  it("asks for a vaccine code and a label", () => {
    expect(validateSchedule([buildDose({ vaccine: " ", label: "" })])).toEqual([
      { index: 0, field: "vaccine", code: "required" },
      { index: 0, field: "label", code: "required" },
    ]);
  });

  it("refuses codes with other than capitals, digits, - and _, or surrounding spaces", () => {
    expect(validateSchedule([buildDose({ vaccine: "hexa" })])).toEqual([
      { index: 0, field: "vaccine", code: "invalid" },
    ]);
    expect(validateSchedule([buildDose({ vaccine: "RR " })])).toEqual([
      { index: 0, field: "vaccine", code: "invalid" },
    ]);
    expect(validateSchedule([buildDose({ vaccine: "DTC-HEPB_2" })])).toEqual([]);
  });

  it("bounds the lengths", () => {
    expect(validateSchedule([buildDose({ vaccine: "A".repeat(21), label: "é".repeat(121) })])).toEqual([
      { index: 0, field: "vaccine", code: "too_long" },
      { index: 0, field: "label", code: "too_long" },
    ]);
    const many = Array.from({ length: 101 }, (_, dose) => buildDose({ dose }));
    expect(validateSchedule(many)).toEqual([{ index: -1, field: "schedule", code: "too_long" }]);
  });

  it("wants whole, non-negative dose numbers and offsets", () => {
    expect(
      validateSchedule([
        buildDose({ dose: -1 }),
        buildDose({ dose: 1.5 }),
        buildDose({ dose: 2, age: { weeks: -6 } }),
        buildDose({ dose: 3, age: { months: 0.5 } }),
        buildDose({ dose: 4, age: { days: Number.NaN } }),
        buildDose({ dose: 5, age: { years: 1201 } }),
        buildDose({ dose: 6, minGapAfterPrevious: { days: -1 } }),
        buildDose({ dose: 7, age: { years: 0, months: 0, weeks: 0, days: 0 } }),
      ]),
    ).toEqual([
      { index: 0, field: "dose", code: "negative" },
      { index: 1, field: "dose", code: "invalid" },
      { index: 2, field: "age", code: "negative" },
      { index: 3, field: "age", code: "invalid" },
      { index: 4, field: "age", code: "invalid" },
      { index: 5, field: "age", code: "invalid" },
      { index: 6, field: "minGapAfterPrevious", code: "negative" },
    ]);
  });

  it("knows only the two sexes, or none", () => {
    expect(validateSchedule([buildDose({ sex: "female" }), buildDose({ dose: 2, sex: null })])).toEqual([]);
    expect(validateSchedule([buildDose({ sex: "girl" as "female" })])).toEqual([
      { index: 0, field: "sex", code: "invalid" },
    ]);
  });
});

describe("validateGivenDay", () => {
  it("wants a real day from birth to today", () => {
    expect(validateGivenDay("2026-02-12", "2026-01-01", "2026-03-01")).toBeNull();
    expect(validateGivenDay("2026-01-01", "2026-01-01", "2026-01-01")).toBeNull();
    expect(validateGivenDay("2025-12-31", "2026-01-01", "2026-03-01")).toEqual({
      field: "givenOn",
      code: "before_birth",
    });
    expect(validateGivenDay("2026-03-02", "2026-01-01", "2026-03-01")).toEqual({ field: "givenOn", code: "future" });
    expect(validateGivenDay("2026-02-29", "2026-01-01", "2026-03-01")).toEqual({ field: "givenOn", code: "invalid" });
  });
});
