import { eq } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { calls, clinicServices, people, practitioners, rooms } from "../../db/schema/index.ts";
import { fieldError } from "../../http/errors.ts";
import type { Settings } from "../settings/settings.schema.ts";

/** The site must be one of the settings' sites (CLINIQUE, PLATEAU…). */
export function checkSite(settings: Settings, site: string): void {
  if (!settings.sites.some((s) => s.code === site)) throw fieldError("unknown_site", "site", 400);
}

/**
 * The room, locked until the transaction ends: two bookings of one room are
 * checked for clashes one after the other. It must be of the appointment's
 * site, and active when newly chosen.
 */
export async function lockRoom(tx: Executor, roomId: string, site: string, options: { mustBeActive: boolean }) {
  const [room] = await tx.select().from(rooms).where(eq(rooms.id, roomId)).for("update");
  if (!room) throw fieldError("unknown_room", "roomId", 400);
  if (room.site !== site) throw fieldError("room_other_site", "roomId", 400);
  if (options.mustBeActive && !room.active) throw fieldError("room_inactive", "roomId");
  return room;
}

/** The practitioner, locked like the room (no two overlapping bookings checked at once). */
export async function lockPractitioner(tx: Executor, practitionerId: string, options: { mustBeActive: boolean }) {
  const [practitioner] = await tx
    .select()
    .from(practitioners)
    .where(eq(practitioners.id, practitionerId))
    .for("update");
  if (!practitioner) throw fieldError("unknown_practitioner", "practitionerId", 400);
  if (options.mustBeActive && !practitioner.active) throw fieldError("practitioner_inactive", "practitionerId");
  return practitioner;
}

export async function checkService(tx: Executor, serviceId: string, options: { mustBeActive: boolean }) {
  const [service] = await tx.select().from(clinicServices).where(eq(clinicServices.id, serviceId));
  if (!service) throw fieldError("unknown_service", "serviceId", 400);
  if (options.mustBeActive && !service.active) throw fieldError("service_inactive", "serviceId");
  return service;
}

/** The person the appointment is for: it must exist (404) and not be merged into another record. */
export async function checkPerson(tx: Executor, personId: string) {
  const [person] = await tx
    .select({ id: people.id, mergedIntoId: people.mergedIntoId })
    .from(people)
    .where(eq(people.id, personId));
  if (!person) throw fieldError("unknown_person", "personId", 404);
  if (person.mergedIntoId) throw fieldError("person_merged", "personId");
  return person;
}

export async function checkCall(tx: Executor, callId: string) {
  const [call] = await tx.select({ id: calls.id }).from(calls).where(eq(calls.id, callId));
  if (!call) throw fieldError("unknown_call", "callId", 400);
}
