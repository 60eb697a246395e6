import { z } from "zod";
import { ctxOf } from "../../http/access.ts";
import { AppError } from "../../http/errors.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { presentUser } from "../users/present.ts";
import { changePassword } from "./change-password.ts";
import { changePasswordInput, loginInput, sessionView } from "./login.schema.ts";
import { login } from "./login.ts";
import { logout } from "./logout.ts";
import { SESSION_COOKIE } from "./sessions.ts";

export const authRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);
  const cookieOptions = {
    path: "/",
    httpOnly: true,
    sameSite: "strict" as const,
    secure: services.config.cookieSecure,
  };

  r.post(
    "/api/auth/login",
    {
      config: { access: "public" },
      schema: { tags: ["auth"], summary: "Sign in", body: loginInput, response: { 200: sessionView } },
    },
    async (request, reply) => {
      const { session, user } = await login(services, { ...request.body, ip: request.ip });
      // The browser keeps the cookie as long as the session could live; the server enforces the idle limit.
      reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, expires: session.maxExpiresAt });
      return { user, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
    },
  );

  r.post(
    "/api/auth/logout",
    { config: { access: "authenticated", temporaryPasswordOk: true }, schema: { tags: ["auth"], summary: "Sign out" } },
    async (request, reply) => {
      await logout(ctxOf(services, request));
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.status(204).send(null);
    },
  );

  r.get(
    "/api/auth/me",
    {
      config: { access: "authenticated", temporaryPasswordOk: true },
      schema: { tags: ["auth"], summary: "The signed-in user and the CSRF token", response: { 200: sessionView } },
    },
    async (request) => {
      const found = request.signedIn;
      // API keys have no session: this route is for the web app.
      if (!found) throw new AppError(401, "unauthenticated");
      return {
        user: presentUser(found.user),
        csrfToken: found.session.csrfToken,
        expiresAt: found.session.expiresAt.toISOString(),
      };
    },
  );

  r.post(
    "/api/auth/password",
    {
      config: { access: "authenticated", temporaryPasswordOk: true },
      schema: {
        tags: ["auth"],
        summary: "Change one's own password",
        body: changePasswordInput,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await changePassword(ctxOf(services, request), { ...request.body, ip: request.ip });
      return reply.status(204).send(null);
    },
  );
};
