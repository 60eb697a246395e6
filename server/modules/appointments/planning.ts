import { and, asc, eq, gt, gte, lt, ne, sql } from "drizzle-orm";
import { toIso } from "../../../shared/schemas.ts";
import { authorize } from "../../authorize.ts";
import { clinicDay, startOfClinicDay } from "../../clinic-calendar.ts";
import { MINUTE_MS } from "../../clock.ts";
import type { Ctx } from "../../context.ts";
import { appointments, clinicServices, people, practitioners, rooms } from "../../db/schema/index.ts";
import { personRefColumns, presentPersonRef } from "../people/present.ts";
import { readSettings } from "../settings/settings.ts";
import {
  APPOINTMENT_MAX_MINUTES,
  type AppointmentStatus,
  type PlanningItem,
  type PlanningQuery,
  type PlanningView,
} from "./appointment.schema.ts";
import { checkSite } from "./references.ts";

/**
 * Overlaps another appointment occupying the same room or practitioner (both
 * scheduled or attended; half-open intervals), on any site.
 */
const clashes = sql<boolean>`(${appointments.status} in ('scheduled', 'attended') and exists (
  select 1 from appointments other
  where other.id <> ${appointments.id}
    and other.status in ('scheduled', 'attended')
    and other.starts_at < ${appointments.endsAt}
    and other.ends_at > ${appointments.startsAt}
    and (other.room_id = ${appointments.roomId} or other.practitioner_id = ${appointments.practitionerId})
))`;

/** The state of the latest SMS about the appointment's current time (reminder or change notice). */
const reminderStatus = sql<string | null>`(
  select m.status from sms_messages m
  where m.appointment_id = ${appointments.id}
    and m.appointment_starts_at = date_trunc('milliseconds', ${appointments.startsAt})
    and m.status <> 'cancelled'
  order by m.created_at desc limit 1)`;

/**
 * The room occupancy planning of a site ("planning d'occupation des salles",
 * procedure 1): for each day of the clinic's calendar and each active room, the
 * appointments not cancelled that occupy it that day (one across midnight on
 * both days), overlapping ones flagged.
 */
export async function getPlanning(ctx: Ctx, query: PlanningQuery): Promise<PlanningView> {
  authorize(ctx.actor, "appointments.read");
  const { db } = ctx.database;
  const { settings } = await readSettings(db);
  checkSite(settings, query.site);
  const zone = settings.timeZone;
  const start = startOfClinicDay(query.from, zone);
  const end = startOfClinicDay(query.from, zone, query.days);

  const siteRooms = await db
    .select()
    .from(rooms)
    .where(eq(rooms.site, query.site))
    .orderBy(asc(rooms.position), asc(rooms.name));
  const rows = await db
    .select({
      id: appointments.id,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      status: appointments.status,
      reason: appointments.reason,
      clashAccepted: appointments.clashAccepted,
      roomId: appointments.roomId,
      person: personRefColumns,
      room: { id: rooms.id, name: rooms.name },
      practitioner: { id: practitioners.id, name: practitioners.name },
      service: { id: clinicServices.id, name: clinicServices.name },
      clash: clashes,
      reminderStatus,
    })
    .from(appointments)
    .innerJoin(people, eq(people.id, appointments.personId))
    .leftJoin(rooms, eq(rooms.id, appointments.roomId))
    .leftJoin(practitioners, eq(practitioners.id, appointments.practitionerId))
    .leftJoin(clinicServices, eq(clinicServices.id, appointments.serviceId))
    .where(
      and(
        eq(appointments.site, query.site),
        ne(appointments.status, "cancelled"),
        // Every appointment overlapping the period, one begun the day before included; as
        // none lasts more than a day, the start is bounded too (the site/start index stays usable).
        gte(appointments.startsAt, new Date(start.getTime() - APPOINTMENT_MAX_MINUTES * MINUTE_MS)),
        lt(appointments.startsAt, end),
        gt(appointments.endsAt, start),
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(appointments.endsAt));

  const days: PlanningView["days"] = [];
  for (let i = 0; i < query.days; i++) {
    const dayStart = startOfClinicDay(query.from, zone, i);
    const dayEnd = startOfClinicDay(query.from, zone, i + 1);
    const date = clinicDay(dayStart, zone);
    // On every day it overlaps (half-open, like clashes): 22:00–08:00 shows on both days.
    const ofDay = rows.filter((row) => row.startsAt < dayEnd && row.endsAt > dayStart);
    const item = (row: (typeof rows)[number]): PlanningItem => ({
      id: row.id,
      startsAt: toIso(row.startsAt),
      endsAt: toIso(row.endsAt),
      status: row.status as AppointmentStatus,
      person: presentPersonRef(row.person),
      room: row.room,
      practitioner: row.practitioner,
      service: row.service,
      reason: row.reason,
      clash: Boolean(row.clash),
      clashAccepted: row.clashAccepted,
      reminderStatus: row.reminderStatus as PlanningItem["reminderStatus"],
    });
    // Every active room, and an inactive one only when something is still booked in it.
    const shown = siteRooms.filter((room) => room.active || ofDay.some((row) => row.roomId === room.id));
    days.push({
      date,
      rooms: shown.map((room) => ({
        room: { id: room.id, name: room.name, active: room.active },
        appointments: ofDay.filter((row) => row.roomId === room.id).map(item),
      })),
      withoutRoom: ofDay.filter((row) => !shown.some((room) => room.id === row.roomId)).map(item),
    });
  }
  return { site: query.site, timeZone: zone, days };
}
