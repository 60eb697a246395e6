import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import {
  entryInterviewListSchema,
  entryInterviewParams,
  recordEntryInterviewInput,
  recordedEntryInterviewSchema,
} from "./entry-interview.schema.ts";
import { listEntryInterviews, recordEntryInterview } from "./record-entry-interview.ts";

export const entryInterviewRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);
  const tags = ["entry-interviews"];

  r.get(
    "/api/patients/:id/entry-interview",
    {
      config: { access: "people.read" },
      schema: {
        tags,
        summary: "A patient's entry interviews (« entretiens d'entrée »), newest first",
        params: entryInterviewParams,
        response: { 200: entryInterviewListSchema },
      },
    },
    (request) => listEntryInterviews(ctxOf(services, request), request.params.id),
  );
  r.post(
    "/api/patients/:id/entry-interview",
    {
      config: { access: "entryInterviews.write" },
      schema: {
        tags,
        summary:
          "Record a new patient's entry interview; starts the pathway of the visit's purpose (one open is kept) and completes the entry-interview tasks; 409 entry_interview_exists",
        params: entryInterviewParams,
        body: recordEntryInterviewInput,
        response: { 201: recordedEntryInterviewSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordEntryInterview(ctxOf(services, request), request.params.id, request.body)),
  );
};
