import { eq, sql } from "drizzle-orm";
import type { PathwayExitReason } from "../../../shared/pathways.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { pathways } from "../../db/schema/index.ts";
import { fieldError, notFound } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import type { EndPathwayInput, PathwayView } from "./pathway.schema.ts";
import { auditPathway, type PathwayRow, presentPathway } from "./present.ts";
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
    return presentPathway(await closePathway(tx, ctx, before, { endedOn, exitReason: input.exitReason, note }), today);
  });
}

/** Closes an open pathway (locked by the caller), audited, inside the caller's transaction. */
export async function closePathway(
  tx: Executor,
  ctx: Ctx,
  before: PathwayRow,
  end: { endedOn: string; exitReason: PathwayExitReason; note: string | null },
): Promise<PathwayRow> {
  const [after] = await tx
    .update(pathways)
    .set({
      endedOn: end.endedOn,
      exitReason: end.exitReason,
      exitNote: end.note,
      updatedAt: ctx.clock.now(),
      version: sql`${pathways.version} + 1`,
    })
    .where(eq(pathways.id, before.id))
    .returning();
  if (!after) throw notFound("pathway");
  await recordAudit(tx, ctx.clock, ctx.actor, {
    action: "pathway.end",
    entityType: "pathway",
    entityId: before.id,
    before: auditPathway(before),
    after: auditPathway(after),
  });
  return after;
}
