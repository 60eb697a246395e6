import { z } from "zod";
import { LIMITS } from "../../../shared/limits.ts";
import { isoDateTime } from "../../../shared/schemas.ts";
import { roleSchema } from "../users/user.schema.ts";

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  role: roleSchema,
  tokenPrefix: z.string(),
  createdAt: isoDateTime,
  lastUsedAt: isoDateTime.nullable(),
  revokedAt: isoDateTime.nullable(),
});

export const createApiKeyInput = z.strictObject({
  name: z.string().trim().min(1).max(LIMITS.apiKeyNameMax),
  role: roleSchema,
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyInput>;

/** The only response that carries the token itself: it is never shown again. */
export const createdApiKeySchema = z.object({ apiKey: apiKeySchema, token: z.string() });

export const apiKeyIdParams = z.strictObject({ id: z.uuid() });
