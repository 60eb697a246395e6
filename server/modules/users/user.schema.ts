import { z } from "zod";
import { LIMITS } from "../../../shared/limits.ts";
import { ROLES } from "../../../shared/roles.ts";
import { isoDateTime } from "../../../shared/schemas.ts";
import { personName } from "../../../shared/text.ts";

export const roleSchema = z.enum(ROLES);
export const emailSchema = z
  .email()
  .max(LIMITS.emailMax)
  .transform((e) => e.trim().toLowerCase());
/** A staff member's name: no direction override, zero-width or control character (shared/text.ts). */
export const nameSchema = personName(LIMITS.nameMax);
export const passwordSchema = z.string().min(LIMITS.passwordMin).max(LIMITS.passwordMax);

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: roleSchema,
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  lastLoginAt: isoDateTime.nullable(),
});
export type UserView = z.infer<typeof userSchema>;

export const createUserInput = z.strictObject({
  email: emailSchema,
  firstName: nameSchema,
  lastName: nameSchema,
  role: roleSchema,
  /** Temporary password; the user must change it at first login. */
  password: passwordSchema,
});
export type CreateUserInput = z.infer<typeof createUserInput>;

export const updateUserInput = z.strictObject({
  version: z.number().int().positive(),
  email: emailSchema.optional(),
  firstName: nameSchema.optional(),
  lastName: nameSchema.optional(),
  role: roleSchema.optional(),
  active: z.boolean().optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserInput>;

export const resetPasswordInput = z.strictObject({ password: passwordSchema });

export const userIdParams = z.strictObject({ id: z.uuid() });
