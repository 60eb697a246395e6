import type { Role } from "../../../shared/roles.ts";
import { toIso, toIsoOrNull } from "../../../shared/schemas.ts";
import type { users } from "../../db/schema/index.ts";
import type { UserView } from "./user.schema.ts";

type UserRow = typeof users.$inferSelect;

/** The API shape of a user: never the password hash. */
export function presentUser(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    role: row.role as Role,
    active: row.active,
    mustChangePassword: row.mustChangePassword,
    version: row.version,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
    lastLoginAt: toIsoOrNull(row.lastLoginAt),
  };
}

/** What the audit log keeps of a user: the presented shape, dates as ISO strings. */
export function auditUser(row: UserRow) {
  const { lastLoginAt: _ignored, ...rest } = presentUser(row);
  return rest;
}
