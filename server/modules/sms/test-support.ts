import { expect } from "vitest";
import { ManualClock } from "../../clock.ts";
import { createTestApp, type TestApp } from "../../test/app.ts";
import { fakeOrangeProvider, startFakeOrange } from "./providers/fake-orange.ts";

/** A test app whose SMS go through the fake Orange server, its callbacks open with `secret`, unpaced. */
export async function startSmsTestApp(options: { now: string; secret: string }) {
  const fake = await startFakeOrange();
  // Two seconds to answer: a test that makes the fake hang waits that long, a loaded machine never does.
  const provider = fakeOrangeProvider(fake, new ManualClock(options.now), 2000);
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
