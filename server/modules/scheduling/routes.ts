import { z } from "zod";
import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { createPractitioner, listPractitioners, updatePractitioner } from "./practitioners.ts";
import { createRoom, listRooms, updateRoom } from "./rooms.ts";
import {
  clinicServiceSchema,
  createPractitionerInput,
  createRoomInput,
  createServiceInput,
  practitionerSchema,
  roomSchema,
  roomsQuery,
  schedulingIdParams,
  updatePractitionerInput,
  updateRoomInput,
  updateServiceInput,
} from "./scheduling.schema.ts";
import { createClinicService, listClinicServicesForAdmin, updateClinicService } from "./services.ts";

/** Rooms, practitioners and the clinic's services: read by everyone who reads appointments, kept by an admin. */
export const schedulingRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);
  const read = { access: "appointments.read" } as const;
  const manage = { access: "scheduling.manage" } as const;
  const tags = ["scheduling"];

  r.get(
    "/api/rooms",
    { config: read, schema: { tags, querystring: roomsQuery, response: { 200: z.array(roomSchema) } } },
    (request) => listRooms(ctxOf(services, request), request.query),
  );
  r.post(
    "/api/rooms",
    { config: manage, schema: { tags, body: createRoomInput, response: { 201: roomSchema } } },
    async (request, reply) => reply.status(201).send(await createRoom(ctxOf(services, request), request.body)),
  );
  r.patch(
    "/api/rooms/:id",
    {
      config: manage,
      schema: { tags, params: schedulingIdParams, body: updateRoomInput, response: { 200: roomSchema } },
    },
    (request) => updateRoom(ctxOf(services, request), request.params.id, request.body),
  );

  r.get(
    "/api/practitioners",
    { config: read, schema: { tags, response: { 200: z.array(practitionerSchema) } } },
    (request) => listPractitioners(ctxOf(services, request)),
  );
  r.post(
    "/api/practitioners",
    { config: manage, schema: { tags, body: createPractitionerInput, response: { 201: practitionerSchema } } },
    async (request, reply) => reply.status(201).send(await createPractitioner(ctxOf(services, request), request.body)),
  );
  r.patch(
    "/api/practitioners/:id",
    {
      config: manage,
      schema: {
        tags,
        params: schedulingIdParams,
        body: updatePractitionerInput,
        response: { 200: practitionerSchema },
      },
    },
    (request) => updatePractitioner(ctxOf(services, request), request.params.id, request.body),
  );

  r.get(
    "/api/scheduling/services",
    {
      config: manage,
      schema: {
        tags,
        summary: "Every service, inactive ones too (the admin's list; the desk reads GET /api/services)",
        response: { 200: z.array(clinicServiceSchema) },
      },
    },
    (request) => listClinicServicesForAdmin(ctxOf(services, request)),
  );
  r.post(
    "/api/services",
    { config: manage, schema: { tags, body: createServiceInput, response: { 201: clinicServiceSchema } } },
    async (request, reply) => reply.status(201).send(await createClinicService(ctxOf(services, request), request.body)),
  );
  r.patch(
    "/api/services/:id",
    {
      config: manage,
      schema: { tags, params: schedulingIdParams, body: updateServiceInput, response: { 200: clinicServiceSchema } },
    },
    (request) => updateClinicService(ctxOf(services, request), request.params.id, request.body),
  );
};
