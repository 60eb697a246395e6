import { asc, eq } from "drizzle-orm";
import { toIso } from "../../../shared/schemas.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { interactions, temperatureChanges, users } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { staffName } from "../interactions/interactions.ts";
import { readSettings } from "../settings/settings.ts";
import { presentPerson } from "./present.ts";
import { loadPerson, type PersonKind } from "./records.ts";
import { statusHistory, type Temperature } from "./status.ts";

/**
 * A prospect or patient record with its classification histories (temperature
 * changes as stored, status changes as derived from them). Reading a patient
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
      firstName: users.firstName,
      lastName: users.lastName,
    })
    .from(temperatureChanges)
    .leftJoin(users, eq(users.id, temperatureChanges.changedBy))
    .where(eq(temperatureChanges.personId, id))
    .orderBy(asc(temperatureChanges.changedAt), asc(temperatureChanges.id));
  if (kind === "patient") {
    await recordAudit(db, ctx.clock, ctx.actor, { action: "patient.read", entityType: "patient", entityId: id });
  }
  let statusChanges: { at: string; status: string }[] = [];
  if (kind === "prospect") {
    const contacts = await db
      .select({ at: interactions.occurredAt })
      .from(interactions)
      .where(eq(interactions.personId, id));
    const firstContact = row.firstContactDate ? [new Date(`${row.firstContactDate}T12:00:00Z`)] : [row.createdAt];
    statusChanges = statusHistory(
      {
        contacts: [...firstContact, ...contacts.map((c) => c.at)],
        temperatures: history.map((h) => ({ at: h.changedAt, temperature: h.toTemperature as Temperature })),
        convertedAt: row.convertedAt,
      },
      now,
      settings,
    ).map((change) => ({ at: toIso(change.at), status: change.status }));
  }
  return {
    ...presentPerson(row, phones, settings, now),
    // Staff are named by their names (« Awa Diop »), not their e-mails.
    temperatureHistory: history.map(({ firstName, lastName, ...h }) => ({
      ...h,
      changedAt: toIso(h.changedAt),
      changedBy: staffName({ firstName, lastName }),
    })),
    statusHistory: statusChanges,
  };
}
