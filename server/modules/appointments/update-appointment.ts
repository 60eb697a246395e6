import { eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { appointmentEvents, appointments } from "../../db/schema/index.ts";
import { AppError, notFound, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import { onAppointmentChanged } from "../sms/reminders.ts";
import type { AppointmentView, UpdateAppointmentInput } from "./appointment.schema.ts";
import { clashError, findClashes } from "./clashes.ts";
import { type AppointmentRow, auditAppointment, loadAppointmentView } from "./present.ts";
import { checkService, checkSite, lockPractitioner, lockRoom } from "./references.ts";
import { resolveTimes } from "./times.ts";

/** The appointment, locked, at the version the caller saw (409 otherwise), still to come. */
export async function lockScheduled(tx: Executor, id: string, version: number): Promise<AppointmentRow> {
  const [row] = await tx.select().from(appointments).where(eq(appointments.id, id)).for("update");
  if (!row) throw notFound("appointment");
  if (row.version !== version) throw versionConflict(row.version);
  if (row.status !== "scheduled") {
    throw new AppError(409, "appointment_not_scheduled", { details: { status: row.status } });
  }
  return row;
}

/**
 * Moves an appointment (another time, room, practitioner or site) or edits its
 * service, reason and notes. A move is checked for clashes again and recorded
 * in the history with where it was and where it goes.
 */
export async function updateAppointment(ctx: Ctx, id: string, input: UpdateAppointmentInput): Promise<AppointmentView> {
  authorize(ctx.actor, "appointments.write");
  const { settings } = await readSettings(ctx.database.db);
  if (input.site !== undefined) checkSite(settings, input.site);
  const now = ctx.clock.now();
  const userId = ctx.actor.type === "user" ? ctx.actor.id : null;
  return ctx.database.db.transaction(async (tx) => {
    const before = await lockScheduled(tx, id, input.version);
    const site = input.site ?? before.site;
    const roomId = input.roomId !== undefined ? input.roomId : before.roomId;
    const practitionerId = input.practitionerId !== undefined ? input.practitionerId : before.practitionerId;
    const startsAt = input.startsAt !== undefined ? new Date(input.startsAt) : before.startsAt;
    // A new start without a new end keeps the duration.
    const keptDuration = new Date(startsAt.getTime() + (before.endsAt.getTime() - before.startsAt.getTime()));
    const times = resolveTimes(startsAt, input, input.startsAt !== undefined ? keptDuration : before.endsAt);

    if (roomId) await lockRoom(tx, roomId, site, { mustBeActive: roomId !== before.roomId });
    if (practitionerId) {
      await lockPractitioner(tx, practitionerId, { mustBeActive: practitionerId !== before.practitionerId });
    }
    if (input.serviceId && input.serviceId !== before.serviceId) {
      await checkService(tx, input.serviceId, { mustBeActive: true });
    }

    const moved =
      times.startsAt.getTime() !== before.startsAt.getTime() ||
      times.endsAt.getTime() !== before.endsAt.getTime() ||
      roomId !== before.roomId ||
      practitionerId !== before.practitionerId ||
      site !== before.site;
    let clashAccepted = before.clashAccepted;
    if (moved) {
      const clashes = await findClashes(tx, { ...times, roomId, practitionerId, excludeId: id });
      if (clashes.length > 0 && !input.acceptClash) throw clashError(clashes);
      clashAccepted = clashes.length > 0;
    }

    const [after] = await tx
      .update(appointments)
      .set({
        site,
        roomId,
        practitionerId,
        serviceId: input.serviceId !== undefined ? input.serviceId : before.serviceId,
        startsAt: times.startsAt,
        endsAt: times.endsAt,
        reason: input.reason !== undefined ? input.reason || null : before.reason,
        notes: input.notes !== undefined ? input.notes || null : before.notes,
        clashAccepted,
        // A « 1 / OUI » to the reminder confirmed the old time, not the new one.
        ...(times.startsAt.getTime() !== before.startsAt.getTime() ? { confirmation: null, confirmationAt: null } : {}),
        updatedAt: now,
        version: sql`${appointments.version} + 1`,
      })
      .where(eq(appointments.id, id))
      .returning();
    if (!after) throw notFound("appointment");
    // A waiting reminder follows the new time; one already sent is followed by a « changement d'horaire ».
    await onAppointmentChanged(tx, settings, now, before, after, userId);
    await tx.insert(appointmentEvents).values({
      appointmentId: id,
      kind: moved ? "moved" : "edited",
      at: now,
      by: userId,
      fromStartsAt: before.startsAt,
      toStartsAt: after.startsAt,
      reason: input.moveReason || null,
    });
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: moved ? "appointment.move" : "appointment.update",
      entityType: "appointment",
      entityId: id,
      before: auditAppointment(before),
      after: auditAppointment(after),
    });
    return loadAppointmentView(tx, id);
  });
}
