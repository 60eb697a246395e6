import { and, eq, sql } from "drizzle-orm";
import { type GivenDayErrorCode, validateGivenDay } from "../../../shared/vaccination.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import { vaccinationDoses } from "../../db/schema/index.ts";
import { AppError, fieldError, notFound, versionConflict } from "../../http/errors.ts";
import type { ErrorCode } from "../../i18n/messages.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import { birthDateOf, type Child, clinicToday, type DoseRow, loadChild, presentDose } from "./records.ts";
import type { CorrectDoseInput, GivenDoseView, RecordDoseInput } from "./vaccination.schema.ts";

const GIVEN_DAY_ERRORS: Record<GivenDayErrorCode, ErrorCode> = {
  invalid: "vaccination_given_invalid",
  before_birth: "vaccination_given_before_birth",
  future: "vaccination_given_future",
};

function checkGivenDay(givenOn: string, child: Child, today: string) {
  const error = validateGivenDay(givenOn, birthDateOf(child), today);
  if (error) throw fieldError(GIVEN_DAY_ERRORS[error.code], error.field);
}

const alreadyRecorded = () => new AppError(409, "vaccination_dose_already_recorded");

/**
 * The SMS reminder still waiting for a dose now given is cancelled once every dose it names is given
 * (one SMS names the doses due the same day): the parents need it no more.
 */
async function cancelWaitingReminders(tx: Executor, personId: string, vaccine: string, dose: number, now: Date) {
  await tx.execute(sql`
    update sms_messages s
       set status = 'cancelled', reason = 'dose déjà administrée', cancelled_at = ${now.toISOString()}, claimed_until = null
     where s.status = 'queued'
       and s.id in (select r.sms_message_id from vaccination_reminders r
                     where r.person_id = ${personId} and r.vaccine = ${vaccine} and r.dose = ${dose})
       and not exists (select 1 from vaccination_reminders r
                        where r.sms_message_id = s.id
                          and not exists (select 1 from vaccination_doses d
                                           where d.person_id = r.person_id and d.vaccine = r.vaccine and d.dose = r.dose))`);
}

async function lockDose(tx: Executor, personId: string, doseId: string, version: number): Promise<DoseRow> {
  const [row] = await tx
    .select()
    .from(vaccinationDoses)
    .where(and(eq(vaccinationDoses.id, doseId), eq(vaccinationDoses.personId, personId)))
    .for("update");
  if (!row) throw notFound("vaccination_dose");
  if (row.version !== version) throw versionConflict(row.version);
  return row;
}

function writer(ctx: Ctx) {
  return ctx.actor.type === "user" ? ctx.actor.id : null;
}

function checkScheduled(settings: Settings, vaccine: string, dose: number) {
  if (!settings.vaccination.schedule.some((d) => d.vaccine === vaccine && d.dose === dose)) {
    throw fieldError("vaccination_unknown_dose", "vaccine");
  }
}

/**
 * Records a dose given to a child (DESIGN §2): at NEST or elsewhere (the booklet), on a day from the
 * birth to today. One record per dose (409 when it exists: correct it). Its waiting SMS reminder is
 * cancelled; the follow-up engine closes its late-dose call task at its next run.
 */
export async function recordDose(ctx: Ctx, personId: string, input: RecordDoseInput): Promise<GivenDoseView> {
  authorize(ctx.actor, "pathways.write");
  const { settings } = await readSettings(ctx.database.db);
  checkScheduled(settings, input.vaccine, input.dose);
  const today = clinicToday(ctx, settings);
  const now = ctx.clock.now();
  const inserted = ctx.database.db.transaction(async (tx) => {
    const child = await loadChild(tx, personId, { forWrite: true });
    checkGivenDay(input.givenOn, child, today);
    const [existing] = await tx
      .select({ id: vaccinationDoses.id })
      .from(vaccinationDoses)
      .where(
        and(
          eq(vaccinationDoses.personId, personId),
          eq(vaccinationDoses.vaccine, input.vaccine),
          eq(vaccinationDoses.dose, input.dose),
        ),
      );
    if (existing) throw alreadyRecorded();
    const [row] = await tx
      .insert(vaccinationDoses)
      .values({
        personId,
        vaccine: input.vaccine,
        dose: input.dose,
        givenOn: input.givenOn,
        place: input.place,
        note: input.note ?? null,
        recordedAt: now,
        recordedBy: writer(ctx),
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await cancelWaitingReminders(tx, personId, input.vaccine, input.dose, now);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "vaccination_dose.record",
      entityType: "vaccination_dose",
      entityId: row.id,
      after: row,
    });
    return presentDose(row);
  });
  return inserted.catch((error: unknown) => {
    throw isUniqueViolation(error, "vaccination_doses_person_dose_key") ? alreadyRecorded() : error;
  });
}

/** Corrects a recorded dose's day, place or note, at the version the caller saw (409 otherwise). */
export async function correctDose(
  ctx: Ctx,
  personId: string,
  doseId: string,
  input: CorrectDoseInput,
): Promise<GivenDoseView> {
  authorize(ctx.actor, "pathways.write");
  const { settings } = await readSettings(ctx.database.db);
  const today = clinicToday(ctx, settings);
  const now = ctx.clock.now();
  return ctx.database.db.transaction(async (tx) => {
    const child = await loadChild(tx, personId, { forWrite: true });
    const before = await lockDose(tx, personId, doseId, input.version);
    if (input.givenOn !== undefined) checkGivenDay(input.givenOn, child, today);
    const changes: Partial<typeof vaccinationDoses.$inferInsert> = {};
    if (input.givenOn !== undefined) changes.givenOn = input.givenOn;
    if (input.place !== undefined) changes.place = input.place;
    if (input.note !== undefined) changes.note = input.note;
    const [after] = await tx
      .update(vaccinationDoses)
      .set({ ...changes, updatedAt: now, version: sql`${vaccinationDoses.version} + 1` })
      .where(eq(vaccinationDoses.id, doseId))
      .returning();
    if (!after) throw new Error("update returned no row");
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "vaccination_dose.correct",
      entityType: "vaccination_dose",
      entityId: doseId,
      before,
      after,
    });
    return presentDose(after);
  });
}

/** Removes a dose recorded by mistake (audited with what it said): the dose is due again. */
export async function removeDose(ctx: Ctx, personId: string, doseId: string, version: number): Promise<void> {
  authorize(ctx.actor, "pathways.write");
  await ctx.database.db.transaction(async (tx) => {
    await loadChild(tx, personId, { forWrite: true });
    const before = await lockDose(tx, personId, doseId, version);
    await tx.delete(vaccinationDoses).where(eq(vaccinationDoses.id, doseId));
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "vaccination_dose.remove",
      entityType: "vaccination_dose",
      entityId: doseId,
      before,
    });
  });
}
