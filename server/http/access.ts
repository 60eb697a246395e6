import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { can, type Permission } from "../../shared/permissions.ts";
import type { Actor, Ctx, Services } from "../context.ts";
import { resolveApiKey } from "../modules/api-keys/api-keys.ts";
import { resolveSession, SESSION_COOKIE, type SessionLookup } from "../modules/auth/sessions.ts";
import { safeEqual } from "../modules/auth/tokens.ts";
import { AppError } from "./errors.ts";

/**
 * Who may call a route: anyone ("public"), any signed-in user or key
 * ("authenticated"), or the holders of one permission of the matrix.
 */
export type Access = "public" | "authenticated" | Permission;

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
    /** Reachable with a temporary password (the routes that let its holder change it). */
    temporaryPasswordOk?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** The session behind a cookie-authenticated request (absent for API keys). */
    signedIn: Extract<SessionLookup, { state: "valid" }> | null;
  }
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Authenticates every request (session cookie or bearer API key), checks the
 * CSRF token of cookie-borne writes, then the route's access, all before the
 * body is read: a refused caller never learns whether their input was valid.
 */
export function registerAccessControl(app: FastifyInstance, services: Services): void {
  app.decorateRequest("actor", null);
  app.decorateRequest("signedIn", null);
  app.addHook("onRequest", async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (access === undefined) {
      // Routes without an access level are the static web app and the API docs; an API route must have one.
      const pattern = request.routeOptions.url;
      if (pattern?.startsWith("/api/") && !pattern.startsWith("/api/docs")) {
        throw new Error(`route ${pattern} declares no access level`);
      }
      return;
    }
    // Public routes (health, login) ignore credentials: signing in over a stale or live session must work.
    if (access === "public") return;
    request.actor = await authenticate(services, request, reply);
    if (!request.actor) throw new AppError(401, "unauthenticated");
    if (access !== "authenticated" && !can(request.actor.role, access)) throw new AppError(403, "forbidden");
  });
}

async function authenticate(services: Services, request: FastifyRequest, reply: FastifyReply): Promise<Actor | null> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const [scheme, token] = authorization.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token) throw new AppError(401, "invalid_api_key");
    const actor = await resolveApiKey(services, token);
    if (!actor) throw new AppError(401, "invalid_api_key");
    return actor;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  const found = await resolveSession(services, token);
  if (found.state !== "valid") {
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    throw new AppError(401, found.state === "expired" ? "session_expired" : "unauthenticated");
  }
  if (UNSAFE_METHODS.has(request.method)) {
    const sent = request.headers["x-csrf-token"];
    if (typeof sent !== "string" || !safeEqual(sent, found.session.csrfToken)) throw new AppError(403, "csrf_invalid");
  }
  if (found.user.mustChangePassword && !request.routeOptions.config.temporaryPasswordOk) {
    throw new AppError(403, "password_change_required");
  }
  request.signedIn = found;
  return {
    type: "user",
    id: found.user.id,
    role: found.user.role as Actor["role"],
    label: found.user.email,
    sessionId: found.session.id,
  };
}

/** The use-case context of a request whose route required authentication. */
export function ctxOf(services: Services, request: FastifyRequest): Ctx {
  if (!request.actor) throw new AppError(401, "unauthenticated");
  return { ...services, actor: request.actor };
}
