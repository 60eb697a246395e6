import { z } from "zod";
import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { createQuote } from "./create-quote.ts";
import {
  createQuoteInput,
  listQuotesQuery,
  quoteIdParams,
  quoteSchema,
  sendQuoteInput,
  sentQuoteSchema,
} from "./quote.schema.ts";
import { getQuote, getQuotePdf, listQuotes } from "./read-quotes.ts";
import { sendQuote } from "./send-quote.ts";

const read = { access: "catalogue.read" } as const;
const send = { access: "mail.send" } as const;

export const quoteRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);

  r.post(
    "/api/quotes",
    {
      config: send,
      schema: {
        tags: ["quotes"],
        summary: "Makes a pro forma quote, numbered without gaps per year, recorded as an interaction",
        body: createQuoteInput,
        response: { 201: quoteSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createQuote(ctxOf(services, request), request.body)),
  );

  r.get(
    "/api/quotes",
    {
      config: read,
      schema: { tags: ["quotes"], querystring: listQuotesQuery, response: { 200: z.array(quoteSchema) } },
    },
    (request) => listQuotes(ctxOf(services, request), request.query),
  );

  r.get(
    "/api/quotes/:id",
    { config: read, schema: { tags: ["quotes"], params: quoteIdParams, response: { 200: quoteSchema } } },
    (request) => getQuote(ctxOf(services, request), request.params.id),
  );

  r.get(
    "/api/quotes/:id/pdf",
    {
      config: read,
      schema: { tags: ["quotes"], summary: "The quote as a PDF (application/pdf)", params: quoteIdParams },
    },
    async (request, reply) => {
      const { fileName, content } = await getQuotePdf(ctxOf(services, request), request.params.id);
      return reply
        .type("application/pdf")
        .header("content-disposition", `inline; filename="${fileName}"`)
        .send(content);
    },
  );

  r.post(
    "/api/quotes/:id/send",
    {
      config: send,
      schema: {
        tags: ["quotes"],
        summary: "Emails the quote's PDF (outbox, the clinic in copy) and records it as an interaction",
        params: quoteIdParams,
        body: sendQuoteInput,
        response: { 200: sentQuoteSchema },
      },
    },
    (request) => sendQuote(ctxOf(services, request), request.params.id, request.body),
  );
};
