import { describe, expect, it } from "vitest";
import { addCalendarDays } from "../../shared/days.ts";
import { selectBackupsToKeep, weekOf } from "./backup-retention.ts";

/** Every day from `from` to `to`, both included. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addCalendarDays(day, 1)) days.push(day);
  return days;
}

describe("backup retention (7 daily, 4 weekly)", () => {
  it("starts weeks on Monday, across a year's end", () => {
    expect(weekOf("2026-03-16")).toBe("2026-03-16"); // Monday
    expect(weekOf("2026-03-22")).toBe("2026-03-16"); // Sunday
    expect(weekOf("2026-03-23")).toBe("2026-03-23");
    expect(weekOf("2027-01-01")).toBe("2026-12-28"); // a Friday: its week began in December
    expect(weekOf("2024-02-29")).toBe("2024-02-26");
  });

  it("keeps the last 7 days and the Sundays of the 4 weeks before them", () => {
    // Wednesday 18 March 2026, a backup every day since January.
    const { keep, remove } = selectBackupsToKeep(daysBetween("2026-01-01", "2026-03-18"), "2026-03-18");
    expect(keep).toEqual([
      "2026-02-15",
      "2026-02-22",
      "2026-03-01",
      "2026-03-08",
      ...daysBetween("2026-03-12", "2026-03-18"),
    ]);
    expect(remove).toContain("2026-03-11");
    expect(remove).toContain("2026-03-09");
    expect(remove).toContain("2026-02-14");
    expect(keep.length + remove.length).toBe(daysBetween("2026-01-01", "2026-03-18").length);
  });

  it("moves one day at a time: the 8th day goes unless it is a Sunday kept for its week", () => {
    const history = daysBetween("2026-01-01", "2026-03-18");
    // The next day, Thursday 19: the 12th leaves the dailies, and is a Thursday, so goes.
    const thursday = selectBackupsToKeep([...history, "2026-03-19"], "2026-03-19");
    expect(thursday.remove).toContain("2026-03-12");
    expect(thursday.keep).toContain("2026-03-13");
    // Monday 23: Sunday 15 leaves the dailies and becomes the weekly of its week; the 15 February one goes.
    const monday = selectBackupsToKeep(daysBetween("2026-01-01", "2026-03-23"), "2026-03-23");
    expect(monday.keep).toEqual([
      "2026-02-22",
      "2026-03-01",
      "2026-03-08",
      "2026-03-15",
      ...daysBetween("2026-03-17", "2026-03-23"),
    ]);
    expect(monday.remove).toContain("2026-03-16");
    expect(monday.remove).toContain("2026-02-15");
  });

  it("keeps everything while there are fewer than 7 days, and an empty list stays empty", () => {
    expect(selectBackupsToKeep([], "2026-03-18")).toEqual({ keep: [], remove: [] });
    const seven = daysBetween("2026-03-12", "2026-03-18");
    expect(selectBackupsToKeep(seven, "2026-03-18")).toEqual({ keep: seven, remove: [] });
    // An 8th day goes when its week's latest backup (Sunday 15) is already a daily…
    const eight = daysBetween("2026-03-11", "2026-03-18");
    expect(selectBackupsToKeep(eight, "2026-03-18")).toEqual({ keep: eight.slice(1), remove: ["2026-03-11"] });
    // …and stays as its week's weekly when it is the latest of an earlier week.
    const sunday = ["2026-03-08", ...seven];
    expect(selectBackupsToKeep(sunday, "2026-03-18")).toEqual({ keep: sunday, remove: [] });
  });

  it("counts only days and weeks that have a backup: a month with the server off removes nothing it needs", () => {
    const before = daysBetween("2026-01-01", "2026-02-10");
    const after = ["2026-03-17", "2026-03-18"];
    const { keep, remove } = selectBackupsToKeep([...before, ...after], "2026-03-18");
    // 2 days after the gap + the 5 latest before it are the 7 dailies; then 4 earlier weeks' latest days.
    expect(keep).toEqual([
      "2026-01-11",
      "2026-01-18",
      "2026-01-25",
      "2026-02-01",
      ...daysBetween("2026-02-06", "2026-02-10"),
      ...after,
    ]);
    expect(remove).toContain("2026-02-05");
  });

  it("keeps a day after today (a clock set wrong) without counting it, and each day once", () => {
    const days = [...daysBetween("2026-03-05", "2026-03-18"), "2026-04-01", "2026-03-18"];
    const { keep, remove } = selectBackupsToKeep(days, "2026-03-18");
    expect(keep).toContain("2026-04-01");
    expect(keep.filter((d) => d === "2026-03-18")).toHaveLength(1);
    expect(keep).toEqual(["2026-03-08", ...daysBetween("2026-03-12", "2026-03-18"), "2026-04-01"]);
    expect(remove).toEqual(["2026-03-05", "2026-03-06", "2026-03-07", "2026-03-09", "2026-03-10", "2026-03-11"]);
  });
});
