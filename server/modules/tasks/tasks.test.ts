import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import type { RuleId, TaskSourceType } from "../../../shared/followup.ts";
import type { Role } from "../../../shared/roles.ts";
import { HOUR_MS } from "../../clock.ts";
import { auditEvents, followUpTasks } from "../../db/schema/index.ts";
import { type Client, setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { uploadDocument } from "../documents/documents.ts";
import { settleDeliveries } from "../mail/sender.ts";
import { readSettings, updateSettings } from "../settings/settings.ts";
import type { TaskList, TaskView } from "./task.schema.ts";

const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });

afterAll(async () => {
  await settleDeliveries();
});

/** A task as the engine would have made it (tests that are not about the engine). */
async function insertTask(values: {
  rule: RuleId;
  personId: string | null;
  dueAt: string;
  sourceType?: TaskSourceType;
  sourceId?: string;
  assigneeRole?: Role | null;
  assigneeUserId?: string | null;
  status?: "open" | "done" | "closed";
}): Promise<string> {
  const dueAt = new Date(values.dueAt);
  const [row] = await t.current.services.database.db
    .insert(followUpTasks)
    .values({
      rule: values.rule,
      personId: values.personId,
      sourceType: values.sourceType ?? "interaction",
      sourceId: values.sourceId ?? randomUUID(),
      dueAt,
      originalDueAt: dueAt,
      assigneeRole: values.assigneeRole === undefined ? "crm_secretary" : values.assigneeRole,
      assigneeUserId: values.assigneeUserId ?? null,
      status: values.status ?? "open",
      createdAt: t.current.clock.now(),
      closedAt: values.status && values.status !== "open" ? t.current.clock.now() : null,
    })
    .returning({ id: followUpTasks.id });
  if (!row) throw new Error("no task inserted");
  return row.id;
}

