import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Services } from "../context.ts";

/** A module's routes: a Fastify plugin given the shared services. */
export type RoutesPlugin = (app: FastifyInstance, services: Services) => void;

export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();
