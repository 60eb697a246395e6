import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import {
  appointmentIdParams,
  appointmentPageSchema,
  appointmentSchema,
  bookAppointmentInput,
  cancelAppointmentInput,
  listAppointmentsQuery,
  planningQuery,
  planningSchema,
  updateAppointmentInput,
  versionInput,
} from "./appointment.schema.ts";
import { bookAppointment } from "./book-appointment.ts";
import { cancelAppointment, markAttended, markNoShow } from "./change-status.ts";
import { getAppointment, listAppointments } from "./list-appointments.ts";
import { getPlanning } from "./planning.ts";
import { updateAppointment } from "./update-appointment.ts";

export const appointmentRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);
  const read = { access: "appointments.read" } as const;
  const write = { access: "appointments.write" } as const;
  const tags = ["appointments"];

  r.get(
    "/api/appointments",
    { config: read, schema: { tags, querystring: listAppointmentsQuery, response: { 200: appointmentPageSchema } } },
    (request) => listAppointments(ctxOf(services, request), request.query),
  );
  r.post(
    "/api/appointments",
    {
      config: write,
      schema: {
        tags,
        summary: "Book an appointment; 409 appointment_clash lists the overlapped ones unless acceptClash",
        body: bookAppointmentInput,
        response: { 201: appointmentSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await bookAppointment(ctxOf(services, request), request.body)),
  );
  r.get(
    "/api/appointments/:id",
    { config: read, schema: { tags, params: appointmentIdParams, response: { 200: appointmentSchema } } },
    (request) => getAppointment(ctxOf(services, request), request.params.id),
  );
  r.patch(
    "/api/appointments/:id",
    {
      config: write,
      schema: {
        tags,
        summary: "Move or edit a scheduled appointment",
        params: appointmentIdParams,
        body: updateAppointmentInput,
        response: { 200: appointmentSchema },
      },
    },
    (request) => updateAppointment(ctxOf(services, request), request.params.id, request.body),
  );
  r.post(
    "/api/appointments/:id/cancel",
    {
      config: write,
      schema: { tags, params: appointmentIdParams, body: cancelAppointmentInput, response: { 200: appointmentSchema } },
    },
    (request) => cancelAppointment(ctxOf(services, request), request.params.id, request.body),
  );
  r.post(
    "/api/appointments/:id/attended",
    {
      config: write,
      schema: { tags, params: appointmentIdParams, body: versionInput, response: { 200: appointmentSchema } },
    },
    (request) => markAttended(ctxOf(services, request), request.params.id, request.body),
  );
  r.post(
    "/api/appointments/:id/no-show",
    {
      config: write,
      schema: { tags, params: appointmentIdParams, body: versionInput, response: { 200: appointmentSchema } },
    },
    (request) => markNoShow(ctxOf(services, request), request.params.id, request.body),
  );
  r.get(
    "/api/planning",
    {
      config: read,
      schema: {
        tags,
        summary: "The room occupancy planning of a site, day by day (clinic time zone)",
        querystring: planningQuery,
        response: { 200: planningSchema },
      },
    },
    (request) => getPlanning(ctxOf(services, request), request.query),
  );
};
