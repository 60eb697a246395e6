import { and, asc, count, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import { isDay, startOfClinicDay } from "../../clinic-calendar.ts";
import type { Ctx } from "../../context.ts";
import { appointments } from "../../db/schema/index.ts";
import { readSettings } from "../settings/settings.ts";
import type { AppointmentPage, AppointmentView, ListAppointmentsQuery } from "./appointment.schema.ts";
import { loadAppointmentView, presentAppointments, selectAppointments } from "./present.ts";

/**
 * Appointments by site, period, person, status, room or practitioner, a page at
 * a time. A day ("YYYY-MM-DD") is a whole day of the clinic's time zone; `to`
 * is inclusive for a day, exclusive for an instant.
 */
export async function listAppointments(ctx: Ctx, query: ListAppointmentsQuery): Promise<AppointmentPage> {
  authorize(ctx.actor, "appointments.read");
  const { db } = ctx.database;
  const { settings } = await readSettings(db);
  const zone = settings.timeZone;
  const conditions: (SQL | undefined)[] = [
    query.site ? eq(appointments.site, query.site) : undefined,
    query.personId ? eq(appointments.personId, query.personId) : undefined,
    query.status ? eq(appointments.status, query.status) : undefined,
    query.roomId ? eq(appointments.roomId, query.roomId) : undefined,
    query.practitionerId ? eq(appointments.practitionerId, query.practitionerId) : undefined,
  ];
  if (query.from) {
    const from = isDay(query.from) ? startOfClinicDay(query.from, zone) : new Date(query.from);
    conditions.push(gte(appointments.startsAt, from));
  }
  if (query.to) {
    const to = isDay(query.to) ? startOfClinicDay(query.to, zone, 1) : new Date(query.to);
    conditions.push(lt(appointments.startsAt, to));
  }
  const where = and(...conditions);
  const direction = query.order === "desc" ? desc : asc;
  const rows = await selectAppointments(db)
    .where(where)
    .orderBy(direction(appointments.startsAt), asc(appointments.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [total] = await db.select({ n: count() }).from(appointments).where(where);
  return { items: await presentAppointments(db, rows), total: total?.n ?? 0 };
}

/** One appointment with its history (booked, moved, cancelled… who, when, why). */
export async function getAppointment(ctx: Ctx, id: string): Promise<AppointmentView> {
  authorize(ctx.actor, "appointments.read");
  return loadAppointmentView(ctx.database.db, id);
}
