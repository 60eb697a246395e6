import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smsMessages, smsReplies } from "../../db/schema/index.ts";
import type { TestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { runFollowUpEngine } from "../followup/engine.ts";
import { orangeInbound } from "./providers/fake-orange.ts";
import { runSms } from "./sms.ts";
import { bookAppointment, startSmsTestApp } from "./test-support.ts";

// Dakar is UTC+0 all year: 10:00Z is 10:00 at the clinic. Monday 7 December 2026; closing time 18:00.
const SECRET = "secret-des-reponses-0123456789";
let t: TestApp;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ t, close } = await startSmsTestApp({ now: "2026-12-07T08:00:00Z", secret: SECRET }));
});
afterAll(() => close?.());

let phoneCounter = 0;
const mobile = () => `77 ${String(600_0000 + ++phoneCounter).replace(/(\d{3})(\d{2})(\d{2})/, "$1 $2 $3")}`;

/** A patient booked for `startsAt`, reminded (the clock at `remindedAt`). */
async function reminded(startsAt: string, remindedAt: string) {
  t.clock.set(remindedAt);
  const patient = await buildPatient(t.system, { firstName: "Awa", lastName: "Diop", phones: [mobile()] });
  const { appointment } = await bookAppointment(t, patient.id, startsAt);
  await runSms(t.services);
  const [reminder] = await t.services.database.db
    .select()
    .from(smsMessages)
    .where(eq(smsMessages.appointmentId, appointment.id));
  expect(reminder?.status).toBe("sent");
  return { appointment, patient, phone: reminder?.toPhone ?? "" };
}

const reply = (from: string, message: string, messageId?: string) =>
  t.app.inject({
    method: "POST",
    url: `/api/sms/callbacks/${SECRET}/inbound`,
    payload: orangeInbound(from, message, messageId),
  });

const runEngine = (asOf: string) => {
  t.clock.set(asOf);
  return runFollowUpEngine(t.services.database, t.clock, new Date(asOf), { trigger: "cli" });
};

async function replyTasks(query: string) {
  const reception = await t.signIn("reception");
  const page = await reception.request("GET", `/api/tasks?rule=sms-reply&status=all&${query}`);
  expect(page.statusCode, page.body).toBe(200);
  return page.json().items as Array<Record<string, unknown> & { id: string; version: number }>;
}

