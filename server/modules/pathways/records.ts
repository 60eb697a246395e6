import { and, eq } from "drizzle-orm";
import {
  completePregnancyDates,
  type DueDateConvention,
  type PregnancyDateErrorCode,
  type PregnancyDatesInput,
  validatePregnancyDates,
} from "../../../shared/pregnancy.ts";
import { clinicDay } from "../../clinic-calendar.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { pathways, people } from "../../db/schema/index.ts";
import { AppError, fieldError, notFound, versionConflict } from "../../http/errors.ts";
import type { ErrorCode } from "../../i18n/messages.ts";
import type { Settings } from "../settings/settings.schema.ts";
import type { PathwayRow } from "./present.ts";

/** The clinic's today, in its time zone: pathways start and end on clinic days. */
export const clinicToday = (ctx: Ctx, settings: Settings) => clinicDay(ctx.clock.now(), settings.timeZone);

/**
 * The person whose pathways these are, locked when asked: 404 when unknown,
 * 409 when a prospect (pathways are followed on patient records, procedure 5)
 * or a merged record (when writing).
 */
export async function loadPathwayPatient(executor: Executor, id: string, options: { forWrite?: boolean } = {}) {
  const query = executor
    .select({ id: people.id, kind: people.kind, mergedIntoId: people.mergedIntoId })
    .from(people)
    .where(eq(people.id, id));
  const [person] = options.forWrite ? await query.for("update") : await query;
  if (!person) throw notFound("patient");
  if (person.kind !== "patient") throw new AppError(409, "pathway_patient_only");
  if (options.forWrite && person.mergedIntoId) throw new AppError(409, "merged_record");
  return person;
}

/** A patient's pathway, locked, at the version the caller saw (409 otherwise), still open. */
export async function lockOpenPathway(
  tx: Executor,
  personId: string,
  pathwayId: string,
  version: number,
): Promise<PathwayRow> {
  const [row] = await tx
    .select()
    .from(pathways)
    .where(and(eq(pathways.id, pathwayId), eq(pathways.personId, personId)))
    .for("update");
  if (!row) throw notFound("pathway");
  if (row.version !== version) throw versionConflict(row.version);
  if (row.endedOn) throw new AppError(409, "pathway_closed", { details: { endedOn: row.endedOn } });
  return row;
}

const PREGNANCY_DATE_ERRORS: Record<PregnancyDateErrorCode, ErrorCode> = {
  required: "pregnancy_dates_required",
  invalid: "pregnancy_date_invalid",
  future: "pregnancy_ddr_future",
  too_far: "pregnancy_dpa_too_far",
  too_old: "pregnancy_date_too_old",
  mismatch: "pregnancy_dates_mismatch",
};

/**
 * A pregnancy's DDR and DPA from what was typed, the missing one derived by
 * the convention; a 422 naming the field at fault (shared/pregnancy.ts
 * validatePregnancyDates) when they cannot be.
 */
export function pregnancyDates(input: PregnancyDatesInput, today: string, convention: DueDateConvention) {
  const [first] = validatePregnancyDates(input, today, convention);
  if (first) throw fieldError(PREGNANCY_DATE_ERRORS[first.code], first.field);
  const dates = completePregnancyDates(input, convention);
  if (!dates) throw fieldError("pregnancy_dates_required", "ddr");
  return { ...dates, dueDateConvention: convention };
}
