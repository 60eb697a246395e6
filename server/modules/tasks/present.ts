import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DeliveryPlace } from "../../../shared/births.ts";
import type { CloseReason, RuleId, TaskBucket, TaskStatus } from "../../../shared/followup.ts";
import type { PathwayType } from "../../../shared/pathways.ts";
import { toIso, toIsoOrNull } from "../../../shared/schemas.ts";
import type { SmsReplyMeaning } from "../../../shared/sms.ts";
import type { SurveyChannel, SurveyKind } from "../../../shared/surveys.ts";
import type { TaskOutcome } from "../../../shared/tasks.ts";
import { clinicDay, startOfClinicDay } from "../../clinic-calendar.ts";
import type { Executor } from "../../db/client.ts";
import {
  appointments,
  calls,
  clinicServices,
  deliveries,
  followUpTasks,
  interactions,
  pathways,
  people,
  phoneMessages,
  smsReplies,
  surveyForms,
  surveyResponses,
  temperatureChanges,
  users,
} from "../../db/schema/index.ts";
import { notFound } from "../../http/errors.ts";
import { missingFieldsOf } from "../people/present.ts";
import { phonesOf } from "../people/records.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { presentUserName, userNameColumns } from "../users/present.ts";
import type { Survey, TaskSource, TaskView } from "./task.schema.ts";

export type TaskRow = typeof followUpTasks.$inferSelect;

const assignee = alias(users, "assignee");
const closer = alias(users, "closer");

/**
 * Where an open task stands against asOf, in the clinic's days: overdue once
 * its due instant has passed (even earlier the same day), today when it is due
 * later the same clinic day, upcoming when due on a later day.
 */
export function bucketOf(dueAt: Date, asOf: Date, timeZone: string): TaskBucket {
  if (dueAt.getTime() < asOf.getTime()) return "overdue";
  return dueAt.getTime() < startOfTomorrow(asOf, timeZone).getTime() ? "today" : "upcoming";
}

/** The instant the clinic day after asOf's starts. */
export const startOfTomorrow = (asOf: Date, timeZone: string) =>
  startOfClinicDay(clinicDay(asOf, timeZone), timeZone, 1);

const labelOf = (list: { code: string; label: string }[], code: string) => ({
  code,
  label: list.find((e) => e.code === code)?.label ?? code,
});

