import type { Role } from "../../shared/roles.ts";
import type { Ctx } from "../context.ts";
import { createUser } from "../modules/users/create-user.ts";

let sequence = 0;

/** A user with sensible defaults; override what the test is about. */
export async function buildUser(
  ctx: Ctx,
  overrides: Partial<{
    email: string;
    firstName: string;
    lastName: string;
    role: Role;
    password: string;
    mustChangePassword: boolean;
  }> = {},
) {
  sequence += 1;
  return createUser(
    ctx,
    {
      email: overrides.email ?? `user${sequence}@nest.sn`,
      firstName: overrides.firstName ?? "Awa",
      lastName: overrides.lastName ?? `Diop${sequence}`,
      role: overrides.role ?? "reception",
      password: overrides.password ?? "motdepasse-de-test",
    },
    { mustChangePassword: overrides.mustChangePassword ?? false },
  );
}
