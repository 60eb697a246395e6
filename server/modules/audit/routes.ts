import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { auditPageSchema, listAuditQuery } from "./audit.schema.ts";
import { listAuditEvents } from "./list-audit-events.ts";

export const auditRoutes: RoutesPlugin = (app, services) => {
  typed(app).get(
    "/api/audit",
    {
      config: { access: "audit.read" },
      schema: { tags: ["audit"], querystring: listAuditQuery, response: { 200: auditPageSchema } },
    },
    (request) => listAuditEvents(ctxOf(services, request), request.query),
  );
};
