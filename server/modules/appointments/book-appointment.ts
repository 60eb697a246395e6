import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { appointmentEvents, appointments } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import type { AppointmentView, BookAppointmentInput } from "./appointment.schema.ts";
import { clashError, findClashes } from "./clashes.ts";
import { auditAppointment, loadAppointmentView } from "./present.ts";
import { checkCall, checkPerson, checkService, checkSite, lockPractitioner, lockRoom } from "./references.ts";
import { resolveTimes } from "./times.ts";

/**
 * Books an appointment (procedure 1, "Suivre le mode opératoire de gestion des
 * RDV"). A slot already taken in the same room or by the same practitioner is
 * refused with the list of what it overlaps (409 appointment_clash), unless the
 * caller accepts the clash: then it is booked and flagged.
 */
export async function bookAppointment(ctx: Ctx, input: BookAppointmentInput): Promise<AppointmentView> {
  authorize(ctx.actor, "appointments.write");
  const { startsAt, endsAt } = resolveTimes(new Date(input.startsAt), input);
  const { settings } = await readSettings(ctx.database.db);
  checkSite(settings, input.site);
  const now = ctx.clock.now();
  const userId = ctx.actor.type === "user" ? ctx.actor.id : null;
  return ctx.database.db.transaction(async (tx) => {
    await checkPerson(tx, input.personId);
    const roomId = input.roomId ?? null;
    const practitionerId = input.practitionerId ?? null;
    if (roomId) await lockRoom(tx, roomId, input.site, { mustBeActive: true });
    if (practitionerId) await lockPractitioner(tx, practitionerId, { mustBeActive: true });
    if (input.serviceId) await checkService(tx, input.serviceId, { mustBeActive: true });
    if (input.callId) await checkCall(tx, input.callId);
    const clashes = await findClashes(tx, { startsAt, endsAt, roomId, practitionerId });
    if (clashes.length > 0 && !input.acceptClash) throw clashError(clashes);
    const [row] = await tx
      .insert(appointments)
      .values({
        personId: input.personId,
        site: input.site,
        roomId,
        practitionerId,
        serviceId: input.serviceId ?? null,
        startsAt,
        endsAt,
        reason: input.reason || null,
        notes: input.notes || null,
        clashAccepted: clashes.length > 0,
        callId: input.callId ?? null,
        createdAt: now,
        createdBy: userId,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await tx.insert(appointmentEvents).values({
      appointmentId: row.id,
      kind: "booked",
      at: now,
      by: userId,
      toStartsAt: startsAt,
      reason: clashes.length > 0 ? "conflit de planning accepté" : null,
    });
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "appointment.book",
      entityType: "appointment",
      entityId: row.id,
      after: { ...auditAppointment(row), clashes: clashes.map((c) => c.id) },
    });
    return loadAppointmentView(tx, row.id);
  });
}
