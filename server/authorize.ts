import { can, type Permission } from "../shared/permissions.ts";
import type { Actor } from "./context.ts";
import { forbidden } from "./http/errors.ts";

/** The first line of every use case: refuses the actor whose role lacks the permission. */
export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw forbidden();
}
