import { z } from "zod";
import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { apiKeyIdParams, apiKeySchema, createApiKeyInput, createdApiKeySchema } from "./api-key.schema.ts";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys.ts";

export const apiKeyRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);
  const config = { access: "apiKeys.manage" } as const;
  const tags = ["api-keys"];

  r.get("/api/api-keys", { config, schema: { tags, response: { 200: z.array(apiKeySchema) } } }, (request) =>
    listApiKeys(ctxOf(services, request)),
  );

  r.post(
    "/api/api-keys",
    { config, schema: { tags, body: createApiKeyInput, response: { 201: createdApiKeySchema } } },
    async (request, reply) => reply.status(201).send(await createApiKey(ctxOf(services, request), request.body)),
  );

  r.post(
    "/api/api-keys/:id/revoke",
    { config, schema: { tags, params: apiKeyIdParams, response: { 200: apiKeySchema } } },
    (request) => revokeApiKey(ctxOf(services, request), request.params.id),
  );
};
