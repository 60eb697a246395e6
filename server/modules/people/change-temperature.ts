import { eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { people, temperatureChanges } from "../../db/schema/index.ts";
import { versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import { presentPerson } from "./present.ts";
import { loadPerson } from "./records.ts";
import type { Temperature } from "./status.ts";

/**
 * Classification 1: the prospects manager or a CRM secretary changes a prospect's temperature (permission
 * prospects.classify); the change is kept with date, author and reason.
 */
export async function changeTemperature(
  ctx: Ctx,
  id: string,
  input: { version: number; temperature: Temperature; reason: string },
) {
  authorize(ctx.actor, "prospects.classify");
  const now = ctx.clock.now();
  const { settings } = await readSettings(ctx.database.db);
  return ctx.database.db.transaction(async (tx) => {
    const before = await loadPerson(tx, id, "prospect", { lock: true });
    if (before.row.version !== input.version) throw versionConflict(before.row.version);
    if (before.row.temperature !== input.temperature) {
      await tx
        .update(people)
        .set({ temperature: input.temperature, version: sql`${people.version} + 1`, updatedAt: now })
        .where(eq(people.id, id));
      await tx.insert(temperatureChanges).values({
        personId: id,
        fromTemperature: before.row.temperature,
        toTemperature: input.temperature,
        changedAt: now,
        changedBy: ctx.actor.type === "user" ? ctx.actor.id : null,
        reason: input.reason,
      });
      await recordAudit(tx, ctx.clock, ctx.actor, {
        action: "prospect.temperature_change",
        entityType: "prospect",
        entityId: id,
        before: { temperature: before.row.temperature },
        after: { temperature: input.temperature, reason: input.reason },
      });
    }
    const after = await loadPerson(tx, id, "prospect");
    return presentPerson(after.row, after.phones, settings, now);
  });
}
