import { eq, sql } from "drizzle-orm";
import { isUniqueViolation } from "../../db/errors.ts";
import { users } from "../../db/schema/index.ts";
import { fieldError } from "../../http/errors.ts";

/** Matches the account with this e-mail, whatever its case (the unique index is on lower(email)). */
export const emailIs = (email: string) => eq(sql`lower(${users.email})`, email.trim().toLowerCase());

/** Rethrows a race on the unique e-mail index as the 422 the pre-check gives. */
export function rethrowEmailTaken(error: unknown): never {
  throw isUniqueViolation(error, "users_email_key") ? fieldError("email_taken", "email") : error;
}
