import { eq } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { settings } from "../../db/schema/index.ts";
import { versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { type Settings, settingsSchema } from "./settings.schema.ts";

/** The settings as stored, completed with the defaults of keys added since; version 0 until first saved. */
export async function readSettings(executor: Executor): Promise<{ version: number; settings: Settings }> {
  const [row] = await executor.select().from(settings).where(eq(settings.id, 1));
  return { version: row?.version ?? 0, settings: settingsSchema.parse(row?.value ?? {}) };
}

export async function getSettings(ctx: Ctx) {
  authorize(ctx.actor, "settings.read");
  return readSettings(ctx.database.db);
}

/** An admin saves the settings; based on a stale version it is refused (409). */
export async function updateSettings(ctx: Ctx, input: { version: number; settings: Settings }) {
  authorize(ctx.actor, "settings.write");
  const value: Settings = {
    ...input.settings,
    holidays: [...input.settings.holidays].sort((a, b) => a.date.localeCompare(b.date)),
  };
  const now = ctx.clock.now();
  const updatedBy = ctx.actor.type === "user" ? ctx.actor.id : null;
  return ctx.database.db.transaction(async (tx) => {
    await tx.select({ id: settings.id }).from(settings).where(eq(settings.id, 1)).for("update");
    const before = await readSettings(tx);
    if (before.version !== input.version) throw versionConflict(before.version);
    const version = before.version + 1;
    await tx
      .insert(settings)
      .values({ id: 1, value, version, updatedAt: now, updatedBy })
      .onConflictDoUpdate({ target: settings.id, set: { value, version, updatedAt: now, updatedBy } });
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "settings.update",
      entityType: "settings",
      entityId: "1",
      before: before.settings,
      after: value,
    });
    return { version, settings: value };
  });
}