async function list(client: Client, query: string): Promise<TaskList> {
  const response = await client.request("GET", `/api/tasks?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const ids = (page: TaskList) => page.items.map((task) => task.id);

async function runEngine(asOf?: string) {
  const admin = await t.current.signIn("admin");
  const response = await admin.request("POST", "/api/followup/run", asOf ? { asOf } : {});
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function openTaskOf(client: Client, personId: string, rule: RuleId): Promise<TaskView> {
  const page = await list(client, `assignee=all&personId=${personId}&rule=${rule}`);
  const [task] = page.items;
  if (!task) throw new Error(`no open ${rule} task for ${personId}`);
  return task;
}

const auditOf = (taskId: string) =>
  t.current.services.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, "task"), eq(auditEvents.entityId, taskId)))
    .orderBy(auditEvents.id);

describe("task queues: GET /api/tasks", () => {
  it("lists mine (named to me, or to my role with no one named), a role's, a user's, everyone's", async () => {
    const secA = await t.current.signIn("crm_secretary");
    const secB = await t.current.signIn("crm_secretary");
    const desk = await t.current.signIn("reception");
    const person = await buildProspect(t.current.system);
    const p = person.id;
    const roleTask = await insertTask({ rule: "recall-7d", personId: p, dueAt: "2026-03-02T10:00:00Z" });
    const bTask = await insertTask({
      rule: "hot-48h",
      personId: p,
      dueAt: "2026-03-01T10:00:00Z",
      assigneeUserId: secB.userId,
    });
    const deskRoleTask = await insertTask({
      rule: "call-resume",
      personId: p,
      sourceType: "call",
      dueAt: "2026-03-02T18:00:00Z",
      assigneeRole: "reception",
    });
    const namedToDesk = await insertTask({
      rule: "first-response",
      personId: p,
      sourceType: "person",
      sourceId: p,
      dueAt: "2026-03-04T09:00:00Z",
      assigneeUserId: desk.userId,
    });
    const doneTask = await insertTask({
      rule: "warm-48h",
      personId: p,
      sourceType: "person",
      sourceId: p,
      dueAt: "2026-02-27T09:00:00Z",
      status: "done",
    });
    const q = `personId=${p}`;

    expect(ids(await list(secA, q))).toEqual([roleTask]);
    expect(ids(await list(secA, `${q}&assignee=me&status=all`))).toEqual([doneTask, roleTask]);
    // Sorted by due date: B's own overdue task first.
    expect(ids(await list(secB, q))).toEqual([bTask, roleTask]);
    expect(ids(await list(desk, q))).toEqual([deskRoleTask, namedToDesk]);
    expect(ids(await list(desk, `${q}&assignee=role:crm_secretary`))).toEqual([bTask, roleTask, namedToDesk]);
    expect(ids(await list(desk, `${q}&assignee=${secB.userId}`))).toEqual([bTask]);
    expect(ids(await list(desk, `${q}&assignee=all`))).toEqual([bTask, roleTask, deskRoleTask, namedToDesk]);
    expect(ids(await list(desk, `${q}&assignee=all&status=done`))).toEqual([doneTask]);
    expect(ids(await list(desk, `${q}&assignee=all&status=all`))).toEqual([
      doneTask,
      bTask,
      roleTask,
      deskRoleTask,
      namedToDesk,
    ]);
    expect(ids(await list(desk, `${q}&assignee=all&rule=hot-48h`))).toEqual([bTask]);

    // A viewer reads the queues (tasks.read is everyone's); its own queue is empty.
    const viewer = await t.current.signIn("viewer");
    expect(ids(await list(viewer, q))).toEqual([]);
    expect((await list(viewer, `${q}&assignee=all`)).total).toBe(4);

    // Each item: person, source, assignee, bucket.
    const page = await list(secB, q);
    expect(page.items[0]).toMatchObject({
      id: bTask,
      rule: "hot-48h",
      status: "open",
      bucket: "overdue",
      dueAt: "2026-03-01T10:00:00.000Z",
      originalDueAt: "2026-03-01T10:00:00.000Z",
      person: {
        id: p,
        kind: "prospect",
        lastName: person.lastName,
        firstName: person.firstName,
        phone: person.phones[0],
        temperature: "hot",
      },
      assignee: { role: "crm_secretary", user: { id: secB.userId } },
      version: 1,
    });
    expect(page.counts).toEqual({ overdue: 1, today: 1, upcoming: 0 });
    expect(page.total).toBe(2);

    for (const bad of ["role:nobody", "someone", "role:"]) {
      const refused = await secA.request("GET", `/api/tasks?assignee=${bad}`);
      expect([refused.statusCode, refused.json().error.details.issues[0].field]).toEqual([400, "assignee"]);
    }
  });

  it("puts open tasks in buckets at the clinic's day boundaries (its time zone), against asOf", async () => {
    const { system } = t.current;
    const saved = await readSettings(system.database.db);
    // Paris is UTC+1 in March: the clinic's day of 2 March runs from 1 March 23:00 to 2 March 23:00 UTC.
    await updateSettings(system, {
      version: saved.version,
      settings: { ...saved.settings, timeZone: "Europe/Paris" },
    });
    try {
      const sec = await t.current.signIn("crm_secretary");
      const p = (await buildProspect(system)).id;
      const due = async (at: string) => insertTask({ rule: "recall-7d", personId: p, dueAt: at });
      const justPassed = await due("2026-03-02T08:59:59Z");
      const dueNow = await due("2026-03-02T09:00:00Z");
      const lastOfToday = await due("2026-03-02T22:59:59Z");
      const firstOfTomorrow = await due("2026-03-02T23:00:00Z");
      const yesterdayLate = await due("2026-03-01T22:59:00Z");

      // asOf defaults to now (09:00 UTC = 10:00 in Paris).
      const page = await list(sec, `personId=${p}`);
      const bucket = Object.fromEntries(page.items.map((task) => [task.id, task.bucket]));
      expect(bucket).toEqual({
        [yesterdayLate]: "overdue",
        [justPassed]: "overdue",
        [dueNow]: "today",
        [lastOfToday]: "today",
        [firstOfTomorrow]: "upcoming",
      });
      expect(page.asOf).toBe("2026-03-02T09:00:00.000Z");
      expect(page.counts).toEqual({ overdue: 2, today: 2, upcoming: 1 });
      expect(ids(await list(sec, `personId=${p}&bucket=today`))).toEqual([dueNow, lastOfToday]);
      expect(ids(await list(sec, `personId=${p}&bucket=overdue`))).toEqual([yesterdayLate, justPassed]);
      expect(ids(await list(sec, `personId=${p}&bucket=upcoming`))).toEqual([firstOfTomorrow]);

      // Just after midnight in Paris (23:30 UTC): 3 March has begun, so the 23:00 task is overdue.
      const night = await list(sec, `personId=${p}&asOf=2026-03-02T23:30:00Z`);
      expect(night.counts).toEqual({ overdue: 5, today: 0, upcoming: 0 });
      // At 23:30 in Paris (22:30 UTC) the 23:00 UTC task is due tomorrow, though in UTC it would be today.
      const late = await list(sec, `personId=${p}&asOf=2026-03-02T22:30:00Z`);
      const lateBucket = Object.fromEntries(late.items.map((task) => [task.id, task.bucket]));
      expect([lateBucket[lastOfToday], lateBucket[firstOfTomorrow]]).toEqual(["today", "upcoming"]);
    } finally {
      const current = await readSettings(system.database.db);
      await updateSettings(system, { version: current.version, settings: saved.settings });
    }
  });

  it("pages by due date with a cursor", async () => {
    const sec = await t.current.signIn("crm_secretary");
    const p = (await buildProspect(t.current.system)).id;
    const made = [];
    for (const day of ["03", "04", "05", "06", "07"]) {
      made.push(await insertTask({ rule: "recall-7d", personId: p, dueAt: `2026-03-${day}T09:00:00Z` }));
    }
    const first = await list(sec, `personId=${p}&limit=2`);
    expect([ids(first), first.total]).toEqual([made.slice(0, 2), 5]);
    const second = await list(sec, `personId=${p}&limit=2&cursor=${first.nextCursor}`);
    expect(ids(second)).toEqual(made.slice(2, 4));
    const third = await list(sec, `personId=${p}&limit=2&cursor=${second.nextCursor}`);
    expect([ids(third), third.nextCursor]).toEqual([made.slice(4), null]);
    const bad = await sec.request("GET", "/api/tasks?cursor=nonsense");
    expect([bad.statusCode, bad.json().error.details.issues[0].field]).toEqual([400, "cursor"]);

    const one = await sec.request("GET", `/api/tasks/${made[0]}`);
    expect(one.json()).toMatchObject({ id: made[0], bucket: "upcoming" });
    expect((await sec.request("GET", `/api/tasks/${randomUUID()}`)).statusCode).toBe(404);
  });
});

describe("completing a call task", () => {
  it("recall-7d: the engine's task, done with an interaction carrying RAPPEL 7 JOURS even if the comment lacks it", async () => {
    const sec = await t.current.signIn("crm_secretary");
    const prospect = await buildProspect(t.current.system, { temperature: "warm", email: null });
    const asked = await sec.request("POST", `/api/prospects/${prospect.id}/interactions`, {
      channel: "phone_in",
      occurredAt: "2026-02-23T10:00:00Z",
      requestTypes: ["delivery_quote"],
      comment: "Demande un devis accouchement",
    });
    expect(asked.statusCode, asked.body).toBe(201);
    await runEngine();
    const task = await openTaskOf(sec, prospect.id, "recall-7d");
    expect(task).toMatchObject({
      sourceType: "interaction",
      sourceId: asked.json().id,
      dueAt: "2026-03-02T10:00:00.000Z",
      bucket: "today",
      assignee: { role: "crm_secretary", user: null },
      source: {
        type: "interaction",
        occurredAt: "2026-02-23T10:00:00.000Z",
        requestTypes: [{ code: "delivery_quote", label: "DEVIS ACCOUCHEMENT" }],
        comment: "Demande un devis accouchement",
      },
    });
    // It is in my queue (crm_secretary, nobody named).
    expect(ids(await list(sec, `personId=${prospect.id}`))).toContain(task.id);

    const done = await sec.request("POST", `/api/tasks/${task.id}/complete`, {
      version: task.version,
      outcome: "reached",
      interaction: { comment: "Intéressée, rappellera pour un RDV" },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      status: "done",
      bucket: null,
      outcome: "reached",
      closedAt: "2026-03-02T09:00:00.000Z",
      closedBy: { id: sec.userId },
      version: task.version + 1,
    });
    const timeline = (await sec.request("GET", `/api/prospects/${prospect.id}/interactions`)).json();
    const call = timeline.find((i: { id: string }) => i.id === done.json().completionInteractionId);
    expect(call).toMatchObject({
      channel: "phone_out",
      comment: "RAPPEL 7 JOURS – Intéressée, rappellera pour un RDV",
      outcome: "Joint",
      occurredAt: "2026-03-02T09:00:00.000Z",
    });
    // Off the open list; the engine neither reopens nor remakes it.
    expect(ids(await list(sec, `personId=${prospect.id}`))).not.toContain(task.id);
    await runEngine();
    const all = await list(sec, `assignee=all&status=all&personId=${prospect.id}&rule=recall-7d`);
    expect(all.items.map((x) => [x.id, x.status])).toEqual([[task.id, "done"]]);

    // Audited with before and after.
    const [event] = await auditOf(task.id);
    expect(event).toMatchObject({
      action: "task.complete",
      actorId: sec.userId,
      before: { status: "open", outcome: null },
      after: { status: "done", outcome: "reached", completionInteractionId: call.id },
    });
    const history = (await sec.request("GET", `/api/tasks/${task.id}/history`)).json();
    expect(history.events.map((e: { action: string }) => e.action)).toEqual(["task.complete"]);
  });

  it("recall-7d: a comment already carrying it is kept as is; with no comment, the mark alone", async () => {
    const sec = await t.current.signIn("crm_secretary");
    const p = (await buildProspect(t.current.system)).id;
    const a = await insertTask({ rule: "recall-7d", personId: p, dueAt: "2026-03-02T08:00:00Z" });
    const b = await insertTask({ rule: "recall-7d", personId: p, dueAt: "2026-03-02T08:00:00Z" });
    const first = await sec.request("POST", `/api/tasks/${a}/complete`, {
      version: 1,
      outcome: "reached",
      interaction: { comment: "Rappel 7 jours : devis reçu, réfléchit" },
    });
    const second = await sec.request("POST", `/api/tasks/${b}/complete`, { version: 1, outcome: "wrong_number" });
    const timeline = (await sec.request("GET", `/api/prospects/${p}/interactions`)).json() as {
      id: string;
      comment: string | null;
      outcome: string | null;
    }[];
    const byId = (id: string) => timeline.find((i) => i.id === id);
    expect(byId(first.json().completionInteractionId)?.comment).toBe("Rappel 7 jours : devis reçu, réfléchit");
    // A wrong number is an attempt: the task stays open, the call is on the timeline, unreached.
    expect(second.json()).toMatchObject({ status: "open", completionInteractionId: null });
    expect(timeline.find((i) => i.outcome === "Mauvais numéro")).toMatchObject({
      comment: "RAPPEL 7 JOURS",
      reached: false,
    });
  });

  it("not reached: an attempt — the task stays open, due again at the retry time, the attempt in its history; reached: done", async () => {
    const sec = await t.current.signIn("crm_secretary");
    const p = (await buildProspect(t.current.system)).id;
    const task = await insertTask({ rule: "hot-48h", personId: p, dueAt: "2026-03-02T08:00:00Z" });
    const lastContactBefore = (await sec.request("GET", `/api/prospects/${p}`)).json().lastInteractionAt;
    // Monday 09:00 in Dakar: by default, two hours later.
    const first = await sec.request("POST", `/api/tasks/${task}/complete`, {
      version: 1,
      outcome: "not_reached",
      note: "Messagerie, message laissé",
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      status: "open",
      outcome: null,
      completionInteractionId: null,
      dueAt: "2026-03-02T11:00:00.000Z",
      originalDueAt: "2026-03-02T08:00:00.000Z",
      version: 2,
    });
    const timeline = (await sec.request("GET", `/api/prospects/${p}/interactions`)).json();
    expect(timeline[0]).toMatchObject({
      channel: "phone_out",
      outcome: "Pas de réponse",
      comment: "Messagerie, message laissé",
      reached: false,
    });
    // An attempt is not a contact: the record's last contact did not move.
    expect((await sec.request("GET", `/api/prospects/${p}`)).json().lastInteractionAt).toBe(lastContactBefore);

    // A retry time given: ahead, within 60 days.
    for (const [retryAt, code] of [
      ["2026-03-02T08:59:00Z", "task_retry_in_past"],
      ["2026-06-01T09:00:00Z", "task_retry_too_far"],
    ] as const) {
      const refused = await sec.request("POST", `/api/tasks/${task}/complete`, {
        version: 2,
        outcome: "wrong_number",
        retryAt,
      });
      expect([refused.statusCode, refused.json().error.code, refused.json().error.details.issues[0].field]).toEqual([
        422,
        code,
        "retryAt",
      ]);
    }
    const second = await sec.request("POST", `/api/tasks/${task}/complete`, {
      version: 2,
      outcome: "wrong_number",
      retryAt: "2026-03-03T10:30:00Z",
    });
    expect(second.json()).toMatchObject({ status: "open", dueAt: "2026-03-03T10:30:00.000Z", version: 3 });

    const done = await sec.request("POST", `/api/tasks/${task}/complete`, { version: 3, outcome: "reached" });
    expect(done.json(), done.body).toMatchObject({ status: "done", outcome: "reached" });
    const history = (await sec.request("GET", `/api/tasks/${task}/history`)).json().events;
    expect(history.map((e: { action: string }) => e.action)).toEqual(["task.attempt", "task.attempt", "task.complete"]);
    expect(history[0].after).toMatchObject({ outcome: "not_reached", dueAt: "2026-03-02T11:00:00.000Z" });
    expect(history[1].after).toMatchObject({ outcome: "wrong_number", dueAt: "2026-03-03T10:30:00.000Z" });
  });

  it("new-patient-72h: a survey sent with the call is refused — it has its own form, apart from the task", async () => {
    const sec = await t.current.signIn("crm_secretary");
    const patient = await buildPatient(t.current.system);
    const task = await insertTask({
      rule: "new-patient-72h",
      personId: patient.id,
      sourceType: "appointment",
      dueAt: "2026-03-03T09:00:00Z",
    });
    const survey = { overall: 4, welcome: 5, waiting: 3, explanations: 4, recommend: true, anonymous: true };
    const refused = await sec.request("POST", `/api/tasks/${task}/complete`, {
      version: 1,
      outcome: "reached",
      survey,
    });
    expect([refused.statusCode, refused.json().error.code]).toEqual([422, "survey_moved"]);
    expect(refused.json().error.details.issues[0].field).toBe("survey");
    // Nothing was written: the call is recorded once, without any answer, when sent without it.
    expect((await sec.request("GET", `/api/patients/${patient.id}/interactions`)).json()).toEqual([]);
    const done = await sec.request("POST", `/api/tasks/${task}/complete`, { version: 1, outcome: "reached" });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: "done", survey: null });
  });
});

describe("refusals", () => {
  it("a task no longer open (409 saying who and when), a stale version (409)", async () => {
    const sec = await t.current.signIn("crm_secretary");
    const other = await t.current.signIn("crm_secretary");
    const p = (await buildProspect(t.current.system)).id;
    const task = await insertTask({ rule: "hot-48h", personId: p, dueAt: "2026-03-02T08:00:00Z" });
    const stale = await sec.request("POST", `/api/tasks/${task}/complete`, { version: 2, outcome: "reached" });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, "version_conflict"]);
    expect(
      (await sec.request("POST", `/api/tasks/${task}/complete`, { version: 1, outcome: "reached" })).statusCode,
    ).toBe(200);
    const again = await other.request("POST", `/api/tasks/${task}/complete`, { version: 2, outcome: "reached" });
    expect([again.statusCode, again.json().error.code]).toEqual([409, "task_not_open"]);
    const name = (await sec.request("GET", `/api/tasks/${task}`)).json().closedBy.name;
    expect(again.json().error.message).toBe(`Cette tâche est déjà faite par ${name} le 02/03 09:00.`);
    expect(again.json().error.details).toMatchObject({ status: "done", closedBy: { id: sec.userId } });
    const mine = await sec.request("POST", `/api/tasks/${task}/postpone`, {
      version: 2,
      dueAt: "2026-03-05T09:00:00Z",
      reason: "Absente",
    });
    expect(mine.json().error.message).toContain("par vous-même");

    const closed = await insertTask({ rule: "hot-48h", personId: p, dueAt: "2026-03-02T08:00:00Z", status: "closed" });
    const onClosed = await sec.request("POST", `/api/tasks/${closed}/reassign`, {
      version: 1,
      assigneeUserId: null,
      reason: "Pour l'équipe",
    });
    expect([onClosed.statusCode, onClosed.json().error.message]).toEqual([
      409,
      "Cette tâche est déjà fermée par les relances automatiques le 02/03 09:00.",
    ]);
    expect(
      (await sec.request("POST", `/api/tasks/${randomUUID()}/complete`, { version: 1, outcome: "reached" })).statusCode,
    ).toBe(404);
  });

  it("an outcome that does not fit the task, or an unknown request type, is a 422 naming it", async () => {
    const sec = await t.current.signIn("crm_secretary");
    const patient = await buildPatient(t.current.system);
    const recall = await insertTask({ rule: "recall-7d", personId: patient.id, dueAt: "2026-03-02T08:00:00Z" });
    const plainDone = await sec.request("POST", `/api/tasks/${recall}/complete`, { version: 1, outcome: "done" });
    expect([plainDone.statusCode, plainDone.json().error.code]).toEqual([422, "task_call_outcome_required"]);
    const unknownType = await sec.request("POST", `/api/tasks/${recall}/complete`, {
      version: 1,
      outcome: "reached",
      interaction: { requestTypes: ["prices", "nope"] },
    });
    expect([unknownType.statusCode, unknownType.json().error.details.issues[0].field]).toEqual([
      422,
      "interaction.requestTypes.1",
    ]);
    const message = await insertTask({
      rule: "message-ack",
      personId: null,
      sourceType: "message",
      dueAt: "2026-03-02T18:00:00Z",
      assigneeRole: "reception",
    });
    const onMessage = await sec.request("POST", `/api/tasks/${message}/complete`, { version: 1, outcome: "done" });
    expect([onMessage.statusCode, onMessage.json().error.code]).toEqual([422, "task_completed_by_its_form"]);
    // Nothing was written by the refusals.
    expect((await sec.request("GET", `/api/tasks/${recall}`)).json()).toMatchObject({ status: "open", version: 1 });
    expect(await auditOf(recall)).toEqual([]);
  });

  it("reassign: to an active user of a working role, with a reason; postpone: into the future, with a reason", async () => {
    const sec = await t.current.signIn("crm_secretary");
    const colleague = await t.current.signIn("crm_secretary");
    const admin = await t.current.signIn("admin");
    const leaver = await t.current.signIn("reception");
    const viewer = await t.current.signIn("viewer");
    const off = await admin.request("PATCH", `/api/users/${leaver.userId}`, { version: 1, active: false });
    expect(off.statusCode, off.body).toBe(200);
    const p = (await buildProspect(t.current.system)).id;
    const task = await insertTask({
      rule: "warm-48h",
      personId: p,
      sourceType: "person",
      sourceId: p,
      dueAt: "2026-03-02T08:00:00Z",
    });
    const url = `/api/tasks/${task}`;

    const refusals: [string, Record<string, unknown>, number, string, string][] = [
      [
        "reassign",
        { version: 1, assigneeUserId: leaver.userId, reason: "Congés" },
        422,
        "task_assignee_inactive",
        "assigneeUserId",
      ],
      [
        "reassign",
        { version: 1, assigneeUserId: viewer.userId, reason: "Congés" },
        422,
        "task_assignee_cannot_work",
        "assigneeUserId",
      ],
      [
        "reassign",
        { version: 1, assigneeUserId: null, assigneeRole: "viewer", reason: "Congés" },
        422,
        "task_assignee_cannot_work",
        "assigneeRole",
      ],
      [
        "reassign",
        { version: 1, assigneeUserId: randomUUID(), reason: "Congés" },
        422,
        "unknown_reference",
        "assigneeUserId",
      ],
      ["reassign", { version: 1, assigneeUserId: colleague.userId }, 422, "task_reason_required", "reason"],
      [
        "reassign",
        { version: 1, assigneeUserId: colleague.userId, reason: "  a " },
        422,
        "task_reason_required",
        "reason",
      ],
      [
        "postpone",
        { version: 1, dueAt: "2026-03-02T08:59:00Z", reason: "Absente" },
        422,
        "task_postpone_in_past",
        "dueAt",
      ],
      [
        "postpone",
        { version: 1, dueAt: "2026-03-02T09:00:00Z", reason: "Absente" },
        422,
        "task_postpone_in_past",
        "dueAt",
      ],
      ["postpone", { version: 1, dueAt: "2026-03-04T09:00:00Z" }, 422, "task_reason_required", "reason"],
    ];
    for (const [action, body, status, code, field] of refusals) {
      const refused = await sec.request("POST", `${url}/${action}`, body);
      const label = `${action} ${JSON.stringify(body)}`;
      expect(
        [refused.statusCode, refused.json().error.code, refused.json().error.details.issues[0].field],
        label,
      ).toEqual([status, code, field]);
    }

    const given = await sec.request("POST", `${url}/reassign`, {
      version: 1,
      assigneeUserId: colleague.userId,
      reason: "Elle suit déjà ce dossier",
    });
    expect(given.statusCode, given.body).toBe(200);
    expect(given.json()).toMatchObject({
      assignee: { role: "crm_secretary", user: { id: colleague.userId } },
      version: 2,
    });
    expect(ids(await list(colleague, `personId=${p}`))).toEqual([task]);
    expect(ids(await list(sec, `personId=${p}`))).toEqual([]);

    const toDesk = await colleague.request("POST", `${url}/reassign`, {
      version: 2,
      assigneeUserId: null,
      assigneeRole: "reception",
      reason: "L'accueil la verra demain",
    });
    expect(toDesk.json().assignee).toEqual({ role: "reception", user: null });

    t.current.clock.advance(HOUR_MS);
    const later = await colleague.request("POST", `${url}/postpone`, {
      version: 3,
      dueAt: "2026-03-04T09:00:00Z",
      reason: "Absente jusqu'à mercredi",
    });
    expect(later.statusCode, later.body).toBe(200);
    expect(later.json()).toMatchObject({
      dueAt: "2026-03-04T09:00:00.000Z",
      originalDueAt: "2026-03-02T08:00:00.000Z",
      bucket: "upcoming",
      version: 4,
    });

    const history = (await sec.request("GET", `${url}/history`)).json().events;
    expect(history).toMatchObject([
      {
        action: "task.reassign",
        occurredAt: "2026-03-02T09:00:00.000Z",
        actor: { id: sec.userId },
        before: { assignee: { role: "crm_secretary", user: null } },
        after: { assignee: { user: { id: colleague.userId } }, reason: "Elle suit déjà ce dossier" },
      },
      { action: "task.reassign", actor: { id: colleague.userId }, after: { reason: "L'accueil la verra demain" } },
      {
        action: "task.postpone",
        occurredAt: "2026-03-02T10:00:00.000Z",
        before: { dueAt: "2026-03-02T08:00:00.000Z" },
        after: { dueAt: "2026-03-04T09:00:00.000Z", reason: "Absente jusqu'à mercredi" },
      },
    ]);
    expect(history[0].actor.name).not.toContain("@");
    t.current.clock.set("2026-03-02T09:00:00Z");
  });
});

describe("forms that complete their task at once (completeTasksForSource)", () => {
  it("acknowledging a message marks its message-ack task done", async () => {
    const desk = await t.current.signIn("reception");
    const [service] = (await desk.request("GET", "/api/services")).json().services;
    const message = (
      await desk.request("POST", "/api/messages", {
        forServiceId: service.id,
        callerName: "Mme Fall",
        body: "Rappeler",
      })
    ).json();
    await runEngine();
    const page = await list(desk, "rule=message-ack");
    const task = page.items.find((x) => x.sourceId === message.id);
    expect(task).toMatchObject({
      assignee: { role: "reception", user: null },
      person: null,
      source: { type: "message", body: "Rappeler", callerName: "Mme Fall", forService: { id: service.id } },
      dueAt: "2026-03-02T18:00:00.000Z",
    });
    const ack = await desk.request("POST", `/api/messages/${message.id}/acknowledge`, { version: message.version });
    expect(ack.statusCode, ack.body).toBe(200);
    const after = (await desk.request("GET", `/api/tasks/${task?.id}`)).json();
    expect(after).toMatchObject({
      status: "done",
      outcome: "done",
      closeReason: "acknowledged",
      closedBy: { id: desk.userId },
      closedAt: "2026-03-02T09:00:00.000Z",
    });
    expect((await auditOf(after.id)).map((e) => [e.action, e.actorId])).toEqual([["task.complete", desk.userId]]);
  });

  it("resuming a register line marks its call-resume task done", async () => {
    const desk = await t.current.signIn("reception");
    const call = (
      await desk.request("POST", "/api/calls", { channel: "phone", callerName: "M. Ndiaye", outcome: "to_resume" })
    ).json();
    await runEngine();
    const task = (await list(desk, "rule=call-resume")).items.find((x) => x.sourceId === call.id);
    expect(task).toMatchObject({
      assignee: { role: "reception", user: { id: desk.userId } },
      source: { type: "call", callerName: "M. Ndiaye", version: call.version },
    });
    const resumed = await desk.request("POST", `/api/calls/${call.id}/resume`, {
      version: call.version,
      outcome: "answered",
      notes: "Rappelé, renseigné",
    });
    expect(resumed.statusCode, resumed.body).toBe(200);
    const after = (await desk.request("GET", `/api/tasks/${task?.id}`)).json();
    expect(after).toMatchObject({ status: "done", closeReason: "resumed", outcomeNote: "Rappelé, renseigné" });
    expect((await auditOf(after.id)).map((e) => e.action)).toEqual(["task.complete"]);
  });

  it("sending the documentation marks the person's docs-pending tasks done", async () => {
    const sec = await t.current.signIn("crm_secretary");
    const prospect = await buildProspect(t.current.system, { email: "awa.docs@example.sn" });
    const other = await buildProspect(t.current.system, { email: "autre.docs@example.sn" });
    for (const person of [prospect, other]) {
      const asked = await sec.request("POST", `/api/prospects/${person.id}/interactions`, {
        channel: "phone_in",
        occurredAt: "2026-03-02T08:00:00Z",
        documentsRequested: true,
      });
      expect(asked.statusCode, asked.body).toBe(201);
    }
    await runEngine();
    const task = await openTaskOf(sec, prospect.id, "docs-pending");
    const untouched = await openTaskOf(sec, other.id, "docs-pending");
    expect(task.assignee).toEqual({ role: "crm_secretary", user: { id: sec.userId, name: expect.any(String) } });
    const doc = await uploadDocument(t.current.system, {
      name: "Plaquette",
      file: { fileName: "plaquette.pdf", content: Buffer.from("%PDF-1.4\n%%EOF\n", "latin1") },
    });
    const sent = await sec.request("POST", "/api/documentation", { personId: prospect.id, documentIds: [doc.id] });
    expect(sent.statusCode, sent.body).toBe(201);
    const after = (await sec.request("GET", `/api/tasks/${task.id}`)).json();
    expect(after).toMatchObject({ status: "done", closeReason: "documents_sent", closedBy: { id: sec.userId } });
    expect((await sec.request("GET", `/api/tasks/${untouched.id}`)).json().status).toBe("open");
    expect((await auditOf(task.id)).map((e) => e.action)).toEqual(["task.complete"]);
  });
});
