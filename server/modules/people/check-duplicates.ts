import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { foldName } from "./names.ts";
import { parsePhone } from "./phones.ts";
import { findDuplicates } from "./records.ts";

/**
 * The records a new one would duplicate, asked by the creation form as the
 * receptionist types ("déjà venue à NEST ?"). Numbers not yet complete are ignored.
 */
export async function checkDuplicates(
  ctx: Ctx,
  query: { phone?: string | string[]; lastName?: string; firstName?: string; birthDate?: string },
) {
  authorize(ctx.actor, "people.read");
  const typed = query.phone === undefined ? [] : Array.isArray(query.phone) ? query.phone : [query.phone];
  const phones = typed.map(parsePhone).flatMap((p) => (p.ok ? [p.e164] : []));
  const matches = await findDuplicates(ctx.database.db, {
    phones,
    lastNameKey: query.lastName ? foldName(query.lastName) : undefined,
    firstNameKey: query.firstName ? foldName(query.firstName) : undefined,
    birthDate: query.birthDate,
  });
  return { matches };
}
