import { eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { pathways } from "../../db/schema/index.ts";
import { fieldError, notFound } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import type { EndPathwayInput, PathwayView } from "./pathway.schema.ts";
import { auditPathway, presentPathway } from "./present.ts";
import { clinicToday, loadPathwayPatient, lockOpenPathway } from "./records.ts";

/**
 * Closes an open pathway (« Clôturer »): on a day from its start to today, with
 * an exit reason (delivered, miscarriage, moved away…), a note required for
 * « other ». Kept in the patient's past pathways.
 */
export async function endPathway(
  ctx: Ctx,
  personId: string,
  pathwayId: string,
  input: EndPathwayInput,
): Promise<PathwayView> {
  authorize(ctx.actor, "pathways.write");
  const { settings } = await readSettings(ctx.database.db);
  const today = clinicToday(ctx, settings);
  const endedOn = input.endedOn ?? today;
  if (endedOn > today) throw fieldError("pathway_end_in_future", "endedOn");
  const note = input.note ? input.note : null;
  if (input.exitReason === "other" && !note) throw fieldError("pathway_exit_note_required", "note");

  return ctx.database.db.transaction(async (tx) => {
    await loadPathwayPatient(tx, personId, { forWrite: true });
    const before = await lockOpenPathway(tx, personId, pathwayId, input.version);
    if (endedOn < before.startedOn) throw fieldError("pathway_end_before_start", "endedOn");
    const [after] = await tx
      .update(pathways)
      .set({
        endedOn,
        exitReason: input.exitReason,
        exitNote: note,
        updatedAt: ctx.clock.now(),
        version: sql`${pathways.version} + 1`,
      })
      .where(eq(pathways.id, pathwayId))
      .returning();
    if (!after) throw notFound("pathway");
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "pathway.end",
      entityType: "pathway",
      entityId: pathwayId,
      before: auditPathway(before),
      after: auditPathway(after),
    });
    return presentPathway(after, today);
  });
}
