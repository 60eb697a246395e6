import { asc, eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { practitioners } from "../../db/schema/index.ts";
import { notFound, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CreatePractitionerInput, PractitionerView, UpdatePractitionerInput } from "./scheduling.schema.ts";

type PractitionerRow = typeof practitioners.$inferSelect;

export const presentPractitioner = (row: PractitionerRow): PractitionerView => ({
  id: row.id,
  name: row.name,
  speciality: row.speciality,
  active: row.active,
  version: row.version,
});

/** Every practitioner, active and inactive, by name. */
export async function listPractitioners(ctx: Ctx): Promise<PractitionerView[]> {
  authorize(ctx.actor, "appointments.read");
  const rows = await ctx.database.db.select().from(practitioners).orderBy(asc(practitioners.name));
  return rows.map(presentPractitioner);
}

/** An admin adds a doctor, a midwife… who sees patients (not necessarily a user of Relais). */
export async function createPractitioner(ctx: Ctx, input: CreatePractitionerInput): Promise<PractitionerView> {
  authorize(ctx.actor, "scheduling.manage");
  return ctx.database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(practitioners)
      .values({ name: input.name, speciality: input.speciality || null })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const view = presentPractitioner(row);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "practitioner.create",
      entityType: "practitioner",
      entityId: row.id,
      after: view,
    });
    return view;
  });
}

/** Edits or (de)activates a practitioner; never deleted (appointments refer to them). */
export async function updatePractitioner(
  ctx: Ctx,
  id: string,
  input: UpdatePractitionerInput,
): Promise<PractitionerView> {
  authorize(ctx.actor, "scheduling.manage");
  const { version, ...changes } = input;
  return ctx.database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(practitioners).where(eq(practitioners.id, id)).for("update");
    if (!before) throw notFound("practitioner");
    if (before.version !== version) throw versionConflict(before.version);
    const set: Partial<typeof practitioners.$inferInsert> = { ...changes };
    if (changes.speciality !== undefined) set.speciality = changes.speciality || null;
    const [after] = await tx
      .update(practitioners)
      .set({ ...set, version: sql`${practitioners.version} + 1` })
      .where(eq(practitioners.id, id))
      .returning();
    if (!after) throw notFound("practitioner");
    const view = presentPractitioner(after);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "practitioner.update",
      entityType: "practitioner",
      entityId: id,
      before: presentPractitioner(before),
      after: view,
    });
    return view;
  });
}
