import { eq, sql } from "drizzle-orm";
import { CALL_RULES, RECALL_COMMENT, type RuleId } from "../../../shared/followup.ts";
import type { CALL_OUTCOMES } from "../../../shared/tasks.ts";
import { authorize } from "../../authorize.ts";
import { HOUR_MS } from "../../clock.ts";
import type { Ctx } from "../../context.ts";
import { followUpTasks, people } from "../../db/schema/index.ts";
import { AppError, type FieldIssue, fieldError } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { businessCalendarOf, retryTimeAfter } from "../followup/business-calendar.ts";
import { insertInteraction } from "../interactions/interactions.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import { completeTasksForSource } from "./complete-for-source.ts";
import { assertWorkable } from "./guards.ts";
import { auditTask, loadTaskView, lockTask } from "./present.ts";
import type { CompleteTaskInput, TaskView } from "./task.schema.ts";

/** How the call's result reads on the interaction (the timeline shows it). */
const OUTCOME_TEXT: Record<(typeof CALL_OUTCOMES)[number], string> = {
  reached: "Joint",
  not_reached: "Pas de réponse",
  wrong_number: "Mauvais numéro",
};

/** How far ahead a retry may be set. */
const RETRY_MAX_DAYS = 60;

/**
 * Completes a call task (first-response, hot-48h, warm-48h, requalified-hot,
 * recall-7d, new-patient-72h): the call made is recorded as an interaction on
 * the person in the same transaction, whatever its result. A call that reached
 * the person completes the task. A call that did not (no answer, wrong number)
 * is an attempt: recorded as an unreached interaction (it answers no request
 * and counts in no figure), noted in the task's history, and the task stays
 * open, due again at the retry time (given, or two hours later within opening
 * hours, else the next business day's opening). After warm-48h's qualifying
 * call the documentation follows (procedure 4: « Nous leur envoyons ensuite de
 * la documentation »): sent during the call, declined, or else the interaction
 * asks for it and rule docs-pending makes the task of sending it. For recall-7d the interaction's comment
 * carries « RAPPEL 7 JOURS » (mode opératoire 2: « Enregistrer l'interaction en
 * notant dans les commentaires RAPPEL 7 JOURS »), added in front when the
 * comment lacks it. For new-patient-72h the satisfaction answers (procedure 5)
 * are kept on the task and summarised in the comment. The other rules are
 * completed by their own form (acknowledging the message, resuming the line,
 * sending the documentation). An sms-reply task from a number no record has is marked done
 * (outcome done, with a note): there is no record to note a call on.
 */
