import { ctxOf } from "../../http/access.ts";
import { idempotencyHeaders, withIdempotency } from "../../http/idempotency.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { acknowledgeMessage } from "./acknowledge-message.ts";
import { createMessage } from "./create-message.ts";
import { countInbox, listInbox, listMessagesOfDay } from "./list-messages.ts";
import {
  acknowledgeInput,
  createMessageInput,
  inboxCountSchema,
  inboxQuery,
  messageIdParams,
  messageListSchema,
  messageSchema,
  messagesOfDayQuery,
} from "./message.schema.ts";

const read = { access: "calls.read" } as const;
const write = { access: "calls.write" } as const;
const tags = ["messages"];

export const messageRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);

  r.post(
    "/api/messages",
    {
      config: write,
      schema: { tags, headers: idempotencyHeaders, body: createMessageInput, response: { 201: messageSchema } },
    },
    (request, reply) => withIdempotency(services, request, reply, 201, (ctx) => createMessage(ctx, request.body)),
  );

  r.get(
    "/api/messages",
    { config: read, schema: { tags, querystring: messagesOfDayQuery, response: { 200: messageListSchema } } },
    (request) => listMessagesOfDay(ctxOf(services, request), request.query),
  );

  r.get(
    "/api/messages/inbox",
    { config: read, schema: { tags, querystring: inboxQuery, response: { 200: messageListSchema } } },
    (request) => listInbox(ctxOf(services, request), request.query),
  );

  r.get(
    "/api/messages/inbox/count",
    { config: read, schema: { tags, response: { 200: inboxCountSchema } } },
    (request) => countInbox(ctxOf(services, request)),
  );

  r.post(
    "/api/messages/:id/acknowledge",
    {
      config: write,
      schema: { tags, params: messageIdParams, body: acknowledgeInput, response: { 200: messageSchema } },
    },
    (request) => acknowledgeMessage(ctxOf(services, request), request.params.id, request.body),
  );
};
