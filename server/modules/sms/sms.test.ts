import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client.ts";
import { people, smsMessages } from "../../db/schema/index.ts";
import type { TestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { getSettings, updateSettings } from "../settings/settings.ts";
import { type FakeOrange, orangeInbound } from "./providers/fake-orange.ts";
import { processSmsOutbox } from "./sender.ts";
import { runSms } from "./sms.ts";
import { bookAppointment, startSmsTestApp } from "./test-support.ts";

// Dakar is UTC+0 all year: 10:00Z is 10:00 at the clinic. Monday 7 December 2026.
const SECRET = "secret-des-accuses-0123456789";
let fake: FakeOrange;
let t: TestApp;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ t, fake, close } = await startSmsTestApp({ now: "2026-12-07T08:00:00Z", secret: SECRET }));
  const { version, settings } = await getSettings(t.system);
  await updateSettings(t.system, {
    version,
    settings: { ...settings, clinicPhone: "33 800 00 00", sites: settings.sites.map((s) => ({ ...s, address: "" })) },
  });
});
afterAll(() => close?.());

let phoneCounter = 0;
const mobile = () => `77 ${String(500_0000 + ++phoneCounter).replace(/(\d{3})(\d{2})(\d{2})/, "$1 $2 $3")}`;

async function book(startsAt: string, personId?: string) {
  const person =
    personId ?? (await buildPatient(t.system, { firstName: "Awa", lastName: "Diop", phones: [mobile()] })).id;
  return { ...(await bookAppointment(t, person, startsAt)), personId: person };
}

const messagesOf = (appointmentId: string) =>
  t.services.database.db.select().from(smsMessages).where(eq(smsMessages.appointmentId, appointmentId));

describe("POST /api/sms/preview", () => {
  it("tells the length, the encoding, the segments and the cost, and gives the text « sans accents »", async () => {
    const reception = await t.signIn("reception");
    const preview = (text: string) => reception.request("POST", "/api/sms/preview", { text });
    const plain = await preview("Rappel : votre rendez-vous mardi 8 décembre à 09h30");
    expect(plain.json()).toMatchObject({ length: 51, encoding: "GSM-7", segments: 1, cost: 25 });
    // « ê » is not in GSM-7: the whole message goes in UCS-2, 70 characters a segment.
    const accented = await preview(`Fête ${"a".repeat(70)}`);
    expect(accented.json()).toMatchObject({ encoding: "UCS-2", segments: 2, cost: 50, gsm7Segments: 1 });
    expect(accented.json().gsm7Text).toBe(`Fete ${"a".repeat(70)}`);
    // The extension characters count double: 80 € are 160 septets, one SMS; 81 are two.
    expect((await preview("€".repeat(80))).json()).toMatchObject({ length: 160, segments: 1 });
    expect((await preview("€".repeat(81))).json()).toMatchObject({ length: 162, segments: 2 });
    const tooLong = await preview("a".repeat(1531));
    expect([tooLong.statusCode, tooLong.json().error.details.issues[0].field]).toEqual([400, "text"]);
  });
});

