import { and, asc, eq, inArray } from "drizzle-orm";
import { can } from "../../../shared/permissions.ts";
import { ROLES } from "../../../shared/roles.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { clinicServices, users } from "../../db/schema/index.ts";
import type { ServiceList, StaffList } from "./call.schema.ts";

const FRONT_OFFICE_ROLES = ROLES.filter((role) => can(role, "calls.write"));

/**
 * Active front-office users, to transfer a call to a person or address a message
 * (non-admins cannot read /api/users): only those who may take a call and
 * acknowledge a message (calls.write), so that no message waits for a reader who
 * can never mark it received.
 */
export async function listStaff(ctx: Ctx): Promise<StaffList> {
  authorize(ctx.actor, "calls.read");
  const rows = await ctx.database.db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, role: users.role })
    .from(users)
    .where(and(eq(users.active, true), inArray(users.role, FRONT_OFFICE_ROLES)))
    .orderBy(asc(users.lastName), asc(users.firstName));
  return { users: rows };
}

/** The clinic's active services, in their order: where a call is transferred or a message addressed. */
export async function listServices(ctx: Ctx): Promise<ServiceList> {
  authorize(ctx.actor, "calls.read");
  const services = await ctx.database.db
    .select({
      id: clinicServices.id,
      name: clinicServices.name,
      greetingName: clinicServices.greetingName,
      active: clinicServices.active,
    })
    .from(clinicServices)
    .where(eq(clinicServices.active, true))
    .orderBy(asc(clinicServices.position), asc(clinicServices.name));
  return { services };
}
