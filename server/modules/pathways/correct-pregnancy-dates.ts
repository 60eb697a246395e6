import { eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { pathways } from "../../db/schema/index.ts";
import { fieldError, notFound } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import type { CorrectPregnancyInput, PathwayView } from "./pathway.schema.ts";
import { auditPathway, presentPathway } from "./present.ts";
import { clinicToday, loadPathwayPatient, lockOpenPathway, pregnancyDates } from "./records.ts";

/**
 * Corrects an open pregnancy's dates (a DDR typed wrong, a DPA set again by the
 * first-trimester scan): the DDR or the DPA, the other derived again by the
 * settings' convention of today, or both when they agree.
 */
export async function correctPregnancyDates(
  ctx: Ctx,
  personId: string,
  pathwayId: string,
  input: CorrectPregnancyInput,
): Promise<PathwayView> {
  authorize(ctx.actor, "pathways.write");
  const { settings } = await readSettings(ctx.database.db);
  const today = clinicToday(ctx, settings);
  const dates = pregnancyDates(input, today, settings.pregnancy.dueDateConvention);

  return ctx.database.db.transaction(async (tx) => {
    await loadPathwayPatient(tx, personId, { forWrite: true });
    const before = await lockOpenPathway(tx, personId, pathwayId, input.version);
    if (before.type !== "pregnancy") throw fieldError("pathway_not_pregnancy", input.ddr ? "ddr" : "dpa");
    const [after] = await tx
      .update(pathways)
      .set({ ...dates, updatedAt: ctx.clock.now(), version: sql`${pathways.version} + 1` })
      .where(eq(pathways.id, pathwayId))
      .returning();
    if (!after) throw notFound("pathway");
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "pathway.correct_dates",
      entityType: "pathway",
      entityId: pathwayId,
      before: auditPathway(before),
      after: auditPathway(after),
    });
    return presentPathway(after, today);
  });
}
