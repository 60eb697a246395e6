import { eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { calls } from "../../db/schema/index.ts";
import { AppError, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import { completeTasksForSource } from "../tasks/complete-for-source.ts";
import { type CallView, OPEN_OUTCOMES, type ResumeCallInput } from "./call.schema.ts";
import { resolveLineChanges } from "./line-fields.ts";
import { loadCallView, lockCall } from "./present.ts";

const timeFormat = (timeZone: string) =>
  new Intl.DateTimeFormat("fr-FR", { timeZone, day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" });

/**
 * Resumes a line whose request was not satisfied (procedure 3: "la demande devra
 * être reprise dans la journée afin que toutes les lignes soient traitées en fin
 * de journée"). Only a line to resume, to call back or without an outcome may be
 * resumed, once; the new outcome replaces the former one (kept in the audit log)
 * and the note is added to the line's notes.
 */
export async function resumeCall(ctx: Ctx, id: string, input: ResumeCallInput): Promise<CallView> {
  authorize(ctx.actor, "calls.write");
  const { timeZone } = (await readSettings(ctx.database.db)).settings;
  const now = ctx.clock.now();
  return ctx.database.db.transaction(async (tx) => {
    const current = await lockCall(tx, id);
    if (current.version !== input.version) throw versionConflict(current.version);
    const before = await loadCallView(tx, id);
    if (current.resumedAt) {
      const who = before.resumedBy ? ` par ${before.resumedBy.name}` : "";
      throw new AppError(409, "call_already_resumed", {
        message: `Cette ligne a déjà été reprise${who} le ${timeFormat(timeZone).format(current.resumedAt)}.`,
        details: { resumedAt: before.resumedAt, resumedBy: before.resumedBy },
      });
    }
    if (current.outcome !== null && !(OPEN_OUTCOMES as readonly string[]).includes(current.outcome)) {
      throw new AppError(400, "call_not_resumable", { details: { outcome: current.outcome } });
    }
    const changes = await resolveLineChanges(
      tx,
      { outcome: input.outcome, transferServiceId: input.transferServiceId, transferUserId: input.transferUserId },
      current,
      now,
    );
    const note = input.notes?.trim();
    const notes = note ? [current.notes, `Reprise : ${note}`].filter(Boolean).join("\n") : current.notes;
    await tx
      .update(calls)
      .set({
        ...changes,
        notes,
        resumedAt: now,
        resumedBy: ctx.actor.type === "user" ? ctx.actor.id : null,
        version: sql`${calls.version} + 1`,
        updatedAt: now,
      })
      .where(eq(calls.id, id));
    const after = await loadCallView(tx, id);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "call.resume",
      entityType: "call",
      entityId: id,
      before,
      after,
    });
    // Its follow-up task (rule call-resume) is done now, not at the engine's next run.
    await completeTasksForSource(tx, ctx.clock, ctx.actor, {
      rule: "call-resume",
      sourceType: "call",
      sourceId: id,
      outcome: "done",
      note: note ?? null,
    });
    return after;
  });
}
