import { createHash } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { HOUR_MS } from "../clock.ts";
import type { Actor, Ctx, Services } from "../context.ts";
import type { Db, Executor } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { idempotencyKeys } from "../db/schema/index.ts";
import { ctxOf } from "./access.ts";
import { AppError } from "./errors.ts";

/** How long a key is remembered: a desk offline for a week still syncs exactly once. */
export const IDEMPOTENCY_KEY_TTL_MS = 7 * 24 * HOUR_MS;

/** The header a replayed answer carries. */
export const REPLAYED_HEADER = "idempotent-replayed";

/**
 * The request headers of a write that may be retried: `Idempotency-Key`, a UUID the
 * client generates once per write (the offline queue uses the item's id).
 */
// Loose: Fastify replaces the request's headers with the validated object, and the others must stay.
export const idempotencyHeaders = z.looseObject({
  "idempotency-key": z.uuid("une clé d'idempotence est un UUID").optional(),
});

const actorKey = (actor: Actor) => (actor.type === "system" ? "system" : `${actor.type}:${actor.id}`);

/** JSON with object keys sorted, so that one request always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

const hashRequest = (request: FastifyRequest) =>
  createHash("sha256")
    .update(canonical({ params: request.params ?? {}, body: request.body ?? null }))
    .digest("hex");

/** Forgets the keys past their week; returns how many went. */
export async function purgeExpiredIdempotencyKeys(executor: Executor, now: Date): Promise<number> {
  const gone = await executor
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS)))
    .returning({ id: idempotencyKeys.id });
  return gone.length;
}

/** When this process last purged: at most once an hour, after a write has committed, never inside it. */
let lastPurgeAt = 0;
async function purgeNowAndThen(services: Services, now: Date) {
  if (Math.abs(now.getTime() - lastPurgeAt) < HOUR_MS) return;
  lastPurgeAt = now.getTime();
  try {
    await purgeExpiredIdempotencyKeys(services.database.db, now);
  } catch (error) {
    // The write is done and answered; the old keys go at the next purge.
    services.logger.warn({ err: error }, "idempotency keys: purge failed");
  }
}

async function findKey(executor: Executor, actor: string, key: string) {
  const [row] = await executor
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.actor, actor), eq(idempotencyKeys.key, key)));
  return row;
}

/**
 * Runs a write at most once per `Idempotency-Key` (issue 17): the key, the route, a hash of
 * the request and the answer are stored in the write's own transaction (the use case's
 * transaction becomes a savepoint of it). A retry of the same request gets the stored answer
 * (same status, header `Idempotent-Replayed: true`) and writes nothing; the same key with
 * another request is refused (422). Two requests with one key at once: the second waits on the
 * unique index, then gets the first one's answer (or, should the first still be writing on a
 * store that cannot wait, 409 « en cours »). A refused write (4xx) stores nothing: the client may
 * correct it and send it again with the same key. Without the header, the write simply runs.
 */
export async function withIdempotency<T>(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  run: (ctx: Ctx) => Promise<T>,
) {
  const ctx = ctxOf(services, request);
  const key = (request.headers as { "idempotency-key"?: string })["idempotency-key"];
  if (!key) return reply.status(status).send(await run(ctx));

  const actor = actorKey(ctx.actor);
  const route = `${request.method} ${request.routeOptions.url}`;
  const requestHash = hashRequest(request);
  const replay = (row: typeof idempotencyKeys.$inferSelect) => {
    if (row.route !== route || row.requestHash !== requestHash) {
      throw new AppError(422, "idempotency_key_reused", {
        details: { issues: [{ field: "Idempotency-Key", location: "headers", message: "clé déjà utilisée" }] },
      });
    }
    if (row.responseStatus === null) throw new AppError(409, "idempotency_key_in_progress");
    return reply.status(row.responseStatus).header(REPLAYED_HEADER, "true").send(row.responseBody);
  };

  const stored = await findKey(services.database.db, actor, key);
  if (stored) return replay(stored);

  const now = ctx.clock.now();
  try {
    const result = await services.database.db.transaction(async (tx) => {
      // First the key: a concurrent request with it waits here until this transaction ends.
      const [claimed] = await tx
        .insert(idempotencyKeys)
        .values({ actor, key, route, requestHash, createdAt: now })
        .returning({ id: idempotencyKeys.id });
      if (!claimed) throw new Error("insert returned no row");
      const body = await run({ ...ctx, database: { ...ctx.database, db: tx as unknown as Db } });
      // Stored as it goes out: what the serializer would send (dates as strings).
      const responseBody = JSON.parse(JSON.stringify(body)) as unknown;
      await tx
        .update(idempotencyKeys)
        .set({ responseStatus: status, responseBody })
        .where(eq(idempotencyKeys.id, claimed.id));
      return body;
    });
    await purgeNowAndThen(services, now);
    return reply.status(status).send(result);
  } catch (error) {
    if (!isUniqueViolation(error, "idempotency_keys_actor_key_key")) throw error;
    // Another request with this key committed first: its answer is this one's.
    const winner = await findKey(services.database.db, actor, key);
    if (!winner) throw new AppError(409, "idempotency_key_in_progress");
    return replay(winner);
  }
}
