import { addDays, addMonths, differenceInCalendarDays, subDays, subMonths } from "date-fns";
import { dateToDay, dayToDate, isCalendarDay } from "./calendar-day.ts";

/**
 * The pregnancy pathway's dates (DESIGN §2, procedure 5 « Suivi de grossesse »:
 * « les DDR et DPA doivent être identifiées. Les échéances du parcours vont
 * être calculées à partir de celles-ci »). DDR is the last menstrual period,
 * DPA the due date, both calendar days "YYYY-MM-DD"; gestational age is counted
 * in weeks of amenorrhoea (SA) from the DDR. Pure: "today" is always a parameter.
 * French labels (milestones, « 36 SA + 2 j ») are user-facing data and may move
 * to the i18n files later.
 */

/**
 * How the DPA follows from the DDR: "french" (the default), DDR + 14 days +
 * 9 months, 41 SA give or take a few days (DDR 1 January → 15 October);
 * "naegele", DDR + 280 days, 40 SA exactly (DDR 1 January → 8 October).
 */
export const DUE_DATE_CONVENTIONS = ["french", "naegele"] as const;
export type DueDateConvention = (typeof DUE_DATE_CONVENTIONS)[number];
export const DEFAULT_DUE_DATE_CONVENTION: DueDateConvention = "french";

/** Naegele's rule: the DPA is 280 days (40 SA) after the DDR. */
export const NAEGELE_TERM_DAYS = 280;

/**
 * The longest pregnancy the pathway accepts: 44 SA + 0 j, 308 days from the DDR.
 * A DDR further back is a typing error (or a pregnancy long over); gestational
 * age past it is not computed.
 */
export const MAX_GESTATION_WEEKS = 44;
export const MAX_GESTATION_DAYS = MAX_GESTATION_WEEKS * 7;

/**
 * The DPA of a DDR. French convention: 14 days are added first, then 9
 * calendar months; when the month reached is shorter than the day, date-fns
 * clamps to its last day (DDR 2026-05-17 → 05-31 → 2027-02-31 does not exist →
 * 2027-02-28), so a few DDRs near a month's end share one DPA.
 */
export function dpaFromDdr(ddr: string, convention: DueDateConvention = DEFAULT_DUE_DATE_CONVENTION): string {
  const start = dayToDate(ddr);
  if (convention === "naegele") return dateToDay(addDays(start, NAEGELE_TERM_DAYS));
  return dateToDay(addMonths(addDays(start, 14), 9));
}

/**
 * The DDR of a DPA, by the inverse steps: French convention, 9 months back
 * (clamped to the month's end) then 14 days back; Naegele, 280 days back.
 *
 * Naegele always round-trips, both ways. French: dpaFromDdr(ddrFromDpa(dpa))
 * === dpa for every DPA that some DDR gives; months of unequal length make two
 * exceptions:
 * - several DDRs give the same DPA (the clamped last day of a short month):
 *   the earliest of them is returned (DPA 2027-02-28 → DDR 2026-05-14, though
 *   05-15, 05-16 and 05-17 give that DPA too), so those later DDRs do not
 *   come back from their DPA;
 * - no DDR gives the DPA (a day that does not exist 9 months earlier: 29 and
 *   30 November, 31 January, 31 March, 31 August): the DDR returned is that of
 *   the last day of that month that some DDR reaches (DPA 2026-11-30 → DDR
 *   2026-02-14, whose DPA is 2026-11-28), at most 2 days earlier. Keep the DPA
 *   as entered beside the derived DDR: the two stay consistent for
 *   validatePregnancyDates.
 */
export function ddrFromDpa(dpa: string, convention: DueDateConvention = DEFAULT_DUE_DATE_CONVENTION): string {
  const due = dayToDate(dpa);
  if (convention === "naegele") return dateToDay(subDays(due, NAEGELE_TERM_DAYS));
  return dateToDay(subDays(subMonths(due, 9), 14));
}

/** Completed weeks of amenorrhoea and the days past them: 36 SA + 2 j is { weeks: 36, days: 2 }. */
export interface GestationalAge {
  weeks: number;
  days: number;
}

/**
 * The gestational age on a day, counted from the DDR (the DDR itself is
 * 0 SA + 0 j, DDR + 252 days is 36 SA + 0 j, "the 36th week"). Null before the
 * DDR and past MAX_GESTATION_DAYS (44 SA + 0 j), where a figure would be absurd.
 */
export function gestationalAge(ddr: string, asOf: string): GestationalAge | null {
  const elapsed = differenceInCalendarDays(dayToDate(asOf), dayToDate(ddr));
  if (elapsed < 0 || elapsed > MAX_GESTATION_DAYS) return null;
  return { weeks: Math.floor(elapsed / 7), days: elapsed % 7 };
}

/**
 * « 36 SA + 2 j », always with the days, « 12 SA + 0 j » included, so that
 * every age reads alike and "36 SA" alone never hides whether days were left
 * out. Plain spaces: the text fits GSM-7 SMS as it is (a screen keeps it on one
 * line with CSS).
 */
export function formatGestationalAge(age: GestationalAge): string {
  return `${age.weeks} SA + ${age.days} j`;
}

/** The day a gestational age is reached: 36 SA + 0 j is DDR + 252 days. */
export function dayAtGestationalAge(ddr: string, weeks: number, days = 0): string {
  if (!Number.isInteger(weeks) || weeks < 0 || !Number.isInteger(days) || days < 0 || days > 6) {
    throw new RangeError(`not a gestational age: ${weeks} SA + ${days} j`);
  }
  return dateToDay(addDays(dayToDate(ddr), weeks * 7 + days));
}

