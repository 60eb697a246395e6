import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { correctPregnancyDates } from "./correct-pregnancy-dates.ts";
import { endPathway } from "./end-pathway.ts";
import { listPathways } from "./list-pathways.ts";
import {
  correctPregnancyInput,
  endPathwayInput,
  pathwayListSchema,
  pathwayParams,
  pathwaySchema,
  patientPathwaysParams,
  startPathwayInput,
} from "./pathway.schema.ts";
import { startPathway } from "./start-pathway.ts";

export const pathwayRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);
  const read = { access: "people.read" } as const;
  const write = { access: "pathways.write" } as const;
  const tags = ["pathways"];

  r.get(
    "/api/patients/:id/pathways",
    {
      config: read,
      schema: {
        tags,
        summary: "A patient's pathways, open ones first; a pregnancy with its SA and milestones as of today",
        params: patientPathwaysParams,
        response: { 200: pathwayListSchema },
      },
    },
    (request) => listPathways(ctxOf(services, request), request.params.id),
  );
  r.post(
    "/api/patients/:id/pathways",
    {
      config: write,
      schema: {
        tags,
        summary: "Start a pathway; a pregnancy needs its DDR or DPA; 409 pathway_already_open",
        params: patientPathwaysParams,
        body: startPathwayInput,
        response: { 201: pathwaySchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await startPathway(ctxOf(services, request), request.params.id, request.body)),
  );
  r.post(
    "/api/patients/:id/pathways/:pathwayId/end",
    {
      config: write,
      schema: {
        tags,
        summary: "Close an open pathway with its exit reason",
        params: pathwayParams,
        body: endPathwayInput,
        response: { 200: pathwaySchema },
      },
    },
    (request) => endPathway(ctxOf(services, request), request.params.id, request.params.pathwayId, request.body),
  );
  r.patch(
    "/api/patients/:id/pathways/:pathwayId",
    {
      config: write,
      schema: {
        tags,
        summary: "Correct an open pregnancy's DDR or DPA",
        params: pathwayParams,
        body: correctPregnancyInput,
        response: { 200: pathwaySchema },
      },
    },
    (request) =>
      correctPregnancyDates(ctxOf(services, request), request.params.id, request.params.pathwayId, request.body),
  );
};
