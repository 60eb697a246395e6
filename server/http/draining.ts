import type { FastifyInstance } from "fastify";
import { ERROR_MESSAGES } from "../i18n/messages.ts";

/**
 * While the app closes (graceful shutdown), a request that still reaches it — on a connection
 * the proxy kept open — is refused at once with a 503 in French and `Connection: close`, before
 * any other hook: the proxy's health check sees the instance go away and sends the next requests
 * elsewhere. The requests already running finish normally. (Fastify's own 503 on closing is
 * English and skips our error shape, so it is turned off in `buildApp`.)
 */
export function registerDraining(app: FastifyInstance): void {
  let closing = false;
  app.addHook("preClose", (done) => {
    closing = true;
    done();
  });
  app.addHook("onRequest", (_request, reply, done) => {
    if (!closing) return done();
    reply
      .status(503)
      .header("connection", "close")
      .header("retry-after", "1")
      // Already a string: the route's response schema (GET /api/health has its own 503) does not apply.
      .type("application/json; charset=utf-8")
      .send(JSON.stringify({ error: { code: "shutting_down", message: ERROR_MESSAGES.shutting_down } }));
  });
}