/**
 * A milestone of the pathway: reached at a gestational age (with an optional
 * last day, for a window such as the first-trimester scan) or on the DPA.
 */
export interface PregnancyMilestone {
  id: string;
  /** French, shown to staff. */
  label: string;
  at: GestationalAge | "dpa";
  until?: GestationalAge;
}

/**
 * The milestones of the pathway, as data. "week-36" is the day the follow-up
 * rule of the same id (DESIGN §3) makes its preparation call task.
 */
export const PREGNANCY_MILESTONES: readonly PregnancyMilestone[] = [
  {
    id: "scan-t1",
    label: "Échographie du 1er trimestre",
    at: { weeks: 11, days: 0 },
    until: { weeks: 13, days: 6 },
  },
  { id: "scan-t2", label: "Échographie du 2e trimestre", at: { weeks: 22, days: 0 } },
  { id: "scan-t3", label: "Échographie du 3e trimestre", at: { weeks: 32, days: 0 } },
  { id: "week-36", label: "Appel de préparation à la naissance (36 SA)", at: { weeks: 36, days: 0 } },
  { id: "term-41", label: "Terme (41 SA)", at: { weeks: 41, days: 0 } },
  { id: "dpa", label: "Date prévue d'accouchement (DPA)", at: "dpa" },
];

export interface DatedMilestone {
  id: string;
  label: string;
  /** The day the milestone is reached (the first day of its window). */
  on: string;
  /** The last day of its window, or null for a single day. */
  until: string | null;
}

/** The milestones of a pregnancy with their days, in the order they come (list order on the same day). */
export function pregnancyMilestones(
  ddr: string,
  convention: DueDateConvention = DEFAULT_DUE_DATE_CONVENTION,
  milestones: readonly PregnancyMilestone[] = PREGNANCY_MILESTONES,
): DatedMilestone[] {
  const dated = milestones.map((m) => ({
    id: m.id,
    label: m.label,
    on: m.at === "dpa" ? dpaFromDdr(ddr, convention) : dayAtGestationalAge(ddr, m.at.weeks, m.at.days),
    until: m.until ? dayAtGestationalAge(ddr, m.until.weeks, m.until.days) : null,
  }));
  // Array.prototype.sort is stable: milestones of the same day keep the list's order.
  return dated.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
}

export type PregnancyDateField = "ddr" | "dpa";

/**
 * Why a pregnancy date is refused:
 * - required: neither the DDR nor the DPA was given;
 * - invalid: not a day "YYYY-MM-DD" that exists;
 * - future: a DDR after today;
 * - too_far: a DPA whose DDR would be after today (more than a whole
 *   pregnancy ahead: 287 days or so in the French convention, 280 with Naegele);
 * - too_old: a DDR more than 44 weeks before today, or a DPA whose DDR would be;
 * - mismatch: both given, and neither follows from the other by the convention.
 */
export type PregnancyDateErrorCode = "required" | "invalid" | "future" | "too_far" | "too_old" | "mismatch";

export interface PregnancyDateError {
  field: PregnancyDateField;
  code: PregnancyDateErrorCode;
}

export interface PregnancyDatesInput {
  ddr?: string | null;
  dpa?: string | null;
}

/**
 * Checks the dates of a pregnancy being entered, as of the clinic's today:
 * either date may be given and the other is derived (completePregnancyDates).
 * The DPA is judged through its DDR so that both fields accept the same
 * pregnancies. Returns every error found, [] when the dates are acceptable.
 */
export function validatePregnancyDates(
  input: PregnancyDatesInput,
  today: string,
  convention: DueDateConvention = DEFAULT_DUE_DATE_CONVENTION,
): PregnancyDateError[] {
  dayToDate(today); // a malformed today is a programming error: throw
  const { ddr, dpa } = input;
  if (!ddr && !dpa) return [{ field: "ddr", code: "required" }];
  const errors: PregnancyDateError[] = [];
  const ddrOk = !!ddr && isCalendarDay(ddr);
  const dpaOk = !!dpa && isCalendarDay(dpa);
  if (ddr && !ddrOk) errors.push({ field: "ddr", code: "invalid" });
  if (dpa && !dpaOk) errors.push({ field: "dpa", code: "invalid" });
  const oldest = dateToDay(subDays(dayToDate(today), MAX_GESTATION_DAYS));
  if (ddr && ddrOk) {
    if (ddr > today) errors.push({ field: "ddr", code: "future" });
    else if (ddr < oldest) errors.push({ field: "ddr", code: "too_old" });
  }
  if (dpa && dpaOk) {
    const derived = ddrFromDpa(dpa, convention);
    if (derived > today) errors.push({ field: "dpa", code: "too_far" });
    else if (derived < oldest) errors.push({ field: "dpa", code: "too_old" });
  }
  if (ddr && dpa && ddrOk && dpaOk && dpaFromDdr(ddr, convention) !== dpa && ddrFromDpa(dpa, convention) !== ddr) {
    errors.push({ field: "dpa", code: "mismatch" });
  }
  return errors;
}

/**
 * Both dates of a pregnancy from what was entered: the missing one derived, a
 * given one kept as entered. Null when neither was given. Validate first.
 */
export function completePregnancyDates(
  input: PregnancyDatesInput,
  convention: DueDateConvention = DEFAULT_DUE_DATE_CONVENTION,
): { ddr: string; dpa: string } | null {
  const { ddr, dpa } = input;
  if (ddr && dpa) return { ddr, dpa };
  if (ddr) return { ddr, dpa: dpaFromDdr(ddr, convention) };
  if (dpa) return { ddr: ddrFromDpa(dpa, convention), dpa };
  return null;
}
