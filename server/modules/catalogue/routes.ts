import { z } from "zod";
import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { findOffers } from "./find-offers.ts";
import { listOffers } from "./list-offers.ts";
import {
  createOfferInput,
  finderQuery,
  finderResultSchema,
  listOffersQuery,
  offerIdParams,
  offerSchema,
  updateOfferInput,
} from "./offer.schema.ts";
import { createOffer, updateOffer } from "./save-offer.ts";

const read = { access: "catalogue.read" } as const;
const write = { access: "catalogue.write" } as const;

export const catalogueRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);

  r.get(
    "/api/offers",
    {
      config: read,
      schema: {
        tags: ["catalogue"],
        summary: "The catalogue (LUTIN): offers with their prices by profile",
        querystring: listOffersQuery,
        response: { 200: z.array(offerSchema) },
      },
    },
    (request) => listOffers(ctxOf(services, request), request.query),
  );

  r.get(
    "/api/offers/finder",
    {
      config: read,
      schema: {
        tags: ["catalogue"],
        summary: "Active offers with the prices matching a caller's profile, the clinic's objectives first",
        querystring: finderQuery,
        response: { 200: finderResultSchema },
      },
    },
    (request) => findOffers(ctxOf(services, request), request.query),
  );

  r.post(
    "/api/offers",
    {
      config: write,
      schema: { tags: ["catalogue"], body: createOfferInput, response: { 201: offerSchema } },
    },
    async (request, reply) => reply.status(201).send(await createOffer(ctxOf(services, request), request.body)),
  );

  r.patch(
    "/api/offers/:id",
    {
      config: write,
      schema: {
        tags: ["catalogue"],
        summary: "Edits an offer; `prices`, when given, replaces its price list (prices sent with their id are kept)",
        params: offerIdParams,
        body: updateOfferInput,
        response: { 200: offerSchema },
      },
    },
    (request) => updateOffer(ctxOf(services, request), request.params.id, request.body),
  );
};
