import { and, eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { pathways, pregnancyCalls, users } from "../../db/schema/index.ts";
import { AppError, fieldError, notFound, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { newsletterAnswer, recordNewsletterAnswer } from "../consents/newsletter-answer.ts";
import { insertInteraction, staffName } from "../interactions/interactions.ts";
import { loadPathwayPatient } from "../pathways/records.ts";
import { completeTasksForSource } from "../tasks/complete-for-source.ts";
import type { PreparationCallInput, PreparationCallView } from "./births.schema.ts";

type CallRow = typeof pregnancyCalls.$inferSelect;

function present(row: CallRow, heldBy: string | null): PreparationCallView {
  return {
    id: row.id,
    pathwayId: row.pathwayId,
    personId: row.personId,
    heldAt: row.heldAt.toISOString(),
    heldBy,
    told: { prices: row.toldPrices, birthClasses: row.toldBirthClasses, mothersGroup: row.toldMothersGroup },
    plannedPlace: row.plannedPlace as PreparationCallView["plannedPlace"],
    plannedPlaceNote: row.plannedPlaceNote,
    newsletterWish: row.newsletterWish as PreparationCallView["newsletterWish"],
    newsletterChannels: row.newsletterChannels as PreparationCallView["newsletterChannels"],
    mothersGroupNetworks: row.mothersGroupNetworks as PreparationCallView["mothersGroupNetworks"],
    childFollowUp: row.childFollowUp as PreparationCallView["childFollowUp"],
    note: row.note,
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

async function loadCall(executor: Executor, pathwayId: string): Promise<PreparationCallView | null> {
  const [found] = await executor
    .select({ row: pregnancyCalls, firstName: users.firstName, lastName: users.lastName })
    .from(pregnancyCalls)
    .leftJoin(users, eq(users.id, pregnancyCalls.heldBy))
    .where(eq(pregnancyCalls.pathwayId, pathwayId));
  if (!found) return null;
  return present(found.row, staffName(found));
}

async function pregnancyOf(executor: Executor, personId: string, pathwayId: string) {
  const [pathway] = await executor
    .select({ id: pathways.id, type: pathways.type })
    .from(pathways)
    .where(and(eq(pathways.id, pathwayId), eq(pathways.personId, personId)));
  if (!pathway) throw notFound("pathway");
  if (pathway.type !== "pregnancy") throw new AppError(409, "preparation_call_pregnancy_only");
  return pathway;
}

/** The 36 SA call's checklist of a pregnancy, or null while none is recorded. */
export async function getPreparationCall(ctx: Ctx, personId: string, pathwayId: string) {
  authorize(ctx.actor, "people.read");
  await loadPathwayPatient(ctx.database.db, personId);
  await pregnancyOf(ctx.database.db, personId, pathwayId);
  return { call: await loadCall(ctx.database.db, pathwayId) };
}

/**
 * Records the 36 SA preparation call's checklist (procedure 5, « À la 36e semaine »), or corrects it at
 * the version read. The first recording also writes the call on the record's timeline (an outgoing call
 * that reached her) and marks the pregnancy's week-36 task done: the checklist is the call's outcome. Her
 * newsletter answer goes to the consent register (source week36_call); a correction records only what changed.
 */
export async function recordPreparationCall(
  ctx: Ctx,
  personId: string,
  pathwayId: string,
  input: PreparationCallInput,
): Promise<PreparationCallView> {
  authorize(ctx.actor, "pathways.write");
  if (input.newsletterWish === "yes" && input.newsletterChannels.length === 0)
    throw fieldError("newsletter_channel_required", "newsletterChannels");
  const now = ctx.clock.now();
  const values = {
    toldPrices: input.told.prices,
    toldBirthClasses: input.told.birthClasses,
    toldMothersGroup: input.told.mothersGroup,
    plannedPlace: input.plannedPlace,
    plannedPlaceNote: input.plannedPlace === "elsewhere" ? input.plannedPlaceNote || null : null,
    newsletterWish: input.newsletterWish,
    newsletterChannels: input.newsletterWish === "yes" ? input.newsletterChannels : [],
    mothersGroupNetworks: input.mothersGroupNetworks,
    childFollowUp: input.childFollowUp,
    note: input.note || null,
    updatedAt: now,
  };
  return ctx.database.db.transaction(async (tx) => {
    await loadPathwayPatient(tx, personId, { forWrite: true });
    await pregnancyOf(tx, personId, pathwayId);
    const [before] = await tx
      .select()
      .from(pregnancyCalls)
      .where(eq(pregnancyCalls.pathwayId, pathwayId))
      .for("update");
    if (before) {
      if (input.version !== before.version) throw versionConflict(before.version);
      const [after] = await tx
        .update(pregnancyCalls)
        .set({ ...values, version: sql`${pregnancyCalls.version} + 1` })
        .where(eq(pregnancyCalls.id, before.id))
        .returning();
      await recordAudit(tx, ctx.clock, ctx.actor, {
        action: "pregnancy_call.update",
        entityType: "pregnancy_call",
        entityId: before.id,
        before,
        after,
      });
      await recordNewsletterAnswer(
        tx,
        ctx,
        personId,
        "week36_call",
        newsletterAnswer(values.newsletterWish, values.newsletterChannels),
        newsletterAnswer(
          before.newsletterWish as PreparationCallInput["newsletterWish"],
          before.newsletterChannels as PreparationCallInput["newsletterChannels"],
        ),
      );
    } else {
      if (input.version !== undefined) throw versionConflict(0);
      const [row] = await tx
        .insert(pregnancyCalls)
        .values({
          ...values,
          pathwayId,
          personId,
          heldAt: now,
          heldBy: ctx.actor.type === "user" ? ctx.actor.id : null,
        })
        .returning();
      if (!row) throw new Error("insert returned no row");
      await recordAudit(tx, ctx.clock, ctx.actor, {
        action: "pregnancy_call.create",
        entityType: "pregnancy_call",
        entityId: row.id,
        after: row,
      });
      await insertInteraction(tx, ctx.clock, ctx.actor, {
        personId,
        occurredAt: now,
        recordedAt: now,
        channel: "phone_out",
        reached: true,
        motive: null,
        requestTypes: [],
        comment: "Appel de préparation à la naissance (36 SA) : liste enregistrée.",
        documentsSent: [],
        documentsRequested: false,
        outcome: null,
      });
      await completeTasksForSource(tx, ctx.clock, ctx.actor, {
        rule: "week-36",
        sourceType: "pathway",
        sourceId: pathwayId,
        outcome: "done",
      });
      await recordNewsletterAnswer(
        tx,
        ctx,
        personId,
        "week36_call",
        newsletterAnswer(values.newsletterWish, values.newsletterChannels),
      );
    }
    const view = await loadCall(tx, pathwayId);
    if (!view) throw new Error("the call just written is missing");
    return view;
  });
}
