import { z } from "zod";
import { isoDate, isoDateTime } from "../../../shared/schemas.ts";
import {
  SURVEY_CHANNELS,
  SURVEY_CODE,
  SURVEY_KINDS,
  SURVEY_LIMITS,
  SURVEY_QUESTION_TYPES,
} from "../../../shared/surveys.ts";

export const surveyKindParams = z.strictObject({ kind: z.enum(SURVEY_KINDS) });

export const surveyQuestionSchema = z.strictObject({
  code: z.string().regex(SURVEY_CODE, "code en minuscules sans espace ni accent (ex. accueil)"),
  type: z.enum(SURVEY_QUESTION_TYPES),
  label: z.string().trim().min(1).max(SURVEY_LIMITS.labelMax),
  required: z.boolean().default(false),
});

export const surveyFormSchema = z.object({
  kind: z.enum(SURVEY_KINDS),
  version: z.int(),
  questions: z.array(surveyQuestionSchema),
  createdAt: isoDateTime,
});
export type SurveyFormView = z.infer<typeof surveyFormSchema>;

export const surveyFormListSchema = z.object({ items: z.array(surveyFormSchema) });

export const updateSurveyFormInput = z.strictObject({
  /** The version edited: another admin's edit since is a 409. */
  version: z.int().min(1),
  questions: z.array(surveyQuestionSchema).min(1).max(SURVEY_LIMITS.questionsMax),
});
export type UpdateSurveyFormInput = z.infer<typeof updateSurveyFormInput>;

/** An answer as sent: a score, the NPS, or a comment (checked against the form version by the use case). */
const answerValue = z.union([z.number(), z.string().max(SURVEY_LIMITS.commentMax), z.null()]);

export const recordResponseInput = z.strictObject({
  kind: z.enum(SURVEY_KINDS),
  /** The questionnaire's version the answers were typed on. */
  formVersion: z.int().min(1),
  /** Staff record phone answers (by a secretary) and desk answers (the patient on a tablet). */
  channel: z.enum(["phone", "desk"]),
  /** The patient's choice: anonymous answers keep no link to her. */
  anonymous: z.boolean(),
  /** Nominative answers only. */
  personId: z.uuid().nullable().optional(),
  site: z.string().max(40).nullable().optional(),
  serviceId: z.uuid().nullable().optional(),
  answers: z.record(z.string().max(SURVEY_LIMITS.codeMax), answerValue),
});
export type RecordResponseInput = z.infer<typeof recordResponseInput>;

export const surveyResponseSchema = z.object({
  /** Null for an anonymous answer: nothing to find it again by. */
  id: z.uuid().nullable(),
  kind: z.enum(SURVEY_KINDS),
  formVersion: z.int(),
  answeredOn: isoDate,
  site: z.string().nullable(),
  serviceId: z.uuid().nullable(),
  channel: z.enum(SURVEY_CHANNELS),
  anonymous: z.boolean(),
  personId: z.uuid().nullable(),
  lowScore: z.boolean(),
});
export type SurveyResponseView = z.infer<typeof surveyResponseSchema>;

export const createInvitationInput = z.strictObject({
  personId: z.uuid(),
  kind: z.enum(SURVEY_KINDS),
  site: z.string().max(40).nullable().optional(),
  serviceId: z.uuid().nullable().optional(),
  /** What it is sent for (a task, an appointment, a discharge…), kept with the invitation. */
  sourceType: z.string().max(40).nullable().optional(),
  sourceId: z.string().max(80).nullable().optional(),
});
export type CreateInvitationInput = z.infer<typeof createInvitationInput>;

export const invitationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(SURVEY_KINDS),
  personId: z.uuid(),
  expiresAt: isoDateTime,
  sms: z.object({ id: z.uuid(), status: z.string(), reason: z.string().nullable() }),
});
export type InvitationView = z.infer<typeof invitationSchema>;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "mois attendu au format AAAA-MM");

export const surveyResultsQuery = z.strictObject({
  from: month,
  to: month,
  kind: z.enum(SURVEY_KINDS).optional(),
  site: z.string().max(40).optional(),
  serviceId: z.uuid().optional(),
});
export type SurveyResultsQuery = z.infer<typeof surveyResultsQuery>;

const figures = z.object({
  responses: z.int(),
  /** Invitations sent plus 72 h call tasks of the period (the surveys asked). */
  asked: z.int(),
  /** Answers by link or phone / asked, in %, rounded (desk answers were not asked); null when nothing was asked. */
  responseRate: z.number().nullable(),
  /** Average per area (1–5, two decimals), by area code. */
  areas: z.record(z.string(), z.number().nullable()),
  /** Promoters (9–10) minus detractors (0–6), in %; null without NPS answers. */
  nps: z.number().nullable(),
  npsAnswers: z.int(),
  lowScores: z.int(),
});

export const surveyResultsSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** The areas of the questionnaires, code and label (the newest label). */
  areas: z.array(z.object({ code: z.string(), label: z.string() })),
  total: figures,
  months: z.array(figures.extend({ month: z.string() })),
  bySite: z.array(figures.extend({ site: z.string().nullable(), label: z.string() })),
  byService: z.array(figures.extend({ serviceId: z.string().nullable(), label: z.string() })),
  comments: z.array(
    z.object({
      answeredOn: z.string(),
      kind: z.enum(SURVEY_KINDS),
      site: z.string().nullable(),
      anonymous: z.boolean(),
      comment: z.string(),
    }),
  ),
});
export type SurveyResults = z.infer<typeof surveyResultsSchema>;
