import { z } from "zod";
import { exportPermission } from "../../../shared/permissions.ts";
import { ctxOf } from "../../http/access.ts";
import { fastSerializerCompiler } from "../../http/fast-serializer.ts";
import { idempotencyHeaders, withIdempotency } from "../../http/idempotency.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { createInteractionInput, interactionSchema } from "../interactions/interaction.schema.ts";
import { createInteraction, listInteractions } from "../interactions/interactions.ts";
import { changeTemperature } from "./change-temperature.ts";
import { checkDuplicates } from "./check-duplicates.ts";
import { createPatient, createProspect } from "./create-person.ts";
import { exportPeople } from "./export-people.ts";
import { getPerson } from "./get-person.ts";
import { exportQuery, listPageSchema, listQuery } from "./list.schema.ts";
import { listPeople } from "./list-people.ts";
import { lookup } from "./lookup.ts";
import { mergeProspects } from "./merge-prospects.ts";
import {
  changeTemperatureInput,
  convertInput,
  createPatientInput,
  createProspectInput,
  duplicateMatchSchema,
  duplicatesQuery,
  lookupQuery,
  lookupResultSchema,
  mergeInput,
  personIdParams,
  personSchema,
  suggestionsQuery,
  suggestionsSchema,
  updatePatientInput,
  updateProspectInput,
} from "./person.schema.ts";
import { convertProspect, suggestConversions } from "./reconcile.ts";
import type { PersonKind } from "./records.ts";
import { updatePerson } from "./update-person.ts";

const read = { access: "people.read" } as const;
const write = { access: "people.write" } as const;

const createdSchema = z.object({ person: personSchema, duplicates: z.array(duplicateMatchSchema) });
const personWithHistory = personSchema.extend({
  temperatureHistory: z.array(
    z.object({
      fromTemperature: z.string().nullable(),
      toTemperature: z.string(),
      changedAt: z.string(),
      reason: z.string().nullable(),
      changedBy: z.string().nullable(),
    }),
  ),
  statusHistory: z.array(z.object({ at: z.string(), status: z.string() })),
});

export const peopleRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);

  r.get(
    "/api/lookup",
    {
      config: read,
      schema: { tags: ["people"], querystring: lookupQuery, response: { 200: lookupResultSchema } },
      // At every key stroke of every receptionist: written by fast-json-stringify, not validated by zod.
      serializerCompiler: fastSerializerCompiler,
    },
    (request) => lookup(ctxOf(services, request), request.query),
  );

  r.get(
    "/api/duplicates",
    {
      config: read,
      schema: {
        tags: ["people"],
        querystring: duplicatesQuery,
        response: { 200: z.object({ matches: z.array(duplicateMatchSchema) }) },
      },
    },
    (request) => checkDuplicates(ctxOf(services, request), request.query),
  );

  r.post(
    "/api/prospects",
    {
      config: write,
      schema: {
        tags: ["people"],
        headers: idempotencyHeaders,
        body: createProspectInput,
        response: { 201: createdSchema },
      },
    },
    (request, reply) => withIdempotency(services, request, reply, 201, (ctx) => createProspect(ctx, request.body)),
  );

  r.post(
    "/api/patients",
    {
      config: write,
      schema: {
        tags: ["people"],
        headers: idempotencyHeaders,
        body: createPatientInput,
        response: { 201: createdSchema },
      },
    },
    (request, reply) => withIdempotency(services, request, reply, 201, (ctx) => createPatient(ctx, request.body)),
  );

  for (const kind of ["prospect", "patient"] as const satisfies PersonKind[]) {
    const base = `/api/${kind}s`;
    r.get(
      base,
      { config: read, schema: { tags: ["people"], querystring: listQuery, response: { 200: listPageSchema } } },
      (request) => listPeople(ctxOf(services, request), kind, request.query),
    );
    r.get(
      `${base}/export`,
      {
        config: { access: exportPermission(kind) },
        schema: { tags: ["people"], summary: "The current view of the list as XLSX or CSV", querystring: exportQuery },
      },
      async (request, reply) => {
        const { filename, stream } = await exportPeople(ctxOf(services, request), kind, request.query);
        const type =
          request.query.format === "csv"
            ? "text/csv; charset=utf-8"
            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        return reply.type(type).header("content-disposition", `attachment; filename="${filename}"`).send(stream);
      },
    );
    r.get(
      `${base}/:id`,
      { config: read, schema: { tags: ["people"], params: personIdParams, response: { 200: personWithHistory } } },
      (request) => getPerson(ctxOf(services, request), kind, request.params.id),
    );
    r.patch(
      `${base}/:id`,
      {
        config: write,
        schema: {
          tags: ["people"],
          params: personIdParams,
          body: kind === "prospect" ? updateProspectInput : updatePatientInput,
          response: { 200: personSchema },
        },
      },
      (request) => updatePerson(ctxOf(services, request), kind, request.params.id, request.body),
    );
    r.get(
      `${base}/:id/interactions`,
      {
        config: read,
        schema: { tags: ["interactions"], params: personIdParams, response: { 200: z.array(interactionSchema) } },
      },
      (request) => listInteractions(ctxOf(services, request), kind, request.params.id),
    );
    r.post(
      `${base}/:id/interactions`,
      {
        config: write,
        schema: {
          tags: ["interactions"],
          params: personIdParams,
          body: createInteractionInput,
          response: { 201: interactionSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await createInteraction(ctxOf(services, request), kind, request.params.id, request.body)),
    );
  }

  r.post(
    "/api/prospects/:id/merge",
    {
      config: { access: "people.merge" },
      schema: {
        tags: ["people"],
        summary: "Merge another prospect record into this one",
        params: personIdParams,
        body: mergeInput,
        response: { 200: personSchema },
      },
    },
    (request) =>
      mergeProspects(ctxOf(services, request), {
        keepId: request.params.id,
        keepVersion: request.body.version,
        mergeId: request.body.mergeId,
        mergeVersion: request.body.mergeVersion,
      }),
  );

  r.post(
    "/api/prospects/:id/convert",
    {
      config: write,
      schema: {
        tags: ["people"],
        summary: "Mark a prospect converted into a patient",
        params: personIdParams,
        body: convertInput,
        response: { 200: personSchema },
      },
    },
    (request) => convertProspect(ctxOf(services, request), request.params.id, request.body),
  );

  r.get(
    "/api/reconciliation/suggestions",
    { config: read, schema: { tags: ["people"], querystring: suggestionsQuery, response: { 200: suggestionsSchema } } },
    (request) => suggestConversions(ctxOf(services, request), request.query),
  );

  r.post(
    "/api/prospects/:id/temperature",
    {
      config: { access: "prospects.classify" },
      schema: {
        tags: ["people"],
        params: personIdParams,
        body: changeTemperatureInput,
        response: { 200: personSchema },
      },
    },
    (request) => changeTemperature(ctxOf(services, request), request.params.id, request.body),
  );
};
