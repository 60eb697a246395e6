import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import {
  countSegmentInput,
  createSegmentInput,
  deleteSegmentQuery,
  previewSegmentInput,
  segmentCountSchema,
  segmentListSchema,
  segmentParams,
  segmentPreviewSchema,
  segmentSchema,
  updateSegmentInput,
} from "./segment.schema.ts";
import {
  countSegment,
  createSegment,
  deleteSegment,
  getSegment,
  listSegments,
  previewSegment,
  updateSegment,
} from "./segments.ts";

/** Saved segments (issue 16): named filters over people, their live count and preview. */
export const segmentRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);
  const config = { access: "campaigns.manage" } as const;
  const tags = ["segments"];

  r.get(
    "/api/segments",
    { config, schema: { tags, summary: "The saved segments, by name", response: { 200: segmentListSchema } } },
    (request) => listSegments(ctxOf(services, request)),
  );
  r.post(
    "/api/segments",
    {
      config,
      schema: { tags, summary: "Save a segment", body: createSegmentInput, response: { 201: segmentSchema } },
    },
    async (request, reply) => reply.status(201).send(await createSegment(ctxOf(services, request), request.body)),
  );
  r.post(
    "/api/segments/count",
    {
      config,
      schema: {
        tags,
        summary: "How many people a filter selects today (the editor's live count)",
        body: countSegmentInput,
        response: { 200: segmentCountSchema },
      },
    },
    (request) => countSegment(ctxOf(services, request), request.body.filter),
  );
  r.post(
    "/api/segments/preview",
    {
      config,
      schema: {
        tags,
        summary: "The count and the first people of a filter, by name",
        body: previewSegmentInput,
        response: { 200: segmentPreviewSchema },
      },
    },
    (request) => previewSegment(ctxOf(services, request), request.body.filter, request.body.limit),
  );
  r.get(
    "/api/segments/:id",
    { config, schema: { tags, summary: "One segment", params: segmentParams, response: { 200: segmentSchema } } },
    (request) => getSegment(ctxOf(services, request), request.params.id),
  );
  r.patch(
    "/api/segments/:id",
    {
      config,
      schema: {
        tags,
        summary: "Rename a segment or change its filter, at the version read",
        params: segmentParams,
        body: updateSegmentInput,
        response: { 200: segmentSchema },
      },
    },
    (request) => updateSegment(ctxOf(services, request), request.params.id, request.body),
  );
  r.delete(
    "/api/segments/:id",
    {
      config,
      schema: {
        tags,
        summary: "Delete a segment at the version read (campaigns keep their copy of the filter)",
        params: segmentParams,
        querystring: deleteSegmentQuery,
      },
    },
    async (request, reply) => {
      await deleteSegment(ctxOf(services, request), request.params.id, request.query.version);
      return reply.status(204).send();
    },
  );
};
