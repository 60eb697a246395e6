import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { readSettings } from "../settings/settings.ts";
import { calendarOf, clinicToday, loadChild } from "./records.ts";
import type { VaccinationCalendar } from "./vaccination.schema.ts";

/**
 * A child's vaccination calendar (DESIGN §2): each dose of the schedule with its due day, the day it
 * was given, and its status as of the clinic's today. 422 naming birthDate when the child has none.
 */
export async function getVaccinationCalendar(ctx: Ctx, personId: string): Promise<VaccinationCalendar> {
  authorize(ctx.actor, "people.read");
  const db = ctx.database.db;
  const { settings } = await readSettings(db);
  const child = await loadChild(db, personId);
  return calendarOf(db, child, settings, clinicToday(ctx, settings));
}
