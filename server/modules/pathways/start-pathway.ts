import { and, eq, isNull } from "drizzle-orm";
import type { PathwayType } from "../../../shared/pathways.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import { pathways } from "../../db/schema/index.ts";
import { AppError, fieldError } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import type { PathwayView, StartPathwayInput } from "./pathway.schema.ts";
import { auditPathway, type PathwayRow, presentPathway } from "./present.ts";
import { clinicToday, loadPathwayPatient, pregnancyDates } from "./records.ts";

const alreadyOpen = (pathwayId?: string) => new AppError(409, "pathway_already_open", { details: { pathwayId } });

/**
 * Starts a pathway for a patient (DESIGN §2), from the clinic's today unless
 * another day is given. A pregnancy needs its DDR or DPA, the other derived by
 * the settings' convention (procedure 5: « les DDR et DPA doivent être
 * identifiées »). One open pathway of a type at a time: another is a 409.
 */
export async function startPathway(ctx: Ctx, personId: string, input: StartPathwayInput): Promise<PathwayView> {
  authorize(ctx.actor, "pathways.write");
  const { settings } = await readSettings(ctx.database.db);
  const inserted = ctx.database.db.transaction(async (tx) => {
    // Locking the patient makes two starts at once wait for each other; the unique index is the last word.
    await loadPathwayPatient(tx, personId, { forWrite: true });
    return startPathwayIn(tx, ctx, settings, personId, input);
  });
  return inserted.catch((error: unknown) => {
    throw isUniqueViolation(error, "pathways_one_open_per_type_idx") ? alreadyOpen() : error;
  });
}

/** The patient's open pathway of a type, if any. */
export async function openPathwayOfType(tx: Executor, personId: string, type: PathwayType) {
  const [open] = await tx
    .select({ id: pathways.id })
    .from(pathways)
    .where(and(eq(pathways.personId, personId), eq(pathways.type, type), isNull(pathways.endedOn)));
  return open;
}

/**
 * Starts a pathway as typed (its first day, a pregnancy's dates checked and completed) in the caller's
 * transaction, the patient locked by it: the start of a pathway by another use case (an entry interview)
 * goes through here.
 */
export async function startPathwayIn(
  tx: Executor,
  ctx: Ctx,
  settings: Settings,
  personId: string,
  input: StartPathwayInput,
): Promise<PathwayView> {
  const today = clinicToday(ctx, settings);
  const startedOn = input.startedOn ?? today;
  if (startedOn > today) throw fieldError("pathway_start_in_future", "startedOn");
  let dates: ReturnType<typeof pregnancyDates> | null = null;
  if (input.type === "pregnancy") dates = pregnancyDates(input, today, settings.pregnancy.dueDateConvention);
  else if (input.ddr || input.dpa) throw fieldError("pathway_not_pregnancy", input.ddr ? "ddr" : "dpa");
  return presentPathway(await insertPathway(tx, ctx, personId, input.type, startedOn, dates), today);
}

/**
 * Inserts an open pathway, audited, inside the caller's transaction (the patient locked by it): a 409 when
 * one of that type is open already.
 */
export async function insertPathway(
  tx: Executor,
  ctx: Ctx,
  personId: string,
  type: PathwayType,
  startedOn: string,
  dates: ReturnType<typeof pregnancyDates> | null = null,
): Promise<PathwayRow> {
  const open = await openPathwayOfType(tx, personId, type);
  if (open) throw alreadyOpen(open.id);
  const now = ctx.clock.now();
  const [row] = await tx
    .insert(pathways)
    .values({
      personId,
      type,
      startedOn,
      ...(dates ?? {}),
      createdAt: now,
      createdBy: ctx.actor.type === "user" ? ctx.actor.id : null,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  await recordAudit(tx, ctx.clock, ctx.actor, {
    action: "pathway.start",
    entityType: "pathway",
    entityId: row.id,
    after: auditPathway(row),
  });
  return row;
}
