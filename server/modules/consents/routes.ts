import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import {
  consentEntrySchema,
  consentParams,
  consentRegisterSchema,
  consentWordingsSchema,
  recordConsentInput,
} from "./consent.schema.ts";
import { addConsent, consentWordings, getConsentRegister } from "./register.ts";

/** The consent register (loi 2008-12): read it, record what a person said, the wordings it stores. */
export const consentRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);
  const tags = ["consents"];

  r.get(
    "/api/consents/wordings",
    {
      config: { access: "people.read" },
      schema: {
        tags,
        summary: "The wording stored with each consent, by purpose (what the form shows)",
        response: { 200: consentWordingsSchema },
      },
    },
    (request) => consentWordings(ctxOf(services, request)),
  );
  r.get(
    "/api/people/:id/consents",
    {
      config: { access: "people.read" },
      schema: {
        tags,
        summary: "A person's consents: where she stands per purpose and channel, and the whole history (newest first)",
        params: consentParams,
        response: { 200: consentRegisterSchema },
      },
    },
    (request) => getConsentRegister(ctxOf(services, request), request.params.id),
  );
  r.post(
    "/api/people/:id/consents",
    {
      config: { access: "consents.write" },
      schema: {
        tags,
        summary:
          "Record a consent granted or withdrawn (a new history entry with the register's wording); 422 consent_source_system_only for unsubscribe_link and stop_reply",
        params: consentParams,
        body: recordConsentInput,
        response: { 201: consentEntrySchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addConsent(ctxOf(services, request), request.params.id, request.body)),
  );
};