describe("appointment reminders", () => {
  it("are sent the day before at 10:00, individualised, once, through the Orange API", async () => {
    t.clock.set("2026-12-07T08:00:00Z");
    const { appointment } = await book("2026-12-08T09:30:00Z");
    // Before 10:00 the day before: nothing yet.
    t.clock.set("2026-12-07T09:59:00Z");
    expect((await runSms(t.services)).queued).toBe(0);
    t.clock.set("2026-12-07T10:00:00Z");
    const sentBefore = fake.sent.length;
    const run = await runSms(t.services);
    expect(run).toMatchObject({ queued: 1, sent: 1 });
    const [reminder] = await messagesOf(appointment.id);
    expect(reminder).toMatchObject({ kind: "appointment_reminder", status: "sent", reminderOffset: "1@10:00" });
    expect(fake.sent.slice(sentBefore)).toEqual([
      expect.objectContaining({
        to: reminder?.toPhone,
        senderName: "NEST",
        text: "NEST : Bonjour Awa, rappel de votre RDV le mardi 8 décembre à 09h30, NEST Plateau. Répondez 1 pour confirmer, 2 pour annuler. Infos : 33 800 00 00",
      }),
    ]);
    expect(reminder?.providerId).toBe(fake.sent.at(-1)?.providerId);
    // A replayed run, or another one a minute later, writes and sends nothing more.
    expect(await runSms(t.services)).toMatchObject({ queued: 0, sent: 0 });
    t.clock.set("2026-12-07T10:01:00Z");
    expect(await runSms(t.services)).toMatchObject({ queued: 0, sent: 0 });
    expect(fake.sent.length).toBe(sentBefore + 1);

    // Listed with its appointment, for the person page and the planning.
    const admin = await t.signIn("admin");
    const listed = await admin.request("GET", `/api/sms?appointmentId=${appointment.id}`);
    expect(listed.json().items).toEqual([
      expect.objectContaining({ status: "sent", simulated: false, sentAt: "2026-12-07T10:00:00.000Z" }),
    ]);
    const planning = await admin.request("GET", "/api/planning?site=PLATEAU&from=2026-12-08");
    // Booked without a room: on the planning's « sans salle » line, with its reminder's state.
    const [day] = planning.json().days;
    expect(day.withoutRoom.find((i: { id: string }) => i.id === appointment.id)).toMatchObject({
      reminderStatus: "sent",
    });
  });

  it("go at once when booked after the reminder time, wait for the morning at night, and not at all under 2 hours", async () => {
    // Booked at 15:00 for tomorrow 09:00: the day-before 10:00 has passed, it goes now.
    t.clock.set("2026-12-07T15:00:00Z");
    const late = await book("2026-12-08T09:00:00Z");
    expect((await runSms(t.services)).sent).toBeGreaterThanOrEqual(1);
    expect((await messagesOf(late.appointment.id))[0]).toMatchObject({ status: "sent" });

    // Booked at 21:30 for tomorrow 11:00: written, but no SMS between 21:00 and 08:00.
    t.clock.set("2026-12-07T21:30:00Z");
    const night = await book("2026-12-08T11:00:00Z");
    const nightRun = await runSms(t.services);
    expect(nightRun).toMatchObject({ queued: 1, sent: 0 });
    expect((await messagesOf(night.appointment.id))[0]).toMatchObject({
      status: "queued",
      nextAttemptAt: new Date("2026-12-08T08:00:00Z"),
    });
    t.clock.set("2026-12-08T08:00:00Z");
    expect((await runSms(t.services)).sent).toBe(1);

    // Booked at 08:30 for 10:00 the same day: too late to remind.
    t.clock.set("2026-12-08T08:30:00Z");
    const soon = await book("2026-12-08T10:00:00Z");
    await runSms(t.services);
    expect(await messagesOf(soon.appointment.id)).toEqual([]);
  });

  it("skip, with the reason, a fixed line and a person who asked for no SMS", async () => {
    t.clock.set("2026-12-08T12:00:00Z");
    const fixed = await buildProspect(t.system, { phones: ["33 821 00 00"] });
    const withFixedLine = await book("2026-12-09T09:00:00Z", fixed.id);
    const refusing = await buildPatient(t.system, { phones: [mobile()] });
    await t.services.database.db
      .update(people)
      .set({ smsOptOutAt: t.clock.now(), smsOptOutSource: "record" })
      .where(eq(people.id, refusing.id));
    const withOptOut = await book("2026-12-09T09:30:00Z", refusing.id);
    const sentBefore = fake.sent.length;
    await runSms(t.services);
    expect(fake.sent.length).toBe(sentBefore);
    expect((await messagesOf(withFixedLine.appointment.id))[0]).toMatchObject({
      status: "skipped",
      toPhone: null,
      reason: "pas de mobile (ligne fixe seulement)",
    });
    expect((await messagesOf(withOptOut.appointment.id))[0]).toMatchObject({
      status: "skipped",
      reason: "ne souhaite pas recevoir de SMS",
    });
  });

  it("follow a move: a waiting reminder is cancelled and written again for the new time; one already sent is followed by a « changement d'horaire »", async () => {
    // Waiting for the morning, then moved: the waiting one is cancelled, the new time gets its own.
    t.clock.set("2026-12-09T21:30:00Z");
    const { appointment, reception } = await book("2026-12-10T15:00:00Z");
    await runSms(t.services);
    const moved = await reception.request("PATCH", `/api/appointments/${appointment.id}`, {
      version: appointment.version,
      startsAt: "2026-12-10T16:00:00Z",
    });
    expect(moved.statusCode, moved.body).toBe(200);
    t.clock.set("2026-12-10T08:00:00Z");
    await runSms(t.services);
    const afterMove = await messagesOf(appointment.id);
    expect(afterMove.map((m) => [m.status, m.appointmentStartsAt?.toISOString(), m.reason])).toEqual(
      expect.arrayContaining([
        ["cancelled", "2026-12-10T15:00:00.000Z", "rendez-vous déplacé"],
        ["sent", "2026-12-10T16:00:00.000Z", null],
      ]),
    );
    expect(afterMove).toHaveLength(2);

    // Reminded, then moved to tomorrow: the move is told at once (vital: even to who refused SMS).
    const sentBefore = fake.sent.length;
    const again = await (await t.signIn("reception")).request("PATCH", `/api/appointments/${appointment.id}`, {
      version: moved.json().version,
      startsAt: "2026-12-11T09:00:00Z",
    });
    expect(again.statusCode, again.body).toBe(200);
    await runSms(t.services);
    expect(fake.sent.slice(sentBefore).map((s) => s.text)).toEqual([
      "NEST : Bonjour Awa, votre RDV a changé d'horaire : le vendredi 11 décembre à 09h00, NEST Plateau. Infos : 33 800 00 00",
    ]);
    // The new time's own reminder is not sent on top of the notice.
    t.clock.set("2026-12-10T10:00:00Z");
    expect((await runSms(t.services)).sent).toBe(0);
  });

  it("are cancelled with their appointment", async () => {
    t.clock.set("2026-12-10T21:30:00Z");
    const { appointment, reception } = await book("2026-12-11T15:00:00Z");
    await runSms(t.services);
    const cancelled = await reception.request("POST", `/api/appointments/${appointment.id}/cancel`, {
      version: appointment.version,
      reason: "La patiente a appelé",
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect((await messagesOf(appointment.id))[0]).toMatchObject({ status: "cancelled", reason: "rendez-vous annulé" });
  });
});

describe("the provider's failures", () => {
  it("retries a 429 or a 500 later, keeps a send that may have left « à vérifier » until an admin decides", async () => {
    t.clock.set("2026-12-11T10:00:00Z");
    const first = await book("2026-12-12T11:00:00Z");
    fake.failNext("429");
    const limited = await runSms(t.services);
    expect(limited).toMatchObject({ queued: 1, sent: 0, retrying: 1 });
    const [waiting] = await messagesOf(first.appointment.id);
    // Orange said « Retry-After: 2 »; our back-off (1 minute) is longer.
    expect(waiting).toMatchObject({ status: "queued", attempts: 1, nextAttemptAt: new Date("2026-12-11T10:01:00Z") });
    t.clock.set("2026-12-11T10:01:00Z");
    fake.failNext("500");
    expect(await runSms(t.services)).toMatchObject({ retrying: 1 });
    t.clock.set("2026-12-11T10:06:00Z");
    expect(await runSms(t.services)).toMatchObject({ sent: 1 });

    // No answer within the time-out: it may have left. Never sent again by itself.
    const second = await book("2026-12-12T11:30:00Z");
    fake.failNext("hang");
    expect(await runSms(t.services)).toMatchObject({ toCheck: 1 });
    t.clock.set("2026-12-11T12:00:00Z");
    expect(await runSms(t.services)).toMatchObject({ sent: 0, toCheck: 0 });
    const [unsure] = await messagesOf(second.appointment.id);
    expect(unsure?.status).toBe("to_check");

    const reception = await t.signIn("reception");
    const refused = await reception.request("POST", `/api/sms/${unsure?.id}/decision`, { decision: "resend" });
    expect(refused.statusCode).toBe(403);
    const admin = await t.signIn("admin");
    const resent = await admin.request("POST", `/api/sms/${unsure?.id}/decision`, { decision: "resend" });
    expect(resent.json()).toMatchObject({ status: "queued", checkedAt: "2026-12-11T12:00:00.000Z" });
    expect(await runSms(t.services)).toMatchObject({ sent: 1 });
    const twice = await admin.request("POST", `/api/sms/${unsure?.id}/decision`, { decision: "resend" });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, "sms_not_to_check"]);
  });

  it("records Orange's delivery receipts, and reads STOP and the confirmations from the replies", async () => {
    t.clock.set("2026-12-12T10:00:00Z");
    const { appointment, personId } = await book("2026-12-13T11:00:00Z");
    await runSms(t.services);
    const [reminder] = await messagesOf(appointment.id);
    const receipt = (secret: string, status: string) =>
      t.app.inject({
        method: "POST",
        url: `/api/sms/callbacks/${secret}/delivery`,
        payload: {
          deliveryInfoNotification: {
            callbackData: "",
            deliveryInfo: { address: `tel:${reminder?.toPhone}`, deliveryStatus: status },
            resourceURL: `${fake.url}/smsmessaging/v1/outbound/tel%3A%2B221770000000/requests/${reminder?.providerId}`,
          },
        },
      });
    expect((await receipt("mauvais-secret-0123456789", "DeliveredToTerminal")).statusCode).toBe(404);
    const delivered = await receipt(SECRET, "DeliveredToTerminal");
    expect(delivered.json()).toEqual({ ok: true });
    expect((await messagesOf(appointment.id))[0]).toMatchObject({ status: "delivered" });
    const garbled = await t.app.inject({
      method: "POST",
      url: `/api/sms/callbacks/${SECRET}/delivery`,
      payload: { nothing: true },
    });
    expect([garbled.statusCode, garbled.json().error.code]).toEqual([400, "sms_callback_invalid"]);

    const reply = (message: string) =>
      t.app.inject({
        method: "POST",
        url: `/api/sms/callbacks/${SECRET}/inbound`,
        payload: orangeInbound(reminder?.toPhone ?? "", message),
      });
    expect((await reply(" oui ")).statusCode).toBe(200);
    const reception = await t.signIn("reception");
    expect((await reception.request("GET", `/api/appointments/${appointment.id}`)).json()).toMatchObject({
      confirmation: "confirmed",
    });
    await reply("Stop");
    const [person] = await t.services.database.db.select().from(people).where(eq(people.id, personId));
    expect(person).toMatchObject({ smsOptOutSource: "stop", smsOptOutAt: new Date("2026-12-12T10:00:00Z") });
  });
});