/** Tasks with their person, assignee and source summaries, presented; a few queries per page, whatever its size. */
export async function selectTasks(
  executor: Executor,
  where: SQL | undefined,
  shape: { order: SQL[]; limit?: number; asOf: Date; settings: Settings },
): Promise<TaskView[]> {
  let query = executor
    .select({
      task: followUpTasks,
      person: {
        id: people.id,
        kind: people.kind,
        lastName: people.lastName,
        firstName: people.firstName,
        temperature: people.temperature,
        mergedIntoId: people.mergedIntoId,
        birthDate: people.birthDate,
        firstContactDate: people.firstContactDate,
        origin: people.origin,
      },
      assignee: userNameColumns(assignee),
      closedBy: userNameColumns(closer),
    })
    .from(followUpTasks)
    .leftJoin(people, eq(people.id, followUpTasks.personId))
    .leftJoin(assignee, eq(assignee.id, followUpTasks.assigneeUserId))
    .leftJoin(closer, eq(closer.id, followUpTasks.closedBy))
    .where(where)
    .orderBy(...shape.order)
    .$dynamic();
  if (shape.limit !== undefined) query = query.limit(shape.limit);
  const rows = await query;
  const personIds = [...new Set(rows.flatMap((r) => (r.person ? [r.person.id] : [])))];
  const phones = personIds.length ? await phonesOf(executor, personIds) : new Map<string, string[]>();
  const sources = await loadSources(
    executor,
    rows.map((r) => r.task),
    shape.settings,
  );
  return rows.map((r) => {
    const t = r.task;
    const personPhones = r.person ? (phones.get(r.person.id) ?? []) : [];
    return {
      id: t.id,
      rule: t.rule as RuleId,
      status: t.status as TaskStatus,
      bucket: t.status === "open" ? bucketOf(t.dueAt, shape.asOf, shape.settings.timeZone) : null,
      dueAt: toIso(t.dueAt),
      originalDueAt: toIso(t.originalDueAt),
      createdAt: toIso(t.createdAt),
      person: r.person
        ? {
            id: r.person.id,
            kind: r.person.kind as "prospect" | "patient",
            lastName: r.person.lastName,
            firstName: r.person.firstName,
            phone: personPhones[0] ?? null,
            phones: personPhones,
            temperature: r.person.temperature as "hot" | "warm" | "cold" | null,
            mergedIntoId: r.person.mergedIntoId,
            missingFields: missingFieldsOf(r.person, personPhones),
          }
        : null,
      sourceType: t.sourceType,
      sourceId: t.sourceId,
      source:
        t.sourceType === "person" && r.person
          ? {
              type: "person",
              id: r.person.id,
              firstContactDate: r.person.firstContactDate,
              origin: r.person.origin ? labelOf(shape.settings.origins, r.person.origin) : null,
            }
          : (sources.get(`${t.sourceType}:${t.sourceId}`) ?? null),
      assignee: { role: t.assigneeRole, user: presentUserName(r.assignee) },
      closedAt: toIsoOrNull(t.closedAt),
      closedBy: presentUserName(r.closedBy),
      closeReason: t.closeReason as CloseReason | null,
      outcome: t.outcome as TaskOutcome | null,
      outcomeNote: t.outcomeNote,
      completionInteractionId: t.completionInteractionId,
      survey: (t.survey as Survey | null) ?? null,
      version: t.version,
    };
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The sources of these tasks, by "type:id". */
async function loadSources(executor: Executor, tasks: TaskRow[], settings: Settings) {
  const ids = (type: string) => [
    ...new Set(tasks.filter((t) => t.sourceType === type && UUID.test(t.sourceId)).map((t) => t.sourceId)),
  ];
  const map = new Map<string, TaskSource>();
  const put = (source: TaskSource) => map.set(`${source.type}:${source.id}`, source);

  const interactionIds = ids("interaction");
  if (interactionIds.length) {
    const rows = await executor.select().from(interactions).where(inArray(interactions.id, interactionIds));
    for (const i of rows) {
      put({
        type: "interaction",
        id: i.id,
        occurredAt: toIso(i.occurredAt),
        channel: i.channel,
        requestTypes: i.requestTypes.map((code) => labelOf(settings.requestTypes, code)),
        comment: i.comment,
      });
    }
  }
  const callIds = ids("call");
  if (callIds.length) {
    const rows = await executor.select().from(calls).where(inArray(calls.id, callIds));
    for (const c of rows) {
      put({
        type: "call",
        id: c.id,
        receivedAt: toIso(c.receivedAt),
        callerName: c.callerName,
        phone: c.phone,
        request: c.request,
        outcome: c.outcome,
        version: c.version,
      });
    }
  }
  const messageIds = ids("message");
  if (messageIds.length) {
    const recipient = alias(users, "recipient");
    const rows = await executor
      .select({
        message: phoneMessages,
        forUser: userNameColumns(recipient),
        forService: { id: clinicServices.id, name: clinicServices.name },
      })
      .from(phoneMessages)
      .leftJoin(recipient, eq(recipient.id, phoneMessages.forUserId))
      .leftJoin(clinicServices, eq(clinicServices.id, phoneMessages.forServiceId))
      .where(inArray(phoneMessages.id, messageIds));
    for (const { message: m, forUser, forService } of rows) {
      put({
        type: "message",
        id: m.id,
        createdAt: toIso(m.createdAt),
        body: m.body,
        callerName: m.callerName,
        callerPhone: m.callerPhone,
        forUser: presentUserName(forUser),
        forService,
        acknowledgedAt: toIsoOrNull(m.acknowledgedAt),
        version: m.version,
      });
    }
  }
  const appointmentIds = ids("appointment");
  if (appointmentIds.length) {
    const rows = await executor.select().from(appointments).where(inArray(appointments.id, appointmentIds));
    for (const a of rows) {
      put({
        type: "appointment",
        id: a.id,
        startsAt: toIso(a.startsAt),
        endsAt: toIso(a.endsAt),
        status: a.status,
        site: { code: a.site, label: settings.sites.find((s) => s.code === a.site)?.name ?? a.site },
      });
    }
  }
  for (const t of tasks) {
    if (t.sourceType !== "vaccine_dose") continue;
    const match = /^[0-9a-f-]{36}:(.+)#(\d+)$/.exec(t.sourceId);
    if (!match) continue;
    const vaccine = match[1] as string;
    const dose = Number(match[2]);
    const scheduled = settings.vaccination.schedule.find((d) => d.vaccine === vaccine && d.dose === dose);
    put({ type: "vaccine_dose", id: t.sourceId, vaccine, dose, label: scheduled?.label ?? `${vaccine} ${dose}` });
  }
  const replyIds = ids("sms_reply");
  if (replyIds.length) {
    const rows = await executor.select().from(smsReplies).where(inArray(smsReplies.id, replyIds));
    for (const r of rows) {
      put({
        type: "sms_reply",
        id: r.id,
        receivedAt: toIso(r.receivedAt),
        fromPhone: r.fromPhone,
        text: r.text,
        meaning: r.meaning as SmsReplyMeaning,
        appointmentId: r.appointmentId,
        appointmentStartsAt: toIsoOrNull(r.appointmentStartsAt),
      });
    }
  }
  const pathwayIds = ids("pathway");
  if (pathwayIds.length) {
    const rows = await executor.select().from(pathways).where(inArray(pathways.id, pathwayIds));
    for (const p of rows) {
      put({
        type: "pathway",
        id: p.id,
        pathwayType: p.type as PathwayType,
        ddr: p.ddr,
        dpa: p.dpa,
        endedOn: p.endedOn,
      });
    }
  }
  const deliveryIds = ids("delivery");
  if (deliveryIds.length) {
    const rows = await executor
      .select({
        delivery: deliveries,
        children: sql<number>`(select count(*)::int from delivery_children dc where dc.delivery_id = ${deliveries.id})`,
      })
      .from(deliveries)
      .where(inArray(deliveries.id, deliveryIds));
    for (const { delivery: d, children } of rows) {
      put({
        type: "delivery",
        id: d.id,
        deliveredOn: d.deliveredOn,
        dischargedOn: d.dischargedOn,
        place: d.place as DeliveryPlace,
        children: Number(children),
      });
    }
  }
  const responseIds = ids("survey_response");
  if (responseIds.length) {
    const rows = await executor
      .select({ response: surveyResponses, questions: surveyForms.questions })
      .from(surveyResponses)
      .innerJoin(
        surveyForms,
        and(eq(surveyForms.kind, surveyResponses.kind), eq(surveyForms.version, surveyResponses.formVersion)),
      )
      .where(inArray(surveyResponses.id, responseIds));
    for (const { response: r, questions } of rows) {
      put({
        type: "survey_response",
        id: r.id,
        kind: r.kind as SurveyKind,
        answeredOn: r.answeredOn,
        site: r.site ? { code: r.site, label: settings.sites.find((s) => s.code === r.site)?.name ?? r.site } : null,
        anonymous: r.anonymous,
        channel: r.channel as SurveyChannel,
        scores: Object.entries(r.scores).map(([code, score]) => ({
          code,
          label: questions.find((q) => q.code === code)?.label ?? code,
          score,
        })),
        nps: r.nps,
        comment: r.comment,
      });
    }
  }
  const changeIds = [
    ...new Set(
      tasks.filter((t) => t.sourceType === "temperature_change" && /^\d+$/.test(t.sourceId)).map((t) => t.sourceId),
    ),
  ];
  if (changeIds.length) {
    const rows = await executor
      .select()
      .from(temperatureChanges)
      .where(inArray(temperatureChanges.id, changeIds.map(Number)));
    for (const c of rows) {
      put({
        type: "temperature_change",
        id: String(c.id),
        from: c.fromTemperature as "hot" | "warm" | "cold" | null,
        to: c.toTemperature as "hot" | "warm" | "cold",
        changedAt: toIso(c.changedAt),
        reason: c.reason,
      });
    }
  }
  return map;
}

/** One task, presented, or 404. */
export async function loadTaskView(
  executor: Executor,
  id: string,
  context: { asOf: Date; settings: Settings },
): Promise<TaskView> {
  const [view] = await selectTasks(executor, eq(followUpTasks.id, id), { order: [], ...context });
  if (!view) throw notFound("task");
  return view;
}

/** The row itself, locked for an update, or 404. */
export async function lockTask(executor: Executor, id: string): Promise<TaskRow> {
  const [row] = await executor.select().from(followUpTasks).where(eq(followUpTasks.id, id)).for("update");
  if (!row) throw notFound("task");
  return row;
}

/** What the audit log keeps of a task's state. */
export const auditTask = (t: TaskView) => ({
  rule: t.rule,
  status: t.status,
  personId: t.person?.id ?? null,
  sourceType: t.sourceType,
  sourceId: t.sourceId,
  dueAt: t.dueAt,
  originalDueAt: t.originalDueAt,
  assignee: t.assignee,
  closedAt: t.closedAt,
  closedBy: t.closedBy,
  closeReason: t.closeReason,
  outcome: t.outcome,
  outcomeNote: t.outcomeNote,
  completionInteractionId: t.completionInteractionId,
  survey: t.survey,
  version: t.version,
});