describe("replies to the reminders", () => {
  it("« 2 » asks to cancel and makes a call-back task for reception, closed once the appointment is cancelled", async () => {
    const { appointment, patient, phone } = await reminded("2026-12-08T11:00:00Z", "2026-12-07T10:00:00Z");
    t.clock.set("2026-12-07T10:20:00Z");
    expect((await reply(phone, " 2 ")).statusCode).toBe(200);
    const reception = await t.signIn("reception");
    expect((await reception.request("GET", `/api/appointments/${appointment.id}`)).json()).toMatchObject({
      confirmation: "cancel_requested",
    });

    expect((await runEngine("2026-12-07T10:21:00Z")).counts["sms-reply"].created).toBe(1);
    const [task] = await replyTasks(`personId=${patient.id}`);
    expect(task).toMatchObject({
      status: "open",
      dueAt: "2026-12-07T18:00:00.000Z",
      assignee: { role: "reception", user: null },
      person: { id: patient.id },
      source: {
        type: "sms_reply",
        fromPhone: phone,
        text: " 2 ",
        meaning: "cancel_requested",
        appointmentId: appointment.id,
        appointmentStartsAt: "2026-12-08T11:00:00.000Z",
      },
    });

    t.clock.set("2026-12-07T11:00:00Z");
    const current = (await reception.request("GET", `/api/appointments/${appointment.id}`)).json();
    const cancelled = await reception.request("POST", `/api/appointments/${appointment.id}/cancel`, {
      version: current.version,
      reason: "Annulation demandée par SMS",
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect((await runEngine("2026-12-07T11:01:00Z")).counts["sms-reply"]).toMatchObject({ created: 0, closed: 1 });
    expect(await replyTasks(`personId=${patient.id}`)).toMatchObject([
      { status: "closed", closeReason: "appointment_changed" },
    ]);
  });

  it("any other text makes a task, done by the call back; a confirmation or a STOP makes none", async () => {
    const { patient, phone } = await reminded("2026-12-10T09:00:00Z", "2026-12-09T10:00:00Z");
    t.clock.set("2026-12-09T10:05:00Z");
    await reply(phone, "Oui");
    t.clock.set("2026-12-09T10:06:00Z");
    await reply(phone, "Je serai en retard de 15 minutes, est-ce possible ?");
    t.clock.set("2026-12-09T10:07:00Z");
    await reply(phone, "STOP");
    await runEngine("2026-12-09T10:08:00Z");
    const tasks = await replyTasks(`personId=${patient.id}`);
    expect(tasks).toMatchObject([
      { status: "open", source: { meaning: "other", text: "Je serai en retard de 15 minutes, est-ce possible ?" } },
    ]);
    const reception = await t.signIn("reception");
    t.clock.set("2026-12-09T10:30:00Z");
    const done = await reception.request("POST", `/api/tasks/${tasks[0]?.id}/complete`, {
      version: tasks[0]?.version,
      outcome: "reached",
      note: "D'accord pour 9h15",
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: "done", outcome: "reached" });
    expect((await runEngine("2026-12-09T10:31:00Z")).counts["sms-reply"]).toMatchObject({ created: 0, closed: 0 });
    const stored = await t.services.database.db.select().from(smsReplies).where(eq(smsReplies.personId, patient.id));
    const listed = await reception.request("GET", `/api/sms/replies?personId=${patient.id}`);
    expect(listed.json()).toMatchObject({
      total: 3,
      items: [
        { meaning: "stop", text: "STOP", from: phone },
        { meaning: "other", needsCallback: true },
        { meaning: "confirmed", needsCallback: false },
      ],
    });
    expect(stored.map((r) => [r.meaning, r.needsCallback]).sort()).toEqual([
      ["confirmed", false],
      ["other", true],
      ["stop", false],
    ]);
  });

  it("a call reaching the person closes the task; one delivered twice is recorded and tasked once", async () => {
    const { patient, phone } = await reminded("2026-12-15T09:00:00Z", "2026-12-14T10:00:00Z");
    t.clock.set("2026-12-14T12:00:00Z");
    await reply(phone, "Quel est le prix de l'échographie ?", "orange-msg-1");
    await reply(phone, "Quel est le prix de l'échographie ?", "orange-msg-1");
    await runEngine("2026-12-14T12:01:00Z");
    expect(await replyTasks(`personId=${patient.id}`)).toHaveLength(1);
    const reception = await t.signIn("reception");
    t.clock.set("2026-12-14T14:00:00Z");
    const call = await reception.request("POST", `/api/patients/${patient.id}/interactions`, {
      occurredAt: "2026-12-14T14:00:00Z",
      channel: "phone_out",
      requestTypes: [],
      comment: "Tarif de l'échographie donné",
    });
    expect(call.statusCode, call.body).toBe(201);
    expect((await runEngine("2026-12-14T14:01:00Z")).counts["sms-reply"].closed).toBe(1);
    expect(await replyTasks(`personId=${patient.id}`)).toMatchObject([{ status: "closed", closeReason: "called" }]);
  });

  it("a reply from a number no record has is a task marked « traité », due on the next business day when it comes on Sunday", async () => {
    t.clock.set("2026-12-20T09:00:00Z");
    expect((await reply("+221776543210", "Bonjour, vous êtes ouverts le dimanche ?")).statusCode).toBe(200);
    await runEngine("2026-12-20T09:01:00Z");
    const [task] = (await replyTasks("")).filter(
      (x) => (x.source as { fromPhone?: string } | null)?.fromPhone === "+221776543210",
    );
    expect(task).toMatchObject({ person: null, dueAt: "2026-12-21T18:00:00.000Z", status: "open" });
    const reception = await t.signIn("reception");
    const called = await reception.request("POST", `/api/tasks/${task?.id}/complete`, {
      version: task?.version,
      outcome: "reached",
    });
    expect([called.statusCode, called.json().error.code]).toEqual([422, "task_without_record_done_only"]);
    const handled = await reception.request("POST", `/api/tasks/${task?.id}/complete`, {
      version: task?.version,
      outcome: "done",
      note: "Répondu par SMS",
    });
    expect(handled.statusCode, handled.body).toBe(200);
    expect(handled.json()).toMatchObject({ status: "done", outcome: "done", outcomeNote: "Répondu par SMS" });
  });
});

describe("a reply whose record is merged", () => {
  it("moves with the record's SMS: the task is made again for the record kept", async () => {
    t.clock.set("2026-12-21T09:00:00Z");
    const merged = await buildProspect(t.system, { lastName: "Ndiaye", firstName: "Fatou", phones: [mobile()] });
    const kept = await buildProspect(t.system, { lastName: "Ndiaye", firstName: "Fatou", phones: ["77 111 22 33"] });
    await bookAppointment(t, merged.id, "2026-12-22T11:00:00Z");
    t.clock.set("2026-12-21T10:00:00Z");
    await runSms(t.services);
    const [sms] = await t.services.database.db.select().from(smsMessages).where(eq(smsMessages.personId, merged.id));
    t.clock.set("2026-12-21T10:30:00Z");
    await reply(sms?.toPhone ?? "", "Est-ce que je peux venir avec ma sœur ?");
    await runEngine("2026-12-21T10:31:00Z");
    expect(await replyTasks(`personId=${merged.id}`)).toMatchObject([{ status: "open" }]);

    const manager = await t.signIn("prospects_manager");
    const current = async (id: string) =>
      ((await manager.request("GET", `/api/prospects/${id}`)).json() as { version: number }).version;
    const merge = await manager.request("POST", `/api/prospects/${kept.id}/merge`, {
      version: await current(kept.id),
      mergeId: merged.id,
      mergeVersion: await current(merged.id),
    });
    expect(merge.statusCode, merge.body).toBe(200);
    await runEngine("2026-12-21T10:40:00Z");
    expect(await replyTasks(`personId=${merged.id}`)).toMatchObject([{ status: "closed", closeReason: "merged" }]);
    expect(await replyTasks(`personId=${kept.id}`)).toMatchObject([
      { status: "open", source: { text: "Est-ce que je peux venir avec ma sœur ?" } },
    ]);
    const reception = await t.signIn("reception");
    const replies = await reception.request("GET", `/api/sms/replies?personId=${kept.id}`);
    expect(replies.json()).toMatchObject({ total: 1 });
  });
});
