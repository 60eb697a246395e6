import { describe, expect, it } from "vitest";
import { settingsSchema } from "../settings/settings.schema.ts";
import { computeStatus, type Temperature } from "./status.ts";

const settings = settingsSchema.parse({});
const DAY = 86_400_000;
const last = new Date("2026-03-02T10:00:00Z");
const daysLater = (days: number) => new Date(last.getTime() + days * DAY);

/** DESIGN §2: hot < 15 normal, 15–30 dormant, > 30 lost; warm 30/60; cold 60/90. */
describe("computeStatus at the boundaries of each temperature", () => {
  it.each([
    ["hot", 14, "normal"],
    ["hot", 15, "dormant"],
    ["hot", 30, "dormant"],
    ["hot", 31, "lost"],
    ["warm", 29, "normal"],
    ["warm", 30, "dormant"],
    ["warm", 60, "dormant"],
    ["warm", 61, "lost"],
    ["cold", 59, "normal"],
    ["cold", 60, "dormant"],
    ["cold", 90, "dormant"],
    ["cold", 91, "lost"],
  ] as [Temperature, number, string][])("%s, %i days after the last interaction → %s", (temperature, days, status) => {
    expect(computeStatus({ temperature, lastContactAt: last }, daysLater(days), settings)).toBe(status);
  });

  it("counts calendar days in the clinic's time zone, not 24-hour periods", () => {
    const lateEvening = new Date("2026-03-01T23:30:00Z");
    const nextMorning = new Date("2026-03-16T00:30:00Z"); // 14 × 24 h + 1 h later, 15 calendar days in Dakar
    expect(computeStatus({ temperature: "hot", lastContactAt: lateEvening }, nextMorning, settings)).toBe("dormant");
    // In Tokyo (UTC+9) the same two instants are 14 calendar days apart.
    const tokyo = { ...settings, timeZone: "Asia/Tokyo" };
    expect(computeStatus({ temperature: "hot", lastContactAt: lateEvening }, nextMorning, tokyo)).toBe("normal");
  });

  it("follows the thresholds of the settings", () => {
    const stricter = {
      ...settings,
      statusThresholds: { ...settings.statusThresholds, hot: { dormantFromDays: 7, lostAfterDays: 10 } },
    };
    expect(computeStatus({ temperature: "hot", lastContactAt: last }, daysLater(7), stricter)).toBe("dormant");
    expect(computeStatus({ temperature: "hot", lastContactAt: last }, daysLater(11), stricter)).toBe("lost");
  });

  it("says converted once the prospect became a patient, from that instant on", () => {
    const convertedAt = daysLater(40);
    expect(computeStatus({ temperature: "hot", lastContactAt: last, convertedAt }, daysLater(39), settings)).toBe(
      "lost",
    );
    expect(computeStatus({ temperature: "hot", lastContactAt: last, convertedAt }, daysLater(40), settings)).toBe(
      "converted",
    );
  });
});
