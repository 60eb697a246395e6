import { count } from "drizzle-orm";
import { type Services, systemActor } from "../../context.ts";
import { users } from "../../db/schema/index.ts";
import { AppError } from "../../http/errors.ts";
import { ERROR_MESSAGES } from "../../i18n/messages.ts";
import { checkPasswordStrength, generatePassword } from "../auth/password-strength.ts";
import { createUser } from "./create-user.ts";

/**
 * On an empty base, creates the first admin from RELAIS_ADMIN_EMAIL /
 * RELAIS_ADMIN_PASSWORD, or with a generated password returned once to print.
 */
export async function ensureFirstAdmin(services: Services) {
  const [row] = await services.database.db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return null;
  const generated = services.config.admin.password === undefined;
  const owner = { email: services.config.admin.email, firstName: "Administrateur", lastName: "Relais" };
  const password = services.config.admin.password ?? generatePassword(owner);
  // Said at start, naming the variable, rather than as an API error.
  const weakness = checkPasswordStrength(password, owner);
  if (weakness) throw new Error(`RELAIS_ADMIN_PASSWORD refusé : ${ERROR_MESSAGES[weakness]}`);
  // Two instances starting together on an empty base: the second finds the e-mail taken.
  const user = await createUser(
    { ...services, actor: systemActor() },
    { ...owner, role: "admin", password },
    { mustChangePassword: generated },
  ).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "email_taken") return null;
    throw error;
  });
  return user ? { user, password: generated ? password : null } : null;
}
