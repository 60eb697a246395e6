import { existsSync } from "node:fs";
import path from "node:path";
import { constants as zlibConstants } from "node:zlib";
import fastifyCompress from "@fastify/compress";
import fastifyCookie from "@fastify/cookie";
import fastifyMultipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { LIMITS } from "../shared/limits.ts";
import type { Services } from "./context.ts";
import { type Access, registerAccessControl } from "./http/access.ts";
import { registerDraining } from "./http/draining.ts";
import { registerErrorHandler, replyFrameworkError, replyRouteNotFound } from "./http/error-handler.ts";
import { registerNulGuard } from "./http/nul-guard.ts";
import { registerSecurityHeaders } from "./http/security-headers.ts";
import "./i18n/zod.ts";
import type { RoutesPlugin } from "./http/route-types.ts";
import { apiKeyRoutes } from "./modules/api-keys/routes.ts";
import { appointmentRoutes } from "./modules/appointments/routes.ts";
import { auditRoutes } from "./modules/audit/routes.ts";
import { authRoutes } from "./modules/auth/routes.ts";
import { birthRoutes } from "./modules/births/routes.ts";
import { callRoutes } from "./modules/calls/routes.ts";
import { campaignRoutes } from "./modules/campaigns/routes.ts";
import { catalogueRoutes } from "./modules/catalogue/routes.ts";
import { consentRoutes } from "./modules/consents/routes.ts";
import { dataRightsRoutes } from "./modules/data-rights/routes.ts";
import { digestRoutes } from "./modules/digest/routes.ts";
import { documentRoutes } from "./modules/documents/routes.ts";
import { entryInterviewRoutes } from "./modules/entry-interviews/routes.ts";
import { followUpRoutes } from "./modules/followup/routes.ts";
import { healthRoutes } from "./modules/health/routes.ts";
import { mailRoutes } from "./modules/mail/routes.ts";
import { messageRoutes } from "./modules/messages/routes.ts";
import { mothersGroupRoutes } from "./modules/mothers-group/routes.ts";
import { pathwayRoutes } from "./modules/pathways/routes.ts";
import { importRoutes } from "./modules/people/import/routes.ts";
import { peopleRoutes } from "./modules/people/routes.ts";
import { quoteRoutes } from "./modules/quotes/routes.ts";
import { reportRoutes } from "./modules/reports/routes.ts";
import { schedulingRoutes } from "./modules/scheduling/routes.ts";
import { segmentRoutes } from "./modules/segments/routes.ts";
import { settingsRoutes } from "./modules/settings/routes.ts";
import { smsRoutes } from "./modules/sms/routes.ts";
import { surveyRoutes } from "./modules/surveys/routes.ts";
import { taskRoutes } from "./modules/tasks/routes.ts";
import { userRoutes } from "./modules/users/routes.ts";
import { vaccinationRoutes } from "./modules/vaccinations/routes.ts";
import { relaisVersion } from "./paths.ts";

/** One API route and who may call it, as declared; the RBAC test walks this list. */
export interface RouteAccess {
  method: string;
  url: string;
  access: Access | undefined;
}

declare module "fastify" {
  interface FastifyInstance {
    routeCatalog: RouteAccess[];
  }
}

const MODULES: RoutesPlugin[] = [
  healthRoutes,
  authRoutes,
  userRoutes,
  apiKeyRoutes,
  settingsRoutes,
  auditRoutes,
  peopleRoutes,
  importRoutes,
  schedulingRoutes,
  appointmentRoutes,
  pathwayRoutes,
  birthRoutes,
  entryInterviewRoutes,
  vaccinationRoutes,
  callRoutes,
  messageRoutes,
  catalogueRoutes,
  quoteRoutes,
  documentRoutes,
  mailRoutes,
  smsRoutes,
  followUpRoutes,
  segmentRoutes,
  taskRoutes,
  digestRoutes,
  reportRoutes,
  surveyRoutes,
  mothersGroupRoutes,
  dataRightsRoutes,
  campaignRoutes,
  consentRoutes,
];

/** A request slower than this is logged at `info` (the others at `debug`). */
export const SLOW_REQUEST_MS = 1_000;

