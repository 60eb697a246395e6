import { desc, eq } from "drizzle-orm";
import type { Role } from "../../../shared/roles.ts";
import { toIso, toIsoOrNull } from "../../../shared/schemas.ts";
import { authorize } from "../../authorize.ts";
import { MINUTE_MS } from "../../clock.ts";
import type { Actor, Ctx, Services } from "../../context.ts";
import { apiKeys } from "../../db/schema/index.ts";
import { AppError, notFound } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { generateToken, hashToken } from "../auth/tokens.ts";
import type { CreateApiKeyInput } from "./api-key.schema.ts";

type ApiKeyRow = typeof apiKeys.$inferSelect;

const TOKEN_PREFIX = "rls_";

export function presentApiKey(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    tokenPrefix: row.tokenPrefix,
    createdAt: toIso(row.createdAt),
    lastUsedAt: toIsoOrNull(row.lastUsedAt),
    revokedAt: toIsoOrNull(row.revokedAt),
  };
}

/** An admin creates a key for an integration; the token is returned once and stored hashed. */
export async function createApiKey(ctx: Ctx, input: CreateApiKeyInput) {
  authorize(ctx.actor, "apiKeys.manage");
  const token = TOKEN_PREFIX + generateToken();
  return ctx.database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        name: input.name,
        role: input.role,
        tokenHash: hashToken(token),
        tokenPrefix: token.slice(0, TOKEN_PREFIX.length + 6),
        createdBy: ctx.actor.type === "user" ? ctx.actor.id : null,
        createdAt: ctx.clock.now(),
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const apiKey = presentApiKey(row);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "api_key.create",
      entityType: "api_key",
      entityId: row.id,
      after: apiKey,
    });
    return { apiKey, token };
  });
}

export async function listApiKeys(ctx: Ctx) {
  authorize(ctx.actor, "apiKeys.manage");
  const rows = await ctx.database.db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
  return rows.map(presentApiKey);
}

/** Revokes a key for good: its token is refused from the next request on. */
export async function revokeApiKey(ctx: Ctx, id: string) {
  authorize(ctx.actor, "apiKeys.manage");
  return ctx.database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id)).for("update");
    if (!before) throw notFound("api_key");
    if (before.revokedAt) throw new AppError(409, "already_revoked");
    const [after] = await tx.update(apiKeys).set({ revokedAt: ctx.clock.now() }).where(eq(apiKeys.id, id)).returning();
    if (!after) throw notFound("api_key");
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "api_key.revoke",
      entityType: "api_key",
      entityId: id,
      before: presentApiKey(before),
      after: presentApiKey(after),
    });
    return presentApiKey(after);
  });
}

/** The actor of a bearer token, or null when the token is unknown or revoked. */
export async function resolveApiKey(services: Services, token: string): Promise<Actor | null> {
  const { db } = services.database;
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.tokenHash, hashToken(token)));
  if (!row || row.revokedAt) return null;
  const now = services.clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > MINUTE_MS) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
  }
  return { type: "api_key", id: row.id, role: row.role as Role, label: `clé d'API « ${row.name} »` };
}
