import { ctxOf } from "../../http/access.ts";
import { idempotencyHeaders, withIdempotency } from "../../http/idempotency.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import {
  callIdParams,
  callPageSchema,
  callSchema,
  createCallInput,
  dayQuery,
  endOfDaySchema,
  listCallsQuery,
  resumeCallInput,
  servicesSchema,
  staffSchema,
  updateCallInput,
} from "./call.schema.ts";
import { createCall } from "./create-call.ts";
import { exportCalls } from "./export-calls.ts";
import { endOfDay, getCall, listCalls } from "./list-calls.ts";
import { resumeCall } from "./resume-call.ts";
import { listServices, listStaff } from "./staff.ts";
import { updateCall } from "./update-call.ts";

const read = { access: "calls.read" } as const;
const write = { access: "calls.write" } as const;
const tags = ["calls"];

export const callRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);

  r.get(
    "/api/calls",
    { config: read, schema: { tags, querystring: listCallsQuery, response: { 200: callPageSchema } } },
    (request) => listCalls(ctxOf(services, request), request.query),
  );

  r.post(
    "/api/calls",
    {
      config: write,
      schema: { tags, headers: idempotencyHeaders, body: createCallInput, response: { 201: callSchema } },
    },
    (request, reply) => withIdempotency(services, request, reply, 201, (ctx) => createCall(ctx, request.body)),
  );

  r.get(
    "/api/calls/export",
    { config: read, schema: { tags, summary: "The register of one day as XLSX", querystring: dayQuery } },
    async (request, reply) => {
      const { filename, buffer } = await exportCalls(ctxOf(services, request), request.query);
      return reply
        .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="${filename}"`)
        .send(buffer);
    },
  );

  r.get(
    "/api/calls/end-of-day",
    { config: read, schema: { tags, querystring: dayQuery, response: { 200: endOfDaySchema } } },
    (request) => endOfDay(ctxOf(services, request), request.query),
  );

  r.get(
    "/api/calls/:id",
    { config: read, schema: { tags, params: callIdParams, response: { 200: callSchema } } },
    (request) => getCall(ctxOf(services, request), request.params.id),
  );

  r.patch(
    "/api/calls/:id",
    { config: write, schema: { tags, params: callIdParams, body: updateCallInput, response: { 200: callSchema } } },
    (request) => updateCall(ctxOf(services, request), request.params.id, request.body),
  );

  r.post(
    "/api/calls/:id/resume",
    { config: write, schema: { tags, params: callIdParams, body: resumeCallInput, response: { 200: callSchema } } },
    (request) => resumeCall(ctxOf(services, request), request.params.id, request.body),
  );

  r.get("/api/staff", { config: read, schema: { tags, response: { 200: staffSchema } } }, (request) =>
    listStaff(ctxOf(services, request)),
  );

  r.get("/api/services", { config: read, schema: { tags, response: { 200: servicesSchema } } }, (request) =>
    listServices(ctxOf(services, request)),
  );
};