describe("what comes too late, or was cut off", () => {
  it("cancels a reminder held back until less than 2 hours before, and never reminds this morning from a run as of yesterday", async () => {
    // Written at 21:30 for 09:30 tomorrow with a same-day offset: waits for 08:00, goes at 08:00.
    t.clock.set("2026-12-14T21:30:00Z");
    const { appointment } = await book("2026-12-15T09:30:00Z");
    await runSms(t.services);
    const [waiting] = await messagesOf(appointment.id);
    expect(waiting?.status).toBe("queued");
    // The server was down all morning: at 08:31 the appointment is less than 2 hours away.
    t.clock.set("2026-12-15T08:31:00Z");
    const sentBefore = fake.sent.length;
    expect(await runSms(t.services)).toMatchObject({ sent: 0, cancelled: 1 });
    expect((await messagesOf(appointment.id))[0]).toMatchObject({
      status: "cancelled",
      reason: "trop tard : le rendez-vous est dans moins de 2 heures",
    });
    // Booked at 08:40 for 10:00: a run as of yesterday 10:00 does not remind it now.
    t.clock.set("2026-12-15T08:40:00Z");
    const soon = await book("2026-12-15T10:00:00Z");
    await runSms(t.services, new Date("2026-12-14T10:00:00Z"));
    expect(await messagesOf(soon.appointment.id)).toEqual([]);
    expect(fake.sent.length).toBe(sentBefore);
  });

  it("puts back in the queue an SMS whose sender died before sending it, and keeps « à vérifier » one it had begun to send", async () => {
    t.clock.set("2026-12-15T12:00:00Z");
    const neverBegun = await book("2026-12-16T15:00:00Z");
    const begun = await book("2026-12-16T15:30:00Z");
    t.clock.set("2026-12-15T21:30:00Z");
    await runSms(t.services);
    // Two senders died at 08:00 holding them: one had not begun, one had handed its SMS to the provider.
    const db = t.services.database.db;
    const claim = { status: "sending", claimedUntil: new Date("2026-12-16T08:05:00Z") };
    await db.update(smsMessages).set(claim).where(eq(smsMessages.appointmentId, neverBegun.appointment.id));
    await db
      .update(smsMessages)
      .set({ ...claim, sendStartedAt: new Date("2026-12-16T08:00:01Z") })
      .where(eq(smsMessages.appointmentId, begun.appointment.id));
    t.clock.set("2026-12-16T08:06:00Z");
    expect(await runSms(t.services)).toMatchObject({ sent: 1, toCheck: 1 });
    expect((await messagesOf(neverBegun.appointment.id))[0]?.status).toBe("sent");
    expect((await messagesOf(begun.appointment.id))[0]).toMatchObject({ status: "to_check", sentAt: null });
  });

  it("tells the latest time after two moves, the first notice still waiting for the morning", async () => {
    t.clock.set("2026-12-16T10:00:00Z");
    const { appointment } = await book("2026-12-17T15:00:00Z");
    await runSms(t.services);
    // At night, moved twice: the first notice waits for the morning, the second move replaces it.
    t.clock.set("2026-12-16T22:00:00Z");
    const reception = await t.signIn("reception");
    const first = await reception.request("PATCH", `/api/appointments/${appointment.id}`, {
      version: appointment.version,
      startsAt: "2026-12-17T16:00:00Z",
    });
    const second = await reception.request("PATCH", `/api/appointments/${appointment.id}`, {
      version: first.json().version,
      startsAt: "2026-12-17T17:00:00Z",
    });
    expect(second.statusCode, second.body).toBe(200);
    t.clock.set("2026-12-17T08:00:00Z");
    const sentBefore = fake.sent.length;
    await runSms(t.services);
    expect(fake.sent.slice(sentBefore).map((s) => s.text)).toEqual([
      expect.stringContaining("a changé d'horaire : le jeudi 17 décembre à 17h00"),
    ]);
  });
});

