import { z } from "zod";
import { LIMITS } from "../../../shared/limits.ts";
import { isoDateTime } from "../../../shared/schemas.ts";
import { passwordSchema, userSchema } from "../users/user.schema.ts";

export const loginInput = z.strictObject({
  email: z.string().trim().toLowerCase().min(1).max(LIMITS.emailMax),
  password: z.string().min(1).max(LIMITS.passwordMax),
});
export type LoginInput = z.infer<typeof loginInput>;

/** The signed-in user and the CSRF token to send back in `X-CSRF-Token` on every write. */
export const sessionView = z.object({
  user: userSchema,
  csrfToken: z.string(),
  expiresAt: isoDateTime,
});

export const changePasswordInput = z.strictObject({
  currentPassword: z.string().min(1).max(LIMITS.passwordMax),
  newPassword: passwordSchema,
});
