import { and, asc, desc, eq, inArray, ne, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { toIso, toIsoOrNull } from "../../../shared/schemas.ts";
import type { Executor } from "../../db/client.ts";
import {
  appointmentEvents,
  appointments,
  clinicServices,
  people,
  practitioners,
  rooms,
  smsMessages,
  users,
} from "../../db/schema/index.ts";
import { notFound } from "../../http/errors.ts";
import { personRefColumns } from "../people/present.ts";
import { phonesOf } from "../people/records.ts";
import { presentUserName, userNameColumns } from "../users/present.ts";
import type {
  AppointmentEventKind,
  AppointmentEventView,
  AppointmentStatus,
  AppointmentView,
} from "./appointment.schema.ts";

export type AppointmentRow = typeof appointments.$inferSelect;

const creator = alias(users, "creator");
const canceller = alias(users, "canceller");

/** The select behind every appointment view: the row and the names it refers to. */
export function selectAppointments(executor: Executor) {
  return executor
    .select({
      appointment: appointments,
      person: personRefColumns,
      room: { id: rooms.id, name: rooms.name },
      practitioner: { id: practitioners.id, name: practitioners.name },
      service: { id: clinicServices.id, name: clinicServices.name },
      creator: userNameColumns(creator),
      canceller: userNameColumns(canceller),
    })
    .from(appointments)
    .innerJoin(people, eq(people.id, appointments.personId))
    .leftJoin(rooms, eq(rooms.id, appointments.roomId))
    .leftJoin(practitioners, eq(practitioners.id, appointments.practitionerId))
    .leftJoin(clinicServices, eq(clinicServices.id, appointments.serviceId))
    .leftJoin(creator, eq(creator.id, appointments.createdBy))
    .leftJoin(canceller, eq(canceller.id, appointments.cancelledBy))
    .$dynamic();
}

type SelectedRow = Awaited<ReturnType<ReturnType<typeof selectAppointments>["execute"]>>[number];

/** Rows of selectAppointments → views (phones read in one query; no events). */
export async function presentAppointments(executor: Executor, rows: SelectedRow[]): Promise<AppointmentView[]> {
  const phones = await phonesOf(executor, [...new Set(rows.map((r) => r.person.id))]);
  const reminders = await remindersOf(
    executor,
    rows.map((r) => r.appointment.id),
  );
  return rows.map(({ appointment: a, person, room, practitioner, service, creator: by, canceller: cancelledBy }) => ({
    id: a.id,
    personId: a.personId,
    person: {
      id: person.id,
      kind: person.kind as "prospect" | "patient",
      lastName: person.lastName,
      firstName: person.firstName,
      phones: phones.get(person.id) ?? [],
    },
    site: a.site,
    room,
    practitioner,
    service,
    startsAt: toIso(a.startsAt),
    endsAt: toIso(a.endsAt),
    status: a.status as AppointmentStatus,
    reason: a.reason,
    notes: a.notes,
    clashAccepted: a.clashAccepted,
    cancelledAt: toIsoOrNull(a.cancelledAt),
    cancelledBy: presentUserName(cancelledBy),
    cancelReason: a.cancelReason,
    confirmation: a.confirmation as AppointmentView["confirmation"],
    confirmationAt: toIsoOrNull(a.confirmationAt),
    reminder: reminderOf(reminders.get(a.id) ?? [], a.startsAt),
    callId: a.callId,
    createdAt: toIso(a.createdAt),
    createdBy: presentUserName(by),
    version: a.version,
  }));
}

type SmsRow = typeof smsMessages.$inferSelect;

/** The SMS of some appointments (cancelled ones aside), newest first, by appointment id. */
async function remindersOf(executor: Executor, ids: string[]): Promise<Map<string, SmsRow[]>> {
  const map = new Map<string, SmsRow[]>();
  if (ids.length === 0) return map;
  const rows = await executor
    .select()
    .from(smsMessages)
    .where(and(inArray(smsMessages.appointmentId, ids), ne(smsMessages.status, "cancelled")))
    .orderBy(desc(smsMessages.createdAt));
  for (const row of rows) {
    const list = map.get(row.appointmentId as string) ?? [];
    list.push(row);
    map.set(row.appointmentId as string, list);
  }
  return map;
}

/** What the planning says of an appointment's reminder: the latest SMS about its current time. */
function reminderOf(rows: SmsRow[], startsAt: Date): AppointmentView["reminder"] {
  const row = rows.find((r) => r.appointmentStartsAt?.getTime() === startsAt.getTime());
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind as NonNullable<AppointmentView["reminder"]>["kind"],
    status: row.status as NonNullable<AppointmentView["reminder"]>["status"],
    reason: row.reason,
    nextAttemptAt: row.status === "queued" ? toIso(row.nextAttemptAt) : null,
    sentAt: toIsoOrNull(row.sentAt),
    deliveredAt: toIsoOrNull(row.deliveredAt),
    simulated: row.provider === "log",
  };
}

/** The history of some appointments, oldest first, by appointment id. */
export async function eventsOf(executor: Executor, ids: string[]): Promise<Map<string, AppointmentEventView[]>> {
  const map = new Map<string, AppointmentEventView[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return map;
  const rows = await executor
    .select({
      event: appointmentEvents,
      by: { id: users.id, firstName: users.firstName, lastName: users.lastName },
    })
    .from(appointmentEvents)
    .leftJoin(users, eq(users.id, appointmentEvents.by))
    .where(inArray(appointmentEvents.appointmentId, ids))
    .orderBy(asc(appointmentEvents.at), asc(appointmentEvents.id));
  for (const { event, by } of rows) {
    map.get(event.appointmentId)?.push({
      kind: event.kind as AppointmentEventKind,
      at: toIso(event.at),
      by: presentUserName(by),
      fromStartsAt: toIsoOrNull(event.fromStartsAt),
      toStartsAt: toIsoOrNull(event.toStartsAt),
      reason: event.reason,
    });
  }
  return map;
}

/** One appointment with its history, or 404. */
export async function loadAppointmentView(executor: Executor, id: string): Promise<AppointmentView> {
  const rows = await selectAppointments(executor).where(eq(appointments.id, id));
  const [view] = await presentAppointments(executor, rows);
  if (!view) throw notFound("appointment");
  return { ...view, events: (await eventsOf(executor, [id])).get(id) ?? [] };
}

/** Several appointments matching a condition (no history). */
export async function loadAppointmentViews(executor: Executor, where: SQL | undefined) {
  return presentAppointments(executor, await selectAppointments(executor).where(where));
}

/** What the audit log keeps of an appointment: its columns. */
export function auditAppointment(row: AppointmentRow) {
  return row;
}
