import { and, asc, eq, gt, inArray, lt, ne, or, type SQL } from "drizzle-orm";
import { toIso } from "../../../shared/schemas.ts";
import type { Executor } from "../../db/client.ts";
import { appointments, people, practitioners, rooms } from "../../db/schema/index.ts";
import { AppError } from "../../http/errors.ts";
import type { ClashView } from "./appointment.schema.ts";

/** The statuses that occupy a room or a practitioner: a cancelled or missed appointment frees the slot. */
export const OCCUPYING_STATUSES = ["scheduled", "attended"] as const;

export interface Slot {
  startsAt: Date;
  endsAt: Date;
  roomId: string | null;
  practitionerId: string | null;
  /** The appointment being moved, which does not clash with itself. */
  excludeId?: string;
}

/**
 * The appointments a slot would overlap in the same room or with the same
 * practitioner. Intervals are half-open: 10:00–10:30 and 10:30–11:00 do not clash.
 */
export async function findClashes(executor: Executor, slot: Slot): Promise<ClashView[]> {
  const shared: SQL[] = [];
  if (slot.roomId) shared.push(eq(appointments.roomId, slot.roomId));
  if (slot.practitionerId) shared.push(eq(appointments.practitionerId, slot.practitionerId));
  if (shared.length === 0) return [];
  const rows = await executor
    .select({
      id: appointments.id,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      site: appointments.site,
      roomId: appointments.roomId,
      practitionerId: appointments.practitionerId,
      room: { id: rooms.id, name: rooms.name },
      practitioner: { id: practitioners.id, name: practitioners.name },
      person: { id: people.id, lastName: people.lastName, firstName: people.firstName },
    })
    .from(appointments)
    .innerJoin(people, eq(people.id, appointments.personId))
    .leftJoin(rooms, eq(rooms.id, appointments.roomId))
    .leftJoin(practitioners, eq(practitioners.id, appointments.practitionerId))
    .where(
      and(
        inArray(appointments.status, [...OCCUPYING_STATUSES]),
        lt(appointments.startsAt, slot.endsAt),
        gt(appointments.endsAt, slot.startsAt),
        or(...shared),
        slot.excludeId ? ne(appointments.id, slot.excludeId) : undefined,
      ),
    )
    .orderBy(asc(appointments.startsAt))
    .limit(50);
  return rows.map((row) => ({
    id: row.id,
    startsAt: toIso(row.startsAt),
    endsAt: toIso(row.endsAt),
    site: row.site,
    room: row.room,
    practitioner: row.practitioner,
    person: row.person,
    personName: `${row.person.lastName} ${row.person.firstName}`,
    sameRoom: slot.roomId !== null && row.roomId === slot.roomId,
    samePractitioner: slot.practitionerId !== null && row.practitionerId === slot.practitionerId,
  }));
}

/** The 409 of a booking or a move onto an occupied slot, listing what it overlaps. */
export function clashError(clashes: ClashView[]): AppError {
  const message =
    clashes.length === 1
      ? "Conflit de planning : ce créneau chevauche un autre rendez-vous de la même salle ou du même praticien. Choisissez un autre créneau, ou confirmez la réservation malgré le conflit."
      : `Conflit de planning : ce créneau chevauche ${clashes.length} autres rendez-vous de la même salle ou du même praticien. Choisissez un autre créneau, ou confirmez la réservation malgré le conflit.`;
  return new AppError(409, "appointment_clash", { message, details: { clashes } });
}
