import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { ruleListSchema, runInput, runResultSchema } from "./followup.schema.ts";
import { listRules, runFollowUp } from "./run-followup.ts";
import { runListSchema } from "./runs.schema.ts";
import { listRuns } from "./runs.ts";

const tags = ["followup"];

export const followUpRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);

  r.post(
    "/api/followup/run",
    { config: { access: "followup.run" }, schema: { tags, body: runInput, response: { 200: runResultSchema } } },
    (request) => runFollowUp(ctxOf(services, request), request.body),
  );

  r.get(
    "/api/followup/rules",
    { config: { access: "tasks.read" }, schema: { tags, response: { 200: ruleListSchema } } },
    (request) => listRules(ctxOf(services, request)),
  );

  r.get(
    "/api/followup/runs",
    { config: { access: "tasks.read" }, schema: { tags, response: { 200: runListSchema } } },
    (request) => listRuns(ctxOf(services, request)),
  );
};
