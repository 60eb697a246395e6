import { eq } from "drizzle-orm";
import type { ChildSex, GivenDose } from "../../../shared/vaccination.ts";
import { dosesFor } from "../../../shared/vaccination.ts";
import { clinicDay } from "../../clinic-calendar.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { people, vaccinationDoses } from "../../db/schema/index.ts";
import { AppError, fieldError, notFound } from "../../http/errors.ts";
import type { Settings } from "../settings/settings.schema.ts";
import type { GivenDoseView, VaccinationCalendar, VaccinationPlace } from "./vaccination.schema.ts";

export type DoseRow = typeof vaccinationDoses.$inferSelect;

/** The clinic's today, in its time zone: doses are given and due on clinic days. */
export const clinicToday = (ctx: Pick<Ctx, "clock">, settings: Settings) =>
  clinicDay(ctx.clock.now(), settings.timeZone);

export interface Child {
  id: string;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  sex: ChildSex | null;
  email: string | null;
  motherId: string | null;
  mergedIntoId: string | null;
}

/**
 * The child whose calendar this is, locked when writing: 404 when unknown, 409 when a prospect (the
 * calendar is followed on a patient record) or, when writing, a merged record.
 */
export async function loadChild(executor: Executor, id: string, options: { forWrite?: boolean } = {}): Promise<Child> {
  const query = executor
    .select({
      id: people.id,
      kind: people.kind,
      firstName: people.firstName,
      lastName: people.lastName,
      birthDate: people.birthDate,
      sex: people.sex,
      email: people.email,
      motherId: people.motherId,
      mergedIntoId: people.mergedIntoId,
    })
    .from(people)
    .where(eq(people.id, id));
  const [person] = options.forWrite ? await query.for("update") : await query;
  if (!person) throw notFound("patient");
  if (person.kind !== "patient") throw new AppError(409, "vaccination_patient_only");
  if (options.forWrite && person.mergedIntoId) throw new AppError(409, "merged_record");
  const { kind: _kind, sex, ...rest } = person;
  return { ...rest, sex: sex === "female" || sex === "male" ? sex : null };
}

/** The child's birth date, or a 422 naming it: the calendar counts from it. */
export function birthDateOf(child: Child): string {
  if (!child.birthDate) throw fieldError("vaccination_birth_date_required", "birthDate");
  return child.birthDate;
}

export const presentDose = (row: DoseRow): GivenDoseView => ({
  id: row.id,
  vaccine: row.vaccine,
  dose: row.dose,
  givenOn: row.givenOn,
  place: row.place as VaccinationPlace,
  note: row.note,
  recordedAt: row.recordedAt.toISOString(),
  version: row.version,
});

export const doseKey = (vaccine: string, dose: number) => `${vaccine}#${dose}`;

/** The child's calendar as of a day: each dose of the schedule, due, given or not, with its record. */
export async function calendarOf(
  executor: Executor,
  child: Child,
  settings: Settings,
  asOf: string,
): Promise<VaccinationCalendar> {
  const birthDate = birthDateOf(child);
  const rows = await executor.select().from(vaccinationDoses).where(eq(vaccinationDoses.personId, child.id));
  const given: GivenDose[] = rows.map((r) => ({ vaccine: r.vaccine, dose: r.dose, givenOn: r.givenOn }));
  const byKey = new Map(rows.map((r) => [doseKey(r.vaccine, r.dose), r]));
  const { schedule, lateAfterDays } = settings.vaccination;
  const lines = dosesFor(birthDate, child.sex, schedule, given, asOf, { lateAfterDays });
  return {
    personId: child.id,
    birthDate,
    sex: child.sex,
    asOf,
    lateAfterDays,
    doses: lines.map((line) => {
      const row = byKey.get(doseKey(line.vaccine, line.dose));
      return { ...line, record: row ? presentDose(row) : null };
    }),
  };
}
