import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import {
  digestMarkInput,
  digestMarkResultSchema,
  digestQuery,
  digestSchema,
  digestUnmarkResultSchema,
} from "./digest.schema.ts";
import { exportDigest } from "./export-digest.ts";
import { listDigest } from "./list-digest.ts";
import { markProcessed } from "./mark-processed.ts";
import { unmarkProcessed } from "./unmark-processed.ts";

const manage = { access: "digest.manage" } as const;
const tags = ["digest"];

/** The daily digest of procedure 2 (« suivi quotidien »): the previous day's interactions, marked processed. */
export const digestRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);

  r.get(
    "/api/digest",
    { config: manage, schema: { tags, querystring: digestQuery, response: { 200: digestSchema } } },
    (request) => listDigest(ctxOf(services, request), request.query),
  );

  r.get(
    "/api/digest/export.xlsx",
    { config: manage, schema: { tags, summary: "The digest of one day as XLSX", querystring: digestQuery } },
    async (request, reply) => {
      const { filename, buffer } = await exportDigest(ctxOf(services, request), request.query);
      return reply
        .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="${filename}"`)
        .send(buffer);
    },
  );

  r.post(
    "/api/digest/processed",
    { config: manage, schema: { tags, body: digestMarkInput, response: { 200: digestMarkResultSchema } } },
    (request) => markProcessed(ctxOf(services, request), request.body),
  );

  r.post(
    "/api/digest/unprocessed",
    { config: manage, schema: { tags, body: digestMarkInput, response: { 200: digestUnmarkResultSchema } } },
    (request) => unmarkProcessed(ctxOf(services, request), request.body),
  );
};
