import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { followUpTasks } from "../../../db/schema/index.ts";
import { setupTestApp } from "../../../test/app.ts";
import { buildPatient } from "../../../test/factories.ts";
import { followUpWorld } from "../test-support.ts";

/**
 * Rule survey-low-score: a low answer (an area ≤ 2 or NPS ≤ 6) makes a task for the prospects manager,
 * due at the end of the next business day. Dakar is UTC+0; 2026-03-06 is a Friday.
 */
const t = setupTestApp({ now: "2026-03-02T08:00:00Z" });
const w = followUpWorld(t);

const answers = { accueil: 5, attente: 5, soins: 5, information: 5, proprete: 5, nps: 10, commentaire: null };

async function answer(at: string, body: Record<string, unknown>) {
  t.current.clock.set(at);
  const secretary = await t.current.signIn("crm_secretary");
  const forms = await secretary.request("GET", "/api/surveys/forms");
  const version = forms.json().items.find((f: { kind: string }) => f.kind === "after_first_visit").version;
  const response = await secretary.request("POST", "/api/surveys/responses", {
    kind: "after_first_visit",
    formVersion: version,
    channel: "phone",
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe("survey-low-score", () => {
  it("a low area or NPS makes a task for the prospects manager; a good answer none", async () => {
    const patient = await buildPatient(t.current.system, { firstName: "Aminata" });
    await answer("2026-03-06T10:00:00Z", {
      anonymous: false,
      personId: patient.id,
      answers: { ...answers, attente: 2, commentaire: "Deux heures d'attente" },
    });
    const happy = await buildPatient(t.current.system);
    await answer("2026-03-06T10:05:00Z", { anonymous: false, personId: happy.id, answers: { ...answers, nps: 7 } });
    await w.run("2026-03-06T12:00:00Z");
    // Friday's answer: due at Monday's closing time (18:00).
    expect(await w.tasks({ personId: patient.id })).toMatchObject([
      {
        rule: "survey-low-score",
        sourceType: "survey_response",
        status: "open",
        assigneeRole: "prospects_manager",
        dueAt: "2026-03-09T18:00:00.000Z",
      },
    ]);
    expect(await w.tasks({ personId: happy.id })).toEqual([]);
    // The manager reads the scores and the comment on the task.
    const manager = await t.current.signIn("prospects_manager");
    const list = await manager.request("GET", "/api/tasks?rule=survey-low-score");
    expect(list.statusCode, list.body).toBe(200);
    const task = list.json().items.find((i: { person: { id: string } | null }) => i.person?.id === patient.id);
    expect(task.source).toMatchObject({
      type: "survey_response",
      kind: "after_first_visit",
      answeredOn: "2026-03-06",
      anonymous: false,
      nps: 10,
      comment: "Deux heures d'attente",
    });
    expect(task.source.scores).toContainEqual({ code: "attente", label: expect.any(String), score: 2 });
    // A second run changes nothing.
    await w.run("2026-03-06T13:00:00Z");
    expect(await w.tasks({ personId: patient.id })).toHaveLength(1);
  });

  it("an anonymous low answer makes a task naming nobody (kind, day, site only), marked handled without a call", async () => {
    const response = await answer("2026-03-03T10:00:00Z", {
      anonymous: true,
      answers: { ...answers, nps: 0, commentaire: "Très déçue" },
    });
    expect(response.id).toBeNull();
    await w.run("2026-03-03T11:00:00Z");
    const rows = await t.current.services.database.db
      .select()
      .from(followUpTasks)
      .where(eq(followUpTasks.rule, "survey-low-score"));
    const anonymous = rows.filter((r) => r.personId === null);
    expect(anonymous).toHaveLength(1);
    // Run again: the task without a person is found as already made (notTasked is null-safe).
    await w.run("2026-03-03T12:00:00Z");
    const again = await t.current.services.database.db
      .select()
      .from(followUpTasks)
      .where(eq(followUpTasks.rule, "survey-low-score"));
    expect(again.filter((r) => r.personId === null)).toHaveLength(1);
    expect(anonymous[0]).toMatchObject({ status: "open", dueAt: new Date("2026-03-04T18:00:00Z") });
    const manager = await t.current.signIn("prospects_manager");
    const list = await manager.request("GET", "/api/tasks?rule=survey-low-score");
    const task = list.json().items.find((i: { id: string }) => i.id === anonymous[0]?.id);
    expect(task.person).toBeNull();
    expect(task.source).toMatchObject({ type: "survey_response", anonymous: true, answeredOn: "2026-03-03", nps: 0 });
    const done = await manager.request("POST", `/api/tasks/${task.id}/complete`, {
      version: task.version,
      outcome: "done",
      note: "Transmis à la direction des soins",
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: "done" });
  });
});
