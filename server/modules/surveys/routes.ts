import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { listForms, updateForm } from "./forms.ts";
import { sendSurveyLink } from "./invitations.ts";
import { surveyPublicRoutes } from "./public-page.ts";
import { recordResponse } from "./responses.ts";
import { surveyResults, surveyResultsXlsx } from "./results.ts";
import {
  createInvitationInput,
  invitationSchema,
  recordResponseInput,
  surveyFormListSchema,
  surveyFormSchema,
  surveyKindParams,
  surveyResponseSchema,
  surveyResultsQuery,
  surveyResultsSchema,
  updateSurveyFormInput,
} from "./survey.schema.ts";

/** Satisfaction surveys (DESIGN §2, procedure 5): questionnaires, answers, personal links, results. */
export const surveyRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);
  const tags = ["surveys"];

  r.get(
    "/api/surveys/forms",
    {
      config: { access: "settings.read" },
      schema: {
        tags,
        summary: "The questionnaires asked now (newest version of each kind)",
        response: { 200: surveyFormListSchema },
      },
    },
    (request) => listForms(ctxOf(services, request)),
  );
  r.put(
    "/api/surveys/forms/:kind",
    {
      config: { access: "settings.write" },
      schema: {
        tags,
        summary: "Edit a questionnaire: a new version, asked from now on; 409 on a stale version",
        params: surveyKindParams,
        body: updateSurveyFormInput,
        response: { 200: surveyFormSchema },
      },
    },
    (request) => updateForm(ctxOf(services, request), request.params.kind, request.body),
  );
  r.post(
    "/api/surveys/responses",
    {
      config: { access: "surveys.answer" },
      schema: {
        tags,
        summary: "Record answers given by phone or at the desk; an anonymous answer names nobody",
        body: recordResponseInput,
        response: { 201: surveyResponseSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await recordResponse(ctxOf(services, request), request.body)),
  );
  r.post(
    "/api/surveys/invitations",
    {
      config: { access: "surveys.answer" },
      schema: {
        tags,
        summary: "Send a patient her personal survey link by SMS (single use, 14 days)",
        body: createInvitationInput,
        response: { 201: invitationSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await sendSurveyLink(ctxOf(services, request), request.body)),
  );
  r.get(
    "/api/surveys/results",
    {
      config: { access: "reports.read" },
      schema: {
        tags,
        summary: "Response rate, average per area, NPS and comments, per month, site and service",
        querystring: surveyResultsQuery,
        response: { 200: surveyResultsSchema },
      },
    },
    (request) => surveyResults(ctxOf(services, request), request.query),
  );
  r.get(
    "/api/surveys/results.xlsx",
    {
      config: { access: "reports.read" },
      schema: { tags, summary: "The survey results as XLSX", querystring: surveyResultsQuery },
    },
    async (request, reply) => {
      const buffer = await surveyResultsXlsx(ctxOf(services, request), request.query);
      return reply
        .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="enquetes-${request.query.from}-${request.query.to}.xlsx"`)
        .send(buffer);
    },
  );

  surveyPublicRoutes(app, services);
};
