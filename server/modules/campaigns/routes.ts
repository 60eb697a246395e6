import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import {
  audienceView,
  campaignListView,
  campaignParams,
  campaignRunView,
  campaignView,
  cancelCampaignInput,
  createCampaignInput,
  pasteTextView,
  previewView,
  recipientsQuery,
  recipientsView,
  runCampaignsInput,
  scheduleCampaignInput,
  testSendInput,
  testSendView,
  updateCampaignInput,
} from "./campaign.schema.ts";
import {
  campaignAudience,
  campaignPasteText,
  listRecipients,
  previewCampaign,
  runCampaignsNow,
  testCampaign,
} from "./campaign-tools.ts";
import {
  cancelCampaign,
  createCampaign,
  getCampaign,
  listCampaigns,
  scheduleCampaign,
  updateCampaign,
} from "./manage-campaigns.ts";
import { campaignPublicRoutes } from "./public-page.ts";

/** Newsletters and offers by e-mail and SMS (procedure 5): campaigns, their audience, sending, figures. */
export const campaignRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);
  const config = { access: "campaigns.manage" } as const;
  const tags = ["campaigns"];

  r.get("/api/campaigns", { config, schema: { tags, response: { 200: campaignListView } } }, (request) =>
    listCampaigns(ctxOf(services, request)),
  );
  r.post(
    "/api/campaigns",
    { config, schema: { tags, body: createCampaignInput, response: { 201: campaignView } } },
    async (request, reply) => reply.status(201).send(await createCampaign(ctxOf(services, request), request.body)),
  );
  r.post(
    "/api/campaigns/run",
    {
      config: { access: "mail.manage" },
      schema: {
        tags,
        summary: "Start the campaigns due and hand what is due to the outboxes, now",
        body: runCampaignsInput,
        response: { 200: campaignRunView },
      },
    },
    (request) => runCampaignsNow(ctxOf(services, request), request.body.asOf),
  );
  r.get(
    "/api/campaigns/:id",
    { config, schema: { tags, params: campaignParams, response: { 200: campaignView } } },
    (request) => getCampaign(ctxOf(services, request), request.params.id),
  );
  r.patch(
    "/api/campaigns/:id",
    { config, schema: { tags, params: campaignParams, body: updateCampaignInput, response: { 200: campaignView } } },
    (request) => updateCampaign(ctxOf(services, request), request.params.id, request.body),
  );
  r.post(
    "/api/campaigns/:id/audience",
    {
      config,
      schema: { tags, summary: "Who it would reach if sent now", params: campaignParams, response: { 200: audienceView } },
    },
    (request) => campaignAudience(ctxOf(services, request), request.params.id),
  );
  r.post(
    "/api/campaigns/:id/preview",
    { config, schema: { tags, params: campaignParams, response: { 200: previewView } } },
    (request) => previewCampaign(ctxOf(services, request), request.params.id),
  );
  r.post(
    "/api/campaigns/:id/test",
    {
      config,
      schema: {
        tags,
        summary: "A test send to oneself, « [TEST] », not counted",
        params: campaignParams,
        body: testSendInput,
        response: { 200: testSendView },
      },
    },
    (request) => testCampaign(ctxOf(services, request), request.params.id, request.body),
  );
  r.post(
    "/api/campaigns/:id/schedule",
    {
      config,
      schema: { tags, params: campaignParams, body: scheduleCampaignInput, response: { 200: campaignView } },
    },
    (request) => scheduleCampaign(ctxOf(services, request), request.params.id, request.body),
  );
  r.post(
    "/api/campaigns/:id/cancel",
    { config, schema: { tags, params: campaignParams, body: cancelCampaignInput, response: { 200: campaignView } } },
    (request) => cancelCampaign(ctxOf(services, request), request.params.id, request.body),
  );
  r.get(
    "/api/campaigns/:id/recipients",
    {
      config,
      schema: { tags, params: campaignParams, querystring: recipientsQuery, response: { 200: recipientsView } },
    },
    (request) => listRecipients(ctxOf(services, request), request.params.id, request.query),
  );
  r.get(
    "/api/campaigns/:id/paste-text",
    { config, schema: { tags, params: campaignParams, response: { 200: pasteTextView } } },
    (request) => campaignPasteText(ctxOf(services, request), request.params.id),
  );
  campaignPublicRoutes(app, services);
};
