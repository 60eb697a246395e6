import { and, desc, eq } from "drizzle-orm";
import { toIso } from "../../../shared/schemas.ts";
import {
  DEFAULT_SURVEY_QUESTIONS,
  SURVEY_KINDS,
  type SurveyKind,
  type SurveyQuestion,
} from "../../../shared/surveys.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { surveyForms } from "../../db/schema/index.ts";
import { fieldError, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { SurveyFormView, UpdateSurveyFormInput } from "./survey.schema.ts";

type FormRow = typeof surveyForms.$inferSelect;

/**
 * The questionnaire asked now for a kind: its newest version. Before any is stored, version 1 is the
 * one Relais ships with, written on first use so that every answer names a stored version.
 */
export async function currentForm(executor: Executor, kind: SurveyKind, now: Date): Promise<FormRow> {
  const [row] = await executor
    .select()
    .from(surveyForms)
    .where(eq(surveyForms.kind, kind))
    .orderBy(desc(surveyForms.version))
    .limit(1);
  if (row) return row;
  await executor
    .insert(surveyForms)
    .values({ kind, version: 1, questions: DEFAULT_SURVEY_QUESTIONS[kind], createdAt: now })
    .onConflictDoNothing();
  const [stored] = await executor
    .select()
    .from(surveyForms)
    .where(and(eq(surveyForms.kind, kind), eq(surveyForms.version, 1)));
  if (!stored) throw new Error("survey form not stored");
  return stored;
}

export async function formVersion(executor: Executor, kind: SurveyKind, version: number) {
  const [row] = await executor
    .select()
    .from(surveyForms)
    .where(and(eq(surveyForms.kind, kind), eq(surveyForms.version, version)));
  return row;
}

export const presentForm = (row: FormRow): SurveyFormView => ({
  kind: row.kind as SurveyKind,
  version: row.version,
  questions: row.questions,
  createdAt: toIso(row.createdAt),
});

/** Both questionnaires as asked now (everyone who fills one, at the desk or by phone, reads them). */
export async function listForms(ctx: Ctx): Promise<{ items: SurveyFormView[] }> {
  authorize(ctx.actor, "settings.read");
  const now = ctx.clock.now();
  const items = [];
  for (const kind of SURVEY_KINDS) items.push(presentForm(await currentForm(ctx.database.db, kind, now)));
  return { items };
}

/** What makes a questionnaire readable: distinct codes, at most one NPS and one comment, something to score. */
function checkQuestions(questions: readonly SurveyQuestion[]): void {
  const seen = new Set<string>();
  questions.forEach((q, index) => {
    if (seen.has(q.code)) throw fieldError("survey_code_duplicate", `questions.${index}.code`);
    seen.add(q.code);
  });
  const nps = questions.map((q, i) => [q, i] as const).filter(([q]) => q.type === "nps");
  if (nps.length > 1) throw fieldError("survey_one_nps", `questions.${nps[1]?.[1]}.type`);
  const comments = questions.map((q, i) => [q, i] as const).filter(([q]) => q.type === "comment");
  if (comments.length > 1) throw fieldError("survey_one_comment", `questions.${comments[1]?.[1]}.type`);
  if (!questions.some((q) => q.type !== "comment")) throw fieldError("survey_no_question", "questions");
}

/**
 * An admin edits a questionnaire: a new version, asked from now on; answers already given keep theirs.
 * Based on a version that is no longer the newest, it is refused (409).
 */
export async function updateForm(ctx: Ctx, kind: SurveyKind, input: UpdateSurveyFormInput): Promise<SurveyFormView> {
  authorize(ctx.actor, "settings.write");
  const questions = input.questions.map((q) => ({ ...q, required: q.type === "comment" ? false : q.required }));
  checkQuestions(questions);
  const now = ctx.clock.now();
  return ctx.database.db.transaction(async (tx) => {
    const current = await currentForm(tx, kind, now);
    if (current.version !== input.version) throw versionConflict(current.version);
    const [row] = await tx
      .insert(surveyForms)
      .values({
        kind,
        version: current.version + 1,
        questions,
        createdAt: now,
        createdBy: ctx.actor.type === "user" ? ctx.actor.id : null,
      })
      .onConflictDoNothing()
      .returning();
    // Two admins saving at once: the second finds the version taken.
    if (!row) throw versionConflict(current.version + 1);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "survey_form.update",
      entityType: "survey_form",
      entityId: null,
      before: { kind, version: current.version, questions: current.questions },
      after: { kind, version: row.version, questions },
    });
    return presentForm(row);
  });
}
