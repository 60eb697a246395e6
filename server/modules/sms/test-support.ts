import { expect } from "vitest";
import type { Clock } from "../../clock.ts";
import { ManualClock } from "../../clock.ts";
import { createTestApp, type TestApp } from "../../test/app.ts";
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, type FakeOrange, startFakeOrange } from "./providers/fake-orange.ts";
import { createOrangeProvider } from "./providers/orange.ts";

/** The Orange provider, talking to the fake Orange server (sender 221770000000). */
export const fakeOrangeProvider = (fake: FakeOrange, clock: Clock, timeoutMs = 300) =>
  createOrangeProvider({
    baseUrl: fake.url,
    clientId: FAKE_CLIENT_ID,
    clientSecret: FAKE_CLIENT_SECRET,
    sender: "221770000000",
    senderName: "NEST",
    clock,
    timeoutMs,
  });

/** A test app whose SMS go through the fake Orange server, its callbacks open with `secret`, unpaced. */
export async function startSmsTestApp(options: { now: string; secret: string }) {
  const fake = await startFakeOrange();
  const provider = fakeOrangeProvider(fake, new ManualClock(options.now));
  const t = await createTestApp({
    now: options.now,
    config: { sms: { provider, deliverySecret: options.secret }, smsRatePerSecond: 1000 },
  });
  const close = async () => {
    await t.close();
    await fake.close();
  };
  return { t, fake, close };
}

/** Books a 30-minute appointment at PLATEAU for a person, as reception. */
export async function bookAppointment(t: TestApp, personId: string, startsAt: string) {
  const reception = await t.signIn("reception");
  const response = await reception.request("POST", "/api/appointments", {
    site: "PLATEAU",
    personId,
    startsAt,
    durationMinutes: 30,
  });
  expect(response.statusCode, response.body).toBe(201);
  return { appointment: response.json() as { id: string; version: number }, reception };
}
