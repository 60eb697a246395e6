import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smsMessages } from "../../db/schema/index.ts";
import { createTestApp, type TestApp } from "../../test/app.ts";
import { buildPatient } from "../../test/factories.ts";
import { getSettings, updateSettings } from "../settings/settings.ts";
import { reminderCovered } from "./reminders.ts";
import { runSms } from "./sms.ts";
import { bookAppointment } from "./test-support.ts";

// Dakar is UTC+0 all year: 10:00Z is 10:00 at the clinic. The log provider: SMS are simulated, marked sent.
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ now: "2026-12-07T08:00:00Z", config: { smsRatePerSecond: 1000 } });
});
afterAll(async () => {
  await t?.close();
});

async function setOffsets(...codes: string[]) {
  const { version, settings } = await getSettings(t.system);
  const reminderOffsets = codes.map((code) => {
    const [days, at] = code.split("@");
    return { daysBefore: Number(days), at: at as string };
  });
  await updateSettings(t.system, { version, settings: { ...settings, sms: { ...settings.sms, reminderOffsets } } });
}

let phoneCounter = 0;
async function book(startsAt: string) {
  const person = await buildPatient(t.system, { phones: [`77 600 ${String(10 + ++phoneCounter)} 00`] });
  return (await bookAppointment(t, person.id, startsAt)).appointment.id;
}

const remindersOf = async (appointmentId: string) =>
  (
    await t.services.database.db
      .select()
      .from(smsMessages)
      .where(eq(smsMessages.appointmentId, appointmentId))
      .orderBy(asc(smsMessages.createdAt))
  ).map((m) => [m.reminderOffset, m.status]);

describe("reminder offsets changed in the settings", () => {
  it("do not remind twice: « la veille à 10h » sent, then moved to 11h, writes nothing more", async () => {
    await setOffsets("1@10:00");
    t.clock.set("2026-12-07T08:00:00Z");
    const appointment = await book("2026-12-08T15:00:00Z");
    t.clock.set("2026-12-07T10:00:00Z");
    expect(await runSms(t.services)).toMatchObject({ queued: 1, sent: 1 });
    await setOffsets("1@11:00");
    t.clock.set("2026-12-07T11:00:00Z");
    expect(await runSms(t.services)).toMatchObject({ queued: 0, sent: 0 });
    t.clock.set("2026-12-07T12:00:00Z");
    expect(await runSms(t.services)).toMatchObject({ queued: 0, sent: 0 });
    expect(await remindersOf(appointment)).toEqual([["1@10:00", "sent"]]);
  });

  it("move a reminder still waiting to the new time of the same day", async () => {
    // 06:00 is before the sending window (08:00): written at 06:00, it waits for the morning.
    await setOffsets("1@06:00");
    t.clock.set("2026-12-08T05:00:00Z");
    const appointment = await book("2026-12-09T15:00:00Z");
    t.clock.set("2026-12-08T06:00:00Z");
    expect(await runSms(t.services)).toMatchObject({ queued: 1, sent: 0 });
    await setOffsets("1@09:00");
    t.clock.set("2026-12-08T08:00:00Z");
    expect(await runSms(t.services)).toMatchObject({ queued: 0, sent: 0 });
    expect(await remindersOf(appointment)).toEqual([["1@06:00", "cancelled"]]);
    t.clock.set("2026-12-08T09:00:00Z");
    expect(await runSms(t.services)).toMatchObject({ queued: 1, sent: 1 });
    expect(await remindersOf(appointment)).toEqual([
      ["1@06:00", "cancelled"],
      ["1@09:00", "sent"],
    ]);
    const [cancelled] = await t.services.database.db
      .select()
      .from(smsMessages)
      .where(eq(smsMessages.appointmentId, appointment));
    expect(cancelled).toMatchObject({
      reason: "horaire de rappel modifié dans les paramètres",
      cancelledAt: new Date("2026-12-08T08:00:00Z"),
    });
  });

  it("still send the reminder of another day added with the change", async () => {
    await setOffsets("1@10:00");
    t.clock.set("2026-12-09T08:00:00Z");
    const appointment = await book("2026-12-10T15:00:00Z");
    t.clock.set("2026-12-09T10:00:00Z");
    expect(await runSms(t.services)).toMatchObject({ queued: 1, sent: 1 });
    // « la veille à 11h » and « le jour même à 8h »: the day before is covered, the same day is not.
    await setOffsets("1@11:00", "0@08:00");
    t.clock.set("2026-12-09T11:00:00Z");
    await runSms(t.services);
    expect(await remindersOf(appointment)).toEqual([["1@10:00", "sent"]]);
    t.clock.set("2026-12-10T08:00:00Z");
    await runSms(t.services);
    expect(await remindersOf(appointment)).toEqual([
      ["1@10:00", "sent"],
      ["0@08:00", "sent"],
    ]);
  });
});

describe("reminderCovered", () => {
  it("is covered by the same offset, or by a retired one of the same day; never by another configured one", () => {
    const configured = new Set(["1@11:00", "1@18:00", "0@08:00"]);
    expect(reminderCovered("1@11:00", ["1@11:00"], configured)).toBe(true);
    expect(reminderCovered("1@11:00", ["1@10:00"], configured)).toBe(true);
    // Two reminders the day before, both configured: the 18:00 one still goes after the 11:00 one.
    expect(reminderCovered("1@18:00", ["1@11:00"], configured)).toBe(false);
    expect(reminderCovered("0@08:00", ["1@10:00"], configured)).toBe(false);
    expect(reminderCovered("1@11:00", ["2@10:00"], configured)).toBe(false);
    expect(reminderCovered("1@11:00", [], configured)).toBe(false);
  });
});
