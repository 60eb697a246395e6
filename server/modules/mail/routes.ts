import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { getOutboxEmail, listOutbox } from "./list-outbox.ts";
import {
  emailIdParams,
  outboxEmailView,
  outboxPage,
  outboxQuery,
  outboxRunView,
  sendDocumentationInput,
  sendDocumentationResult,
} from "./mail.schema.ts";
import { processOutboxNow, retryEmail } from "./retry-email.ts";
import { sendDocumentation } from "./send-documentation.ts";

const send = { access: "mail.send" } as const;

/** The outbox (what was sent, what waits and why) and sending documentation (procedure 1, case 3). */
export const mailRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);

  r.get(
    "/api/outbox",
    { config: send, schema: { tags: ["mail"], querystring: outboxQuery, response: { 200: outboxPage } } },
    (request) => listOutbox(ctxOf(services, request), request.query),
  );

  r.get(
    "/api/outbox/:id",
    { config: send, schema: { tags: ["mail"], params: emailIdParams, response: { 200: outboxEmailView } } },
    (request) => getOutboxEmail(ctxOf(services, request), request.params.id),
  );

  r.post(
    "/api/outbox/:id/retry",
    { config: send, schema: { tags: ["mail"], params: emailIdParams, response: { 200: outboxEmailView } } },
    (request) => retryEmail(ctxOf(services, request), request.params.id),
  );

  r.post(
    "/api/outbox/process",
    {
      config: { access: "mail.manage" },
      schema: { tags: ["mail"], summary: "Send the due emails now", response: { 200: outboxRunView } },
    },
    (request) => processOutboxNow(ctxOf(services, request)),
  );

  r.post(
    "/api/documentation",
    {
      config: send,
      schema: { tags: ["mail"], body: sendDocumentationInput, response: { 201: sendDocumentationResult } },
    },
    async (request, reply) => reply.status(201).send(await sendDocumentation(ctxOf(services, request), request.body)),
  );
};
