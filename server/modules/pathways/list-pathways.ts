import { desc, eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { pathways } from "../../db/schema/index.ts";
import { readSettings } from "../settings/settings.ts";
import type { PathwayList } from "./pathway.schema.ts";
import { presentPathway } from "./present.ts";
import { clinicToday, loadPathwayPatient } from "./records.ts";

/** A patient's pathways, open ones first, a pregnancy with its gestational age and milestones as of today. */
export async function listPathways(ctx: Ctx, personId: string): Promise<PathwayList> {
  authorize(ctx.actor, "people.read");
  const { db } = ctx.database;
  await loadPathwayPatient(db, personId);
  const today = clinicToday(ctx, (await readSettings(db)).settings);
  const rows = await db
    .select()
    .from(pathways)
    .where(eq(pathways.personId, personId))
    .orderBy(
      sql`${pathways.endedOn} is not null`,
      desc(pathways.endedOn),
      desc(pathways.startedOn),
      desc(pathways.createdAt),
    );
  return { asOf: today, items: rows.map((row) => presentPathway(row, today)) };
}
