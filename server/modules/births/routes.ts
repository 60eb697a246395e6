import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import {
  deliveryListSchema,
  deliveryParams,
  deliverySchema,
  dischargeInput,
  guestBookInput,
  guestBookListSchema,
  guestBookQuery,
  motherParams,
  pregnancyCallParams,
  preparationCallInput,
  preparationCallResult,
  preparationCallSchema,
  recordDeliveryInput,
} from "./births.schema.ts";
import { dischargeDelivery, listDeliveries, recordDelivery } from "./deliveries.ts";
import { addGuestBookEntry, listGuestBook } from "./guest-book.ts";
import { getPreparationCall, recordPreparationCall } from "./preparation-call.ts";

/** The birth of procedure 5: the 36 SA call's checklist, deliveries and babies, discharge, the guest book. */
export const birthRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);
  const read = { access: "people.read" } as const;
  const write = { access: "pathways.write" } as const;
  const tags = ["pathways"];

  r.get(
    "/api/patients/:id/pathways/:pathwayId/preparation-call",
    {
      config: read,
      schema: {
        tags,
        summary: "The 36 SA call's checklist of a pregnancy (null while not recorded)",
        params: pregnancyCallParams,
        response: { 200: preparationCallResult },
      },
    },
    (request) => getPreparationCall(ctxOf(services, request), request.params.id, request.params.pathwayId),
  );
  r.put(
    "/api/patients/:id/pathways/:pathwayId/preparation-call",
    {
      config: write,
      schema: {
        tags,
        summary: "Record the 36 SA call's checklist (marks the week-36 task done), or correct it at its version",
        params: pregnancyCallParams,
        body: preparationCallInput,
        response: { 200: preparationCallSchema },
      },
    },
    (request) =>
      recordPreparationCall(ctxOf(services, request), request.params.id, request.params.pathwayId, request.body),
  );
  r.get(
    "/api/patients/:id/deliveries",
    {
      config: read,
      schema: {
        tags,
        summary: "A mother's deliveries with their babies and guest book entries",
        params: motherParams,
        response: { 200: deliveryListSchema },
      },
    },
    (request) => listDeliveries(ctxOf(services, request), request.params.id),
  );
  r.post(
    "/api/patients/:id/deliveries",
    {
      config: write,
      schema: {
        tags,
        summary: "Record a delivery: the pregnancy ends, postpartum starts, each baby becomes a patient in paediatrics",
        params: motherParams,
        body: recordDeliveryInput,
        response: { 201: deliverySchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordDelivery(ctxOf(services, request), request.params.id, request.body)),
  );
  r.post(
    "/api/deliveries/:deliveryId/discharge",
    {
      config: write,
      schema: {
        tags,
        summary: "Record or correct the discharge day (the 10-day call follows it)",
        params: deliveryParams,
        body: dischargeInput,
        response: { 200: deliverySchema },
      },
    },
    (request) => dischargeDelivery(ctxOf(services, request), request.params.deliveryId, request.body),
  );
  r.post(
    "/api/deliveries/:deliveryId/guest-book",
    {
      config: { access: "people.write" },
      schema: {
        tags,
        summary: "Add what the mother wrote in the guest book, and whether it may be quoted",
        params: deliveryParams,
        body: guestBookInput,
        response: { 201: deliverySchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addGuestBookEntry(ctxOf(services, request), request.params.deliveryId, request.body)),
  );
  r.get(
    "/api/guest-book",
    {
      config: read,
      schema: {
        tags,
        summary: "The guest book, newest first; quotable=true keeps what may be quoted",
        querystring: guestBookQuery,
        response: { 200: guestBookListSchema },
      },
    },
    (request) => listGuestBook(ctxOf(services, request), request.query),
  );
};
