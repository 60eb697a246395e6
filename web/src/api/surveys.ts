import type {
  InvitationView,
  RecordResponseInput,
  SurveyFormView,
  SurveyResponseView,
  SurveyResults,
  SurveyResultsQuery,
  UpdateSurveyFormInput,
} from "../../../server/modules/surveys/survey.schema.ts";
import type { SurveyKind } from "../../../shared/surveys.ts";
import { api } from "./client.ts";

/** Satisfaction surveys (DESIGN §2): questionnaires, answers, personal links, results. */
export type {
  InvitationView,
  RecordResponseInput,
  SurveyFormView,
  SurveyResponseView,
  SurveyResults,
  SurveyResultsQuery,
};

export const surveyKeys = {
  forms: ["surveys", "forms"] as const,
  results: (query: SurveyResultsQuery) => ["surveys", "results", query] as const,
};

export const fetchSurveyForms = (signal?: AbortSignal) =>
  api<{ items: SurveyFormView[] }>("GET", "/api/surveys/forms", { signal });
export const updateSurveyForm = (kind: SurveyKind, body: UpdateSurveyFormInput) =>
  api<SurveyFormView>("PUT", `/api/surveys/forms/${kind}`, { body });
export const recordSurveyResponse = (body: RecordResponseInput) =>
  api<SurveyResponseView>("POST", "/api/surveys/responses", { body });
export const sendSurveyLink = (body: {
  personId: string;
  kind: SurveyKind;
  site?: string | null;
  sourceType?: string;
  sourceId?: string;
}) => api<InvitationView>("POST", "/api/surveys/invitations", { body });

const resultsQuery = (query: SurveyResultsQuery) => {
  const params = new URLSearchParams({ from: query.from, to: query.to });
  if (query.kind) params.set("kind", query.kind);
  if (query.site) params.set("site", query.site);
  if (query.serviceId) params.set("serviceId", query.serviceId);
  return params.toString();
};
export const fetchSurveyResults = (query: SurveyResultsQuery, signal?: AbortSignal) =>
  api<SurveyResults>("GET", `/api/surveys/results?${resultsQuery(query)}`, { signal });
export const surveyResultsXlsxUrl = (query: SurveyResultsQuery) => `/api/surveys/results.xlsx?${resultsQuery(query)}`;
