import { eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { appointmentEvents, appointments } from "../../db/schema/index.ts";
import { AppError, notFound } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import { onAppointmentChanged } from "../sms/reminders.ts";
import type { AppointmentView, CancelAppointmentInput } from "./appointment.schema.ts";
import { auditAppointment, loadAppointmentView } from "./present.ts";
import { lockScheduled } from "./update-appointment.ts";

type Outcome = "cancelled" | "attended" | "no_show";

/**
 * Ends a scheduled appointment: cancelled (any time, with a reason: who, when
 * and why are kept), attended or no-show (only once its start has passed).
 * These statuses feed the conversion table (DESIGN §4).
 */
async function closeAppointment(
  ctx: Ctx,
  id: string,
  outcome: Outcome,
  input: { version: number; reason?: string },
): Promise<AppointmentView> {
  authorize(ctx.actor, "appointments.write");
  const now = ctx.clock.now();
  const userId = ctx.actor.type === "user" ? ctx.actor.id : null;
  return ctx.database.db.transaction(async (tx) => {
    const before = await lockScheduled(tx, id, input.version);
    if (outcome !== "cancelled" && before.startsAt.getTime() > now.getTime()) {
      throw new AppError(409, "appointment_not_started", { details: { startsAt: before.startsAt.toISOString() } });
    }
    const cancelled = outcome === "cancelled";
    const [after] = await tx
      .update(appointments)
      .set({
        status: outcome,
        ...(cancelled ? { cancelledAt: now, cancelledBy: userId, cancelReason: input.reason ?? null } : {}),
        updatedAt: now,
        version: sql`${appointments.version} + 1`,
      })
      .where(eq(appointments.id, id))
      .returning();
    if (!after) throw notFound("appointment");
    // Its waiting reminder is cancelled with it (an attended or missed appointment needs none either).
    await onAppointmentChanged(tx, (await readSettings(tx)).settings, now, before, after, userId);
    await tx.insert(appointmentEvents).values({
      appointmentId: id,
      kind: outcome,
      at: now,
      by: userId,
      fromStartsAt: before.startsAt,
      reason: input.reason ?? null,
    });
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: `appointment.${outcome === "cancelled" ? "cancel" : outcome}`,
      entityType: "appointment",
      entityId: id,
      before: auditAppointment(before),
      after: auditAppointment(after),
    });
    return loadAppointmentView(tx, id);
  });
}

export const cancelAppointment = (ctx: Ctx, id: string, input: CancelAppointmentInput) =>
  closeAppointment(ctx, id, "cancelled", input);

export const markAttended = (ctx: Ctx, id: string, input: { version: number }) =>
  closeAppointment(ctx, id, "attended", input);

export const markNoShow = (ctx: Ctx, id: string, input: { version: number }) =>
  closeAppointment(ctx, id, "no_show", input);
