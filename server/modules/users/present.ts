import type { Column } from "drizzle-orm";
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

/** The columns a view names a user by, from `users` or an alias of it (who answered, who cancelled…). */
export function userNameColumns<Id extends Column, First extends Column, Last extends Column>(table: {
  id: Id;
  firstName: First;
  lastName: Last;
}) {
  return { id: table.id, firstName: table.firstName, lastName: table.lastName };
}

/** A user named in another record's view: its id and « Prénom Nom », or null when there is none. */
export function presentUserName(user: { id: string; firstName: string; lastName: string } | null) {
  return user ? { id: user.id, name: `${user.firstName} ${user.lastName}` } : null;
}

/** What the audit log keeps of a user: the presented shape, dates as ISO strings. */
export function auditUser(row: UserRow) {
  const { lastLoginAt: _ignored, ...rest } = presentUser(row);
  return rest;
}
