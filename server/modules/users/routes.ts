import { z } from "zod";
import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { createUser } from "./create-user.ts";
import { getUser, listUsers } from "./list-users.ts";
import { resetPassword } from "./reset-password.ts";
import { updateUser } from "./update-user.ts";
import { createUserInput, resetPasswordInput, updateUserInput, userIdParams, userSchema } from "./user.schema.ts";

export const userRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);
  const config = { access: "users.manage" } as const;
  const tags = ["users"];

  r.get("/api/users", { config, schema: { tags, response: { 200: z.array(userSchema) } } }, (request) =>
    listUsers(ctxOf(services, request)),
  );

  r.post(
    "/api/users",
    { config, schema: { tags, body: createUserInput, response: { 201: userSchema } } },
    async (request, reply) => reply.status(201).send(await createUser(ctxOf(services, request), request.body)),
  );

  r.get(
    "/api/users/:id",
    { config, schema: { tags, params: userIdParams, response: { 200: userSchema } } },
    (request) => getUser(ctxOf(services, request), request.params.id),
  );

  r.patch(
    "/api/users/:id",
    { config, schema: { tags, params: userIdParams, body: updateUserInput, response: { 200: userSchema } } },
    (request) => updateUser(ctxOf(services, request), request.params.id, request.body),
  );

  r.post(
    "/api/users/:id/reset-password",
    { config, schema: { tags, params: userIdParams, body: resetPasswordInput, response: { 204: z.null() } } },
    async (request, reply) => {
      await resetPassword(ctxOf(services, request), request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  );
};
