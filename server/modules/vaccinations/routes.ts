import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { correctDose, recordDose, removeDose } from "./doses.ts";
import { getVaccinationCalendar } from "./get-calendar.ts";
import { getVaccinationPdf, sendVaccinationCalendar } from "./send-calendar.ts";
import {
  childParams,
  correctDoseInput,
  doseParams,
  givenDoseSchema,
  recordDoseInput,
  removeDoseInput,
  sendCalendarResultSchema,
  vaccinationCalendarSchema,
} from "./vaccination.schema.ts";

export const vaccinationRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);
  const read = { access: "people.read" } as const;
  const write = { access: "pathways.write" } as const;
  const tags = ["vaccinations"];

  r.get(
    "/api/patients/:id/vaccinations",
    {
      config: read,
      schema: {
        tags,
        summary: "A child's vaccination calendar as of the clinic's today; 422 naming birthDate without one",
        params: childParams,
        response: { 200: vaccinationCalendarSchema },
      },
    },
    (request) => getVaccinationCalendar(ctxOf(services, request), request.params.id),
  );
  r.post(
    "/api/patients/:id/vaccinations/doses",
    {
      config: write,
      schema: {
        tags,
        summary: "Record a dose given (at NEST or elsewhere); 409 vaccination_dose_already_recorded",
        params: childParams,
        body: recordDoseInput,
        response: { 201: givenDoseSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordDose(ctxOf(services, request), request.params.id, request.body)),
  );
  r.patch(
    "/api/patients/:id/vaccinations/doses/:doseId",
    {
      config: write,
      schema: {
        tags,
        summary: "Correct a recorded dose's day, place or note",
        params: doseParams,
        body: correctDoseInput,
        response: { 200: givenDoseSchema },
      },
    },
    (request) => correctDose(ctxOf(services, request), request.params.id, request.params.doseId, request.body),
  );
  r.delete(
    "/api/patients/:id/vaccinations/doses/:doseId",
    {
      config: write,
      schema: { tags, summary: "Remove a dose recorded by mistake", params: doseParams, body: removeDoseInput },
    },
    async (request, reply) => {
      await removeDose(ctxOf(services, request), request.params.id, request.params.doseId, request.body.version);
      return reply.status(204).send();
    },
  );
  r.get(
    "/api/patients/:id/vaccinations.pdf",
    {
      config: read,
      schema: { tags, summary: "The child's calendar as a PDF for the parents (application/pdf)", params: childParams },
    },
    async (request, reply) => {
      const { fileName, content } = await getVaccinationPdf(ctxOf(services, request), request.params.id);
      return reply
        .type("application/pdf")
        .header("content-disposition", `inline; filename="${fileName}"`)
        .send(content);
    },
  );
  r.post(
    "/api/patients/:id/vaccinations/send",
    {
      config: { access: "mail.send" },
      schema: {
        tags,
        summary: "E-mail the calendar PDF to the child's or the mother's address (outbox), recorded as an interaction",
        params: childParams,
        response: { 200: sendCalendarResultSchema },
      },
    },
    (request) => sendVaccinationCalendar(ctxOf(services, request), request.params.id),
  );
};
