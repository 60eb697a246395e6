import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * Writes made exactly once (issue 17, calls captured offline): a client that sends
 * `Idempotency-Key` on a write gets, for a retry of the same request, the answer the
 * first one got, and nothing is written twice. The row is written in the transaction
 * of the write it answers, so it exists if and only if the write does; a refused
 * request (4xx) leaves no row and may be sent again. Rows older than 7 days are purged.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Who sent it: `user:<id>` or `api_key:<id>` (a key is only meaningful to its sender). */
    actor: text("actor").notNull(),
    /** The client-generated UUID of the `Idempotency-Key` header. */
    key: uuid("key").notNull(),
    /** The route it was used on: "POST /api/calls". */
    route: text("route").notNull(),
    /** SHA-256 of the request (route parameters and body, keys sorted): the same key with another body is refused. */
    requestHash: text("request_hash").notNull(),
    /** The answer given, replayed as is. Null only inside the transaction that is writing it. */
    responseStatus: integer("response_status"),
    responseBody: jsonb("response_body"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("idempotency_keys_actor_key_key").on(t.actor, t.key),
    index("idempotency_keys_created_at_idx").on(t.createdAt),
  ],
);
