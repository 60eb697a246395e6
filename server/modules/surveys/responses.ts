import { eq } from "drizzle-orm";
import {
  isLowScore,
  SURVEY_LIMITS,
  type SurveyChannel,
  type SurveyKind,
  type SurveyQuestion,
} from "../../../shared/surveys.ts";
import { authorize } from "../../authorize.ts";
import { clinicDay } from "../../clinic-calendar.ts";
import type { Clock } from "../../clock.ts";
import type { Actor, Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { clinicServices, people, surveyResponses } from "../../db/schema/index.ts";
import { type AppError, fieldError, notFound } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import { currentForm, formVersion } from "./forms.ts";
import type { RecordResponseInput, SurveyResponseView } from "./survey.schema.ts";

export interface CheckedAnswers {
  scores: Record<string, number>;
  nps: number | null;
  comment: string | null;
}

/**
 * The answers checked against the questions of the version answered: a score is an integer 1–5, the
 * NPS 0–10, a comment text; a required question left blank, an unknown code, a bad value is the error
 * of that field (`answers.<code>`). Blank (null, "") is « sans réponse ».
 */
export function checkAnswers(
  questions: readonly SurveyQuestion[],
  answers: Record<string, unknown>,
): { ok: CheckedAnswers } | { error: AppError } {
  const known = new Set(questions.map((q) => q.code));
  const unknown = Object.keys(answers).find((code) => !known.has(code));
  if (unknown !== undefined) return { error: fieldError("survey_unknown_question", `answers.${unknown}`) };
  const checked: CheckedAnswers = { scores: {}, nps: null, comment: null };
  for (const q of questions) {
    const raw = answers[q.code];
    const blank = raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "");
    if (q.type === "comment") {
      if (blank) continue;
      if (typeof raw !== "string" || raw.trim().length > SURVEY_LIMITS.commentMax) {
        return { error: fieldError("survey_answer_invalid", `answers.${q.code}`) };
      }
      checked.comment = raw.trim();
      continue;
    }
    if (blank) {
      if (q.required) return { error: fieldError("survey_answer_missing", `answers.${q.code}`) };
      continue;
    }
    const value = typeof raw === "string" && /^\d{1,2}$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    const [min, max] = q.type === "nps" ? [0, 10] : [1, 5];
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      return { error: fieldError("survey_answer_invalid", `answers.${q.code}`) };
    }
    if (q.type === "nps") checked.nps = value;
    else checked.scores[q.code] = value;
  }
  return { ok: checked };
}

export interface NewResponse {
  kind: SurveyKind;
  formVersion: number;
  channel: SurveyChannel;
  anonymous: boolean;
  personId: string | null;
  site: string | null;
  serviceId: string | null;
  answers: CheckedAnswers;
}

/**
 * Stores one answer and its audit event. An anonymous one names nobody, and its audit event carries
 * neither the answer's id nor its content: nothing in the audit log leads from the person (a task
 * completed, an invitation) to what she answered.
 */
export async function insertResponse(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  timeZone: string,
  response: NewResponse,
): Promise<SurveyResponseView> {
  const answeredOn = clinicDay(clock.now(), timeZone);
  const personId = response.anonymous ? null : response.personId;
  const lowScore = isLowScore(response.answers.scores, response.answers.nps);
  const [row] = await tx
    .insert(surveyResponses)
    .values({
      kind: response.kind,
      formVersion: response.formVersion,
      answeredOn,
      site: response.site,
      serviceId: response.serviceId,
      channel: response.channel,
      anonymous: response.anonymous,
      personId,
      scores: response.answers.scores,
      nps: response.answers.nps,
      comment: response.answers.comment,
      lowScore,
    })
    .returning({ id: surveyResponses.id });
  if (!row) throw new Error("insert returned no row");
  const summary = { kind: response.kind, answeredOn, site: response.site, channel: response.channel };
  await recordAudit(
    tx,
    clock,
    actor,
    response.anonymous
      ? { action: "survey_response.create", entityType: "survey_response", after: { ...summary, anonymous: true } }
      : {
          action: "survey_response.create",
          entityType: "survey_response",
          entityId: row.id,
          after: {
            ...summary,
            anonymous: false,
            personId,
            formVersion: response.formVersion,
            serviceId: response.serviceId,
            ...response.answers,
          },
        },
  );
  return {
    id: response.anonymous ? null : row.id,
    kind: response.kind,
    formVersion: response.formVersion,
    answeredOn,
    site: response.site,
    serviceId: response.serviceId,
    channel: response.channel,
    anonymous: response.anonymous,
    personId,
    lowScore,
  };
}

/**
 * A secretary records the answers given by phone, or the desk's tablet those the patient typed (DESIGN
 * §2). The version answered must be the one asked now (a questionnaire edited meanwhile is a 409 to
 * reload); nominative answers name the person, anonymous ones must not.
 */
export async function recordResponse(ctx: Ctx, input: RecordResponseInput): Promise<SurveyResponseView> {
  authorize(ctx.actor, "surveys.answer");
  const { settings } = await readSettings(ctx.database.db);
  if (input.anonymous && input.personId) throw fieldError("survey_person_not_expected", "personId");
  if (!input.anonymous && !input.personId) throw fieldError("survey_person_required", "personId");
  const site = input.site ?? null;
  if (site !== null && !settings.sites.some((s) => s.code === site)) throw fieldError("survey_site_unknown", "site");
  const now = ctx.clock.now();
  return ctx.database.db.transaction(async (tx) => {
    const current = await currentForm(tx, input.kind, now);
    if (input.formVersion !== current.version) {
      const exists = await formVersion(tx, input.kind, input.formVersion);
      throw exists
        ? fieldError("survey_form_outdated", "formVersion", 409)
        : fieldError("survey_form_outdated", "formVersion");
    }
    const checked = checkAnswers(current.questions, input.answers);
    if ("error" in checked) throw checked.error;
    if (input.serviceId) {
      const [service] = await tx
        .select({ id: clinicServices.id })
        .from(clinicServices)
        .where(eq(clinicServices.id, input.serviceId));
      if (!service) throw fieldError("survey_service_unknown", "serviceId");
    }
    if (input.personId) {
      const [person] = await tx.select({ id: people.id }).from(people).where(eq(people.id, input.personId));
      if (!person) throw notFound("person");
    }
    return insertResponse(tx, ctx.clock, ctx.actor, settings.timeZone, {
      kind: input.kind,
      formVersion: current.version,
      channel: input.channel,
      anonymous: input.anonymous,
      personId: input.personId ?? null,
      site,
      serviceId: input.serviceId ?? null,
      answers: checked.ok,
    });
  });
}