describe("two senders on one base", () => {
  it("never send one SMS twice, and a replayed queueing writes nothing more", async () => {
    // Twelve reminders written at night, due at 08:00 (for 10:00 and after: more than 2 hours ahead).
    t.clock.set("2026-12-13T21:30:00Z");
    const booked: string[] = [];
    for (let i = 0; i < 12; i++) {
      booked.push(
        (await book(`2026-12-14T${String(10 + (i % 8)).padStart(2, "0")}:${i < 8 ? "00" : "30"}:00Z`)).appointment.id,
      );
    }
    expect((await runSms(t.services)).queued).toBe(12);
    expect((await runSms(t.services)).queued).toBe(0);
    // Two instances: on PostgreSQL a second connection pool, as another server would have.
    const { driver } = t.services.database;
    const other = "url" in driver ? await openDatabase({ kind: "postgresql", url: driver.url }) : t.services.database;
    try {
      t.clock.set("2026-12-14T08:00:00Z");
      const sentBefore = fake.sent.length;
      fake.latencyMs = 20;
      const [a, b] = await Promise.all([
        processSmsOutbox(t.services, t.services.config.sms.provider, { concurrency: 3 }),
        processSmsOutbox({ ...t.services, database: other }, t.services.config.sms.provider, { concurrency: 3 }),
      ]);
      expect(a.sent + b.sent).toBe(12);
      const recipients = fake.sent.slice(sentBefore).map((s) => s.to);
      expect(new Set(recipients).size).toBe(12);
      const rows = await Promise.all(booked.map(messagesOf));
      expect(rows.flat().map((m) => m.status)).toEqual(Array(12).fill("sent"));
    } finally {
      fake.latencyMs = 0;
      if (other !== t.services.database) await other.close();
    }
  });
});

describe("POST /api/sms/run", () => {
  it("is for admins, and refuses an instant more than a week away", async () => {
    const reception = await t.signIn("reception");
    expect((await reception.request("POST", "/api/sms/run", {})).statusCode).toBe(403);
    const admin = await t.signIn("admin");
    const far = await admin.request("POST", "/api/sms/run", { asOf: "2027-03-01T10:00:00Z" });
    expect([far.statusCode, far.json().error.details.issues[0].field]).toEqual([422, "asOf"]);
    const now = await admin.request("POST", "/api/sms/run", {});
    expect(now.statusCode, now.body).toBe(200);
  });
});
