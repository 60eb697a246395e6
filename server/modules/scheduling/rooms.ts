import { asc, eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { rooms } from "../../db/schema/index.ts";
import { fieldError, notFound, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import type { CreateRoomInput, RoomsQuery, RoomView, UpdateRoomInput } from "./scheduling.schema.ts";

type RoomRow = typeof rooms.$inferSelect;

export const presentRoom = (row: RoomRow): RoomView => ({
  id: row.id,
  site: row.site,
  name: row.name,
  active: row.active,
  position: row.position,
  version: row.version,
});

/** A room's site must be one of the settings' sites (CLINIQUE, PLATEAU…). */
async function refuseUnknownSite(ctx: Ctx, site: string) {
  const { settings } = await readSettings(ctx.database.db);
  if (!settings.sites.some((s) => s.code === site)) throw fieldError("unknown_site", "site", 400);
}

/** The rooms, of one site or all, active and inactive, in their planning order. */
export async function listRooms(ctx: Ctx, query: RoomsQuery): Promise<RoomView[]> {
  authorize(ctx.actor, "appointments.read");
  const rows = await ctx.database.db
    .select()
    .from(rooms)
    .where(query.site ? eq(rooms.site, query.site) : undefined)
    .orderBy(asc(rooms.site), asc(rooms.position), asc(rooms.name));
  return rows.map(presentRoom);
}

/** An admin adds a room to a site's planning. */
export async function createRoom(ctx: Ctx, input: CreateRoomInput): Promise<RoomView> {
  authorize(ctx.actor, "scheduling.manage");
  await refuseUnknownSite(ctx, input.site);
  return ctx.database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(rooms)
      .values({ site: input.site, name: input.name, position: input.position ?? 0 })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const view = presentRoom(row);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "room.create",
      entityType: "room",
      entityId: row.id,
      after: view,
    });
    return view;
  });
}

/** Renames, moves, reorders or (de)activates a room; rooms are never deleted (appointments refer to them). */
export async function updateRoom(ctx: Ctx, id: string, input: UpdateRoomInput): Promise<RoomView> {
  authorize(ctx.actor, "scheduling.manage");
  const { version, ...changes } = input;
  if (changes.site !== undefined) await refuseUnknownSite(ctx, changes.site);
  return ctx.database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(rooms).where(eq(rooms.id, id)).for("update");
    if (!before) throw notFound("room");
    if (before.version !== version) throw versionConflict(before.version);
    const [after] = await tx
      .update(rooms)
      .set({ ...changes, version: sql`${rooms.version} + 1` })
      .where(eq(rooms.id, id))
      .returning();
    if (!after) throw notFound("room");
    const view = presentRoom(after);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "room.update",
      entityType: "room",
      entityId: id,
      before: presentRoom(before),
      after: view,
    });
    return view;
  });
}
