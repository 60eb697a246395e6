import { eq } from "drizzle-orm";
import type { RuleId } from "../../../shared/followup.ts";
import type { Actor, Ctx } from "../../context.ts";
import { appointments, calls, followUpTasks, type interactions, phoneMessages } from "../../db/schema/index.ts";
import type { TestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { insertInteraction } from "../interactions/interactions.ts";
import { changeTemperature } from "../people/change-temperature.ts";
import type { Temperature } from "../people/status.ts";
import { type RunMode, runFollowUpEngine } from "./engine.ts";

/**
 * Arranging the follow-up rules' tests: records made at a chosen instant (the
 * test clock is moved there first), the engine run as of an instant, and the
 * tasks of one record read back.
 */
/** A secretary acting (the author of an interaction). */
const staff = (id: string): Actor => ({
  type: "user",
  id,
  role: "crm_secretary",
  label: "Secrétaire",
  sessionId: "test",
});

export function followUpWorld(t: { current: TestApp }) {
  const app = () => t.current;
  const system = (): Ctx => app().system;
  const at = (iso: string) => {
    app().clock.set(iso);
    return new Date(iso);
  };

  return {
    /** Runs the engine as of an instant, the clock moved there (as the schedule would run it). */
    run: (asOf: string, mode: RunMode = "full") =>
      runFollowUpEngine(app().services.database, app().clock, at(asOf), { trigger: "cli", triggeredBy: null, mode }),

    prospect: (temperature: Temperature, createdAt: string, overrides: { origin?: string } = {}) => {
      at(createdAt);
      return buildProspect(system(), {
        temperature,
        origin: overrides.origin ?? "website",
        firstContactDate: createdAt.slice(0, 10),
      });
    },

    patient: (createdAt: string, ehrCreatedOn: string) => {
      at(createdAt);
      return buildPatient(system(), { ehrCreatedOn });
    },

    interaction: (
      personId: string,
      occurredAt: string,
      values: Partial<
        Pick<
          typeof interactions.$inferInsert,
          "channel" | "requestTypes" | "comment" | "documentsSent" | "documentsRequested" | "authorId" | "reached"
        >
      > = {},
    ) => {
      const when = at(occurredAt);
      return app().services.database.db.transaction((tx) =>
        insertInteraction(tx, app().clock, values.authorId ? staff(values.authorId) : system().actor, {
          personId,
          occurredAt: when,
          recordedAt: when,
          channel: values.channel ?? "phone_in",
          requestTypes: values.requestTypes ?? [],
          comment: values.comment ?? null,
          documentsSent: values.documentsSent ?? [],
          documentsRequested: values.documentsRequested ?? false,
          reached: values.reached,
        }),
      );
    },

    changeTemperature: async (personId: string, temperature: Temperature, changedAt: string) => {
      at(changedAt);
      const [row] = await app().services.database.query<{ version: number }>(
        "select version from people where id = $1",
        [personId],
      );
      return changeTemperature(system(), personId, {
        version: row?.version ?? 1,
        temperature,
        reason: "requalification",
      });
    },

    appointment: async (
      personId: string,
      startsAt: string,
      status: "scheduled" | "attended" | "no_show" | "cancelled",
      createdAt = startsAt,
    ) => {
      const start = new Date(startsAt);
      const [row] = await app()
        .services.database.db.insert(appointments)
        .values({
          personId,
          site: "CLINIQUE",
          startsAt: start,
          endsAt: new Date(start.getTime() + 30 * 60_000),
          status,
          createdAt: new Date(createdAt),
          updatedAt: new Date(createdAt),
        })
        .returning();
      if (!row) throw new Error("no appointment");
      return row;
    },

    setAppointmentStatus: (id: string, status: "scheduled" | "attended" | "no_show" | "cancelled") =>
      app().services.database.db.update(appointments).set({ status }).where(eq(appointments.id, id)),

    call: async (receivedAt: string, values: Partial<typeof calls.$inferInsert>) => {
      const when = new Date(receivedAt);
      const [row] = await app()
        .services.database.db.insert(calls)
        .values({ channel: "phone", receivedAt: when, createdAt: when, updatedAt: when, ...values })
        .returning();
      if (!row) throw new Error("no call");
      return row;
    },

    message: async (createdAt: string, values: Partial<typeof phoneMessages.$inferInsert>) => {
      const when = new Date(createdAt);
      const [row] = await app()
        .services.database.db.insert(phoneMessages)
        .values({ body: "Rappeler Mme Ba", createdAt: when, ...values })
        .returning();
      if (!row) throw new Error("no message");
      return row;
    },

    /** Tasks of a record (or of a source), oldest first, as the assertions read them. */
    tasks: async (where: { personId?: string; sourceId?: string; rule?: RuleId }) => {
      const rows = await app()
        .services.database.db.select()
        .from(followUpTasks)
        .where(
          where.personId
            ? eq(followUpTasks.personId, where.personId)
            : eq(followUpTasks.sourceId, where.sourceId ?? ""),
        )
        .orderBy(followUpTasks.createdAt, followUpTasks.dueAt);
      return rows
        .filter((r) => !where.rule || r.rule === where.rule)
        .map((r) => ({
          rule: r.rule,
          status: r.status,
          dueAt: r.dueAt.toISOString(),
          closeReason: r.closeReason,
          sourceType: r.sourceType,
          sourceId: r.sourceId,
          assigneeUserId: r.assigneeUserId,
          assigneeRole: r.assigneeRole,
          id: r.id,
        }));
    },

    /** Marks a task done as a secretary would, the call recorded as its completion. */
    complete: (taskId: string, interactionId: string | null) =>
      app()
        .services.database.db.update(followUpTasks)
        .set({ status: "done", closedAt: app().clock.now(), completionInteractionId: interactionId })
        .where(eq(followUpTasks.id, taskId)),

    /** Every task and SLA row, to compare two runs. */
    snapshot: async () => ({
      tasks: await app().services.database.query(
        "select id, rule, person_id, source_id, status, due_at, close_reason, closed_at, version from follow_up_tasks order by id",
      ),
      sla: await app().services.database.query("select * from first_response_sla order by person_id"),
    }),
  };
}
