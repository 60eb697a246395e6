import { asc, eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { clinicServices } from "../../db/schema/index.ts";
import { notFound, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { ClinicServiceView, CreateServiceInput, UpdateServiceInput } from "./scheduling.schema.ts";

type ServiceRow = typeof clinicServices.$inferSelect;

export const presentClinicService = (row: ServiceRow): ClinicServiceView => ({
  id: row.id,
  name: row.name,
  greetingName: row.greetingName,
  active: row.active,
  position: row.position,
  version: row.version,
});

/**
 * Every service, inactive ones too, with position and version: the admin's
 * list (GET /api/services of the calls module lists the active ones for the desk).
 */
export async function listClinicServicesForAdmin(ctx: Ctx): Promise<ClinicServiceView[]> {
  authorize(ctx.actor, "scheduling.manage");
  const rows = await ctx.database.db
    .select()
    .from(clinicServices)
    .orderBy(asc(clinicServices.position), asc(clinicServices.name));
  return rows.map(presentClinicService);
}

/** An admin adds one of the clinic's services (where calls go, appointments are given). */
export async function createClinicService(ctx: Ctx, input: CreateServiceInput): Promise<ClinicServiceView> {
  authorize(ctx.actor, "scheduling.manage");
  return ctx.database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(clinicServices)
      .values({ name: input.name, greetingName: input.greetingName || null, position: input.position ?? 0 })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const view = presentClinicService(row);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "service.create",
      entityType: "clinic_service",
      entityId: row.id,
      after: view,
    });
    return view;
  });
}

/** Renames, reorders or (de)activates a service; never deleted (calls and appointments refer to it). */
export async function updateClinicService(ctx: Ctx, id: string, input: UpdateServiceInput): Promise<ClinicServiceView> {
  authorize(ctx.actor, "scheduling.manage");
  const { version, ...changes } = input;
  return ctx.database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(clinicServices).where(eq(clinicServices.id, id)).for("update");
    if (!before) throw notFound("service");
    if (before.version !== version) throw versionConflict(before.version);
    const set: Partial<typeof clinicServices.$inferInsert> = { ...changes };
    if (changes.greetingName !== undefined) set.greetingName = changes.greetingName || null;
    const [after] = await tx
      .update(clinicServices)
      .set({ ...set, version: sql`${clinicServices.version} + 1` })
      .where(eq(clinicServices.id, id))
      .returning();
    if (!after) throw notFound("service");
    const view = presentClinicService(after);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "service.update",
      entityType: "clinic_service",
      entityId: id,
      before: presentClinicService(before),
      after: view,
    });
    return view;
  });
}
