import { asc, eq } from "drizzle-orm";
import { toIso } from "../../../shared/schemas.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { temperatureChanges, users } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import { presentPerson } from "./present.ts";
import { loadPerson, type PersonKind } from "./records.ts";

/**
 * A prospect or patient record with its temperature history. Reading a patient
 * record is itself audited (loi 2008-12: who looked at whose file).
 */
export async function getPerson(ctx: Ctx, kind: PersonKind, id: string) {
  authorize(ctx.actor, "people.read");
  const { db } = ctx.database;
  const now = ctx.clock.now();
  const { settings } = await readSettings(db);
  const { row, phones } = await loadPerson(db, id, kind);
  const history = await db
    .select({
      fromTemperature: temperatureChanges.fromTemperature,
      toTemperature: temperatureChanges.toTemperature,
      changedAt: temperatureChanges.changedAt,
      reason: temperatureChanges.reason,
      changedBy: users.email,
    })
    .from(temperatureChanges)
    .leftJoin(users, eq(users.id, temperatureChanges.changedBy))
    .where(eq(temperatureChanges.personId, id))
    .orderBy(asc(temperatureChanges.changedAt), asc(temperatureChanges.id));
  if (kind === "patient") {
    await recordAudit(db, ctx.clock, ctx.actor, { action: "patient.read", entityType: "patient", entityId: id });
  }
  return {
    ...presentPerson(row, phones, settings, now),
    temperatureHistory: history.map((h) => ({ ...h, changedAt: toIso(h.changedAt) })),
  };
}
