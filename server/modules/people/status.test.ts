import { describe, expect, it } from "vitest";
import { settingsSchema } from "../settings/settings.schema.ts";
import { computeStatus, statusHistory, type Temperature } from "./status.ts";

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

describe("statusHistory", () => {
  const at = (iso: string) => new Date(iso);
  it("lists each change: dormant and lost at the start of the threshold days, normal again after a call", () => {
    const history = statusHistory(
      {
        contacts: [at("2026-01-01T10:00:00Z"), at("2026-02-15T11:00:00Z")],
        temperatures: [
          { at: at("2026-01-01T10:00:00Z"), temperature: "hot" },
          { at: at("2026-02-20T09:00:00Z"), temperature: "cold" },
        ],
      },
      at("2026-06-01T00:00:00Z"),
      settings,
    );
    expect(history.map((h) => [h.at.toISOString(), h.status])).toEqual([
      ["2026-01-01T10:00:00.000Z", "normal"],
      ["2026-01-16T00:00:00.000Z", "dormant"], // 15 days after 1 January
      ["2026-02-01T00:00:00.000Z", "lost"], // 31 days after
      ["2026-02-15T11:00:00.000Z", "normal"], // called again
      // Cold from 20 February: 60 days after the 15 February call, then 91.
      ["2026-04-16T00:00:00.000Z", "dormant"],
      ["2026-05-17T00:00:00.000Z", "lost"],
    ]);
  });

  it("ends with converted, and stops at asOf", () => {
    const history = statusHistory(
      {
        contacts: [at("2026-01-01T10:00:00Z")],
        temperatures: [{ at: at("2026-01-01T10:00:00Z"), temperature: "warm" }],
        convertedAt: at("2026-01-20T08:00:00Z"),
      },
      at("2026-03-01T00:00:00Z"),
      settings,
    );
    expect(history.map((h) => h.status)).toEqual(["normal", "converted"]);
    expect(
      statusHistory(
        {
          contacts: [at("2026-01-01T10:00:00Z")],
          temperatures: [{ at: at("2026-01-01T10:00:00Z"), temperature: "hot" }],
        },
        at("2026-01-10T00:00:00Z"),
        settings,
      ).map((h) => h.status),
    ).toEqual(["normal"]);
  });
});