export async function completeTask(ctx: Ctx, id: string, input: CompleteTaskInput): Promise<TaskView> {
  authorize(ctx.actor, "tasks.work");
  const { settings } = await readSettings(ctx.database.db);
  const now = ctx.clock.now();
  return ctx.database.db.transaction(async (tx) => {
    const row = await lockTask(tx, id);
    await assertWorkable(tx, ctx, row, input, settings.timeZone);
    const rule = row.rule as RuleId;
    if (!CALL_RULES.includes(rule)) throw fieldError("task_completed_by_its_form", "outcome");
    const outcome = input.outcome;
    if ((rule === "sms-reply" || rule === "survey-low-score") && !row.personId) {
      // A reply from a number no record has: whatever reception did, there is no record to note it on.
      if (outcome !== "done") throw fieldError("task_without_record_done_only", "outcome");
      await completeTasksForSource(tx, ctx.clock, ctx.actor, {
        rule,
        sourceType: rule === "sms-reply" ? "sms_reply" : "survey_response",
        sourceId: row.sourceId,
        outcome,
        note: input.note ?? null,
      });
      return loadTaskView(tx, id, { asOf: now, settings });
    }
    if (outcome === "done") throw fieldError("task_call_outcome_required", "outcome");
    refuseSurvey(input.survey);
    const details = input.interaction;
    checkRequestTypes(settings, details?.requestTypes ?? []);
    if (!row.personId) throw fieldError("unknown_person", "personId");
    const [person] = await tx.select().from(people).where(eq(people.id, row.personId)).for("update");
    if (!person) throw fieldError("unknown_person", "personId");
    if (person.mergedIntoId) throw fieldError("merged_record", "personId");

    const reached = outcome === "reached";
    const retryAt = reached ? null : retryTime(input.retryAt, now, settings);
    if (input.documentationRefused !== undefined && (rule !== "warm-48h" || !reached)) {
      throw fieldError("documentation_refused_not_expected", "documentationRefused");
    }
    const documentsSent = details?.documentsSent ?? [];
    const declined = rule === "warm-48h" && reached && documentsSent.length === 0 && input.documentationRefused;
    const before = await loadTaskView(tx, id, { asOf: now, settings });
    const note = input.note?.trim() || null;
    const comment = interactionComment(rule, details?.comment?.trim() || note);
    const interaction = await insertInteraction(tx, ctx.clock, ctx.actor, {
      personId: person.id,
      occurredAt: now,
      recordedAt: now,
      channel: details?.channel ?? "phone_out",
      motive: null,
      requestTypes: [...new Set(details?.requestTypes ?? [])],
      comment: declined ? [comment, DOCUMENTATION_DECLINED].filter(Boolean).join("\n") : comment,
      documentsSent,
      documentsRequested: rule === "warm-48h" && reached && documentsSent.length === 0 && !declined,
      outcome: OUTCOME_TEXT[outcome],
      reached,
    });
    if (retryAt) {
      await tx
        .update(followUpTasks)
        .set({ dueAt: retryAt, version: sql`${followUpTasks.version} + 1` })
        .where(eq(followUpTasks.id, id));
      const after = await loadTaskView(tx, id, { asOf: now, settings });
      await recordAudit(tx, ctx.clock, ctx.actor, {
        action: "task.attempt",
        entityType: "task",
        entityId: id,
        before: { dueAt: before.dueAt, version: before.version },
        after: {
          outcome,
          outcomeNote: note,
          dueAt: after.dueAt,
          interactionId: interaction.id,
          version: after.version,
        },
      });
      return after;
    }
    await tx
      .update(followUpTasks)
      .set({
        status: "done",
        closedAt: now,
        closedBy: ctx.actor.type === "user" ? ctx.actor.id : null,
        outcome,
        outcomeNote: note,
        completionInteractionId: interaction.id,
        version: sql`${followUpTasks.version} + 1`,
      })
      .where(eq(followUpTasks.id, id));
    const after = await loadTaskView(tx, id, { asOf: now, settings });
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "task.complete",
      entityType: "task",
      entityId: id,
      before: auditTask(before),
      after: auditTask(after),
    });
    return after;
  });
}

/** What the interaction of warm-48h's qualifying call says when the prospect declined the documentation. */
const DOCUMENTATION_DECLINED = "Documentation proposée, déclinée par la personne.";

/** The retry time of an unreached call: the one given (ahead, within RETRY_MAX_DAYS), or the default. */
function retryTime(given: string | undefined, now: Date, settings: Settings): Date {
  if (given === undefined) return retryTimeAfter(now, businessCalendarOf(settings));
  const at = new Date(given);
  if (at.getTime() <= now.getTime()) throw fieldError("task_retry_in_past", "retryAt");
  if (at.getTime() > now.getTime() + RETRY_MAX_DAYS * 24 * HOUR_MS) throw fieldError("task_retry_too_far", "retryAt");
  return at;
}

/**
 * The 72 h survey is answered in its own form (POST /api/surveys/responses, docs/SURVEYS.md), stored apart
 * from the task so that an anonymous answer keeps no link to her: one sent here is refused, naming the field.
 */
function refuseSurvey(survey: CompleteTaskInput["survey"]) {
  if (survey !== undefined && survey !== null) throw fieldError("survey_moved", "survey");
}

function checkRequestTypes(settings: Settings, codes: string[]) {
  const unknown: FieldIssue[] = codes
    .map((code, i) => ({ code, i }))
    .filter(({ code }) => !settings.requestTypes.some((r) => r.code === code))
    .map(({ code, i }) => ({
      field: `interaction.requestTypes.${i}`,
      location: "body",
      message: `type de demande inconnu (« ${code} »)`,
    }));
  if (unknown.length) throw new AppError(422, "unknown_request_type", { details: { issues: unknown } });
}

/** The comment of the interaction recording the call. */
export function interactionComment(rule: RuleId, comment: string | null): string | null {
  let text = comment ?? "";
  if (rule === "recall-7d" && !text.toUpperCase().includes(RECALL_COMMENT)) {
    text = text ? `${RECALL_COMMENT} – ${text}` : RECALL_COMMENT;
  }
  return text || null;
}