/**
 * The request log: one line when a request ends (method, path, status, time),
 * at `error` for a 5xx or a failed reply, at `info` for a refusal (4xx) or a
 * request slower than SLOW_REQUEST_MS, at `debug` otherwise. Fastify's own two
 * lines per request (received, completed) at `info` cost a tenth of a lookup and
 * said nothing an operator acts on; `LOG_LEVEL=debug` shows every request again.
 * Fastify's other lines (a route not found, a failing serializer…) are kept.
 */
class RequestLog extends LogController {
  override incomingRequest() {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply) {
    const status = reply.statusCode;
    const responseTime = reply.elapsedTime;
    if (error || status >= 500) {
      reply.log.error({ req: request, res: reply, err: error ?? undefined, responseTime }, "request completed");
    } else if (status >= 400 || responseTime >= SLOW_REQUEST_MS) {
      reply.log.info({ req: request, res: reply, responseTime }, "request completed");
    } else {
      // A no-op below debug: nothing is serialised.
      reply.log.debug({ req: request, res: reply, responseTime }, "request completed");
    }
  }
}

/** Builds the HTTP app on the given services; `main.ts` listens, tests use `inject`. */
export async function buildApp(services: Services): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: services.logger,
    bodyLimit: LIMITS.jsonBodyBytes,
    trustProxy: services.config.trustProxy,
    // Unknown query keys are refused by the schemas, so none is silently dropped.
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: replyFrameworkError,
    // Our own 503 while draining, in French (http/draining.ts).
    return503OnClosing: false,
    // One line per request, at its end, and at `info` only when it went wrong or slowly.
    logController: new RequestLog(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  await app.register(fastifyCookie);
  // Answers above 1 KB go compressed when the browser accepts it (a clinic's 3G line): brotli at a
  // quick level, so the CPU per request stays small. The web app's files are compressed at build.
  await app.register(fastifyCompress, {
    threshold: 1024,
    encodings: ["br", "gzip"],
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
    // Requests are read as they arrive: a compressed upload is not inflated past the body limit.
    globalDecompression: false,
  });
  await app.register(fastifyMultipart, { limits: { fileSize: LIMITS.importFileBytes, files: 1, fields: 5 } });
  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Mantine sets style attributes at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // Served over plain HTTP on a clinic's LAN too; HSTS belongs to the TLS proxy.
    strictTransportSecurity: false,
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: "Relais API", description: "API du CRM Relais (clinique NEST)", version: relaisVersion },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "relais_session" },
          bearer: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: "/api/docs",
    staticCSP: true,
    // Swagger UI sets a few inline styles of its own.
    transformStaticCSP: (header) => header.replace("style-src 'self' https:", "style-src 'self' 'unsafe-inline'"),
  });

  const catalog: RouteAccess[] = [];
  app.decorate("routeCatalog", catalog);
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method !== "HEAD") catalog.push({ method, url: route.url, access: route.config?.access });
    }
  });
  registerDraining(app);
  registerAccessControl(app, services);
  registerNulGuard(app);
  for (const routes of MODULES) routes(app, services);

  if (services.config.webRoot && existsSync(path.join(services.config.webRoot, "index.html"))) {
    await serveWebApp(app, services.config.webRoot);
  } else {
    app.setNotFoundHandler(replyRouteNotFound);
  }
  return app;
}

/**
 * Serves the built web app from disk (a rebuild is served without a restart).
 * Hashed assets are cached for good; any other GET outside /api that is not a
 * file gets index.html, for client-side routing.
 */
async function serveWebApp(app: FastifyInstance, root: string) {
  await app.register(fastifyStatic, {
    root,
    index: ["index.html"],
    // The .br / .gz copies written at build, chosen by Accept-Encoding.
    preCompressed: true,
    setHeaders: (res, filePath) => {
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      res.header("cache-control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  app.setNotFoundHandler((request, reply) => {
    const file = request.url.split("?")[0] ?? "/";
    if (request.method === "GET" && !file.startsWith("/api/") && path.extname(file) === "") {
      return reply.header("cache-control", "no-cache").sendFile("index.html");
    }
    return replyRouteNotFound(request, reply);
  });
}
