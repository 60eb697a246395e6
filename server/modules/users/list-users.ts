import { asc, eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { users } from "../../db/schema/index.ts";
import { notFound } from "../../http/errors.ts";
import { presentUser } from "./present.ts";
import { emailIs } from "./queries.ts";

/** All accounts, active first then by name (a clinic has tens, not thousands). */
export async function listUsers(ctx: Ctx) {
  authorize(ctx.actor, "users.manage");
  const rows = await ctx.database.db
    .select()
    .from(users)
    .orderBy(sql`${users.active} desc`, asc(users.lastName), asc(users.firstName));
  return rows.map(presentUser);
}

export async function getUser(ctx: Ctx, id: string) {
  authorize(ctx.actor, "users.manage");
  const [row] = await ctx.database.db.select().from(users).where(eq(users.id, id));
  if (!row) throw notFound("user");
  return presentUser(row);
}

/** Finds an account by e-mail, for the CLI. */
export async function findUserByEmail(ctx: Ctx, email: string) {
  authorize(ctx.actor, "users.manage");
  const [row] = await ctx.database.db.select().from(users).where(emailIs(email));
  return row ? presentUser(row) : null;
}
