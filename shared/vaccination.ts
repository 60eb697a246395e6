import { add, differenceInCalendarDays } from "date-fns";
import { dateToDay, dayToDate, isCalendarDay } from "./calendar-day.ts";

/**
 * The child pathway's vaccination calendar (DESIGN §2, procedure 5 « Suivi de
 * l'enfant »: « Le calendrier vaccinal personnalisé est donné aux parents et le
 * rappel des vaccins par SMS individualisés est programmé »). The schedule is
 * data the admin may edit; SENEGAL_EPI is the default shipped. Pure: "today" is
 * always a parameter. French labels are user-facing data and may move to the
 * i18n files later.
 */

export const CHILD_SEXES = ["female", "male"] as const;
export type ChildSex = (typeof CHILD_SEXES)[number];

/**
 * A child's age, or a gap between doses, as whole calendar units (date-fns
 * `add`): years and months first, together as one count of months (a day that
 * does not exist in the month reached becomes its last day: born 2028-02-29,
 * 9 years on 2037-02-28, 9 years 6 months on 2037-08-29), then weeks and days.
 */
export interface AgeOffset {
  years?: number;
  months?: number;
  weeks?: number;
  days?: number;
}

/** An offset's rough length in days, generous (a year 366 days, a month 31): to bound a search window. */
export const offsetDaysAtMost = (o: AgeOffset) =>
  (o.years ?? 0) * 366 + (o.months ?? 0) * 31 + (o.weeks ?? 0) * 7 + (o.days ?? 0);

/** One dose of a schedule. (vaccine, dose) identifies it; doses of a vaccine are numbered from 0 or 1. */
export interface ScheduledDose {
  /** Short code shared by the doses of one vaccine ("HEXA", "RR"): what a given dose is recorded against. */
  vaccine: string;
  dose: number;
  /** French, shown to staff and parents. */
  label: string;
  /** Age at which the dose is due, from the birth date. */
  age: AgeOffset;
  /**
   * Least gap after the previous dose of the same vaccine: once that dose is
   * given, this one is due no earlier than its day + the gap (a late first
   * dose pushes the second back).
   */
  minGapAfterPrevious?: AgeOffset;
  /** Only for children of this sex (HPV: girls); none for all. */
  sex?: ChildSex | null;
}

export type VaccinationSchedule = readonly ScheduledDose[];

const AT_BIRTH: AgeOffset = {};
const FOUR_WEEKS: AgeOffset = { weeks: 4 };

/** The 6, 10 and 14 weeks series: hexavalent, pneumococcal, rotavirus and oral polio, 4 weeks apart at least. */
function infantSeries(dose: 1 | 2 | 3, weeks: number): ScheduledDose[] {
  const gap = dose === 1 ? {} : { minGapAfterPrevious: FOUR_WEEKS };
  return [
    { vaccine: "HEXA", dose, label: `Hexavalent ${dose}`, age: { weeks }, ...gap },
    { vaccine: "PCV13", dose, label: `Pneumocoque (PCV13) ${dose}`, age: { weeks }, ...gap },
    { vaccine: "ROTA", dose, label: `Rotavirus ${dose}`, age: { weeks }, ...gap },
    { vaccine: "VPO", dose, label: `Polio oral (VPO${dose})`, age: { weeks }, ...gap },
  ];
}

/**
 * Senegal's Expanded Programme on Immunisation (PEV) as DESIGN §2 reports it:
 * « birth BCG + oral polio; 6, 10 and 14 weeks hexavalent (since July 2025) +
 * pneumococcal + rotavirus + oral polio; 9 months measles-rubella (RR1) +
 * yellow fever; 15 months RR2; girls at 9 years HPV (2 doses, 6 months apart) ».
 * The clinic must check it and may correct it in the admin editor.
 */
export const SENEGAL_EPI: VaccinationSchedule = [
  { vaccine: "BCG", dose: 1, label: "BCG", age: AT_BIRTH },
  { vaccine: "VPO", dose: 0, label: "Polio oral (VPO0)", age: AT_BIRTH },
  ...infantSeries(1, 6),
  ...infantSeries(2, 10),
  ...infantSeries(3, 14),
  { vaccine: "RR", dose: 1, label: "Rougeole-rubéole (RR1)", age: { months: 9 } },
  { vaccine: "VAA", dose: 1, label: "Fièvre jaune", age: { months: 9 } },
  { vaccine: "RR", dose: 2, label: "Rougeole-rubéole (RR2)", age: { months: 15 }, minGapAfterPrevious: FOUR_WEEKS },
  { vaccine: "HPV", dose: 1, label: "Papillomavirus (HPV) 1", age: { years: 9 }, sex: "female" },
  {
    vaccine: "HPV",
    dose: 2,
    label: "Papillomavirus (HPV) 2",
    age: { years: 9, months: 6 },
    minGapAfterPrevious: { months: 6 },
    sex: "female",
  },
];

/** A dose recorded as given (by the clinic or reported from the child's booklet). */
export interface GivenDose {
  vaccine: string;
  dose: number;
  givenOn: string;
}

/**
 * - upcoming (à venir): not given, due day still ahead;
 * - due (dû): not given, from the due day to `lateAfterDays` days after it, inclusive;
 * - late (en retard): not given, more than `lateAfterDays` days after the due day;
 * - done (fait): recorded as given, whatever the day it was given on.
 */
export const DOSE_STATUSES = ["upcoming", "due", "late", "done"] as const;
export type DoseStatus = (typeof DOSE_STATUSES)[number];

export const DOSE_STATUS_LABELS: Record<DoseStatus, string> = {
  upcoming: "À venir",
  due: "Dû",
  late: "En retard",
  done: "Fait",
};

/** A due dose is late once more than this many days have passed since its due day. */
export const DEFAULT_LATE_AFTER_DAYS = 14;
/** An upcoming dose is "due soon" (time to remind the parents) when its due day is at most this many days ahead. */
export const DEFAULT_DUE_SOON_DAYS = 7;

export interface DoseLine {
  vaccine: string;
  dose: number;
  label: string;
  dueOn: string;
  givenOn: string | null;
  status: DoseStatus;
  /** An upcoming dose whose due day is within `dueSoonDays` days; false for any other status. */
  dueSoon: boolean;
}

export interface DosesOptions {
  dueSoonDays?: number;
  lateAfterDays?: number;
}

/** The day a child reaches an age (or a gap after a day is over). */
export function dayAtAge(birthDate: string, age: AgeOffset): string {
  return dateToDay(add(dayToDate(birthDate), age));
}

const doseKey = (vaccine: string, dose: number) => `${vaccine}\u0000${dose}`;

/**
 * A child's personalised calendar as of a day: one line per dose of the
 * schedule that applies to the child's sex, in the order of their due days
 * (schedule order on the same day).
 * - A dose restricted to one sex is left out for a child of the other sex and
 *   kept when the sex is unknown (null): a dose shown by mistake can be seen and
 *   corrected, a dose hidden is silently missed. A restricted dose recorded as
 *   given is always shown.
 * - The due day is birth + age, pushed back to the previous dose's given day +
 *   minGapAfterPrevious when that is later. The previous dose is the one of the
 *   same vaccine with the next lower number in the schedule.
 * - Given doses that the schedule does not list are not shown; when a dose is
 *   recorded twice, the earliest day counts.
 */
export function dosesFor(
  birthDate: string,
  sex: ChildSex | null,
  schedule: VaccinationSchedule,
  given: readonly GivenDose[],
  asOf: string,
  options: DosesOptions = {},
): DoseLine[] {
  const { dueSoonDays = DEFAULT_DUE_SOON_DAYS, lateAfterDays = DEFAULT_LATE_AFTER_DAYS } = options;
  const today = dayToDate(asOf);
  const givenOn = new Map<string, string>();
  for (const g of given) {
    dayToDate(g.givenOn); // a malformed day is a programming error: throw
    const key = doseKey(g.vaccine, g.dose);
    const known = givenOn.get(key);
    if (known === undefined || g.givenOn < known) givenOn.set(key, g.givenOn);
  }
  const lines = schedule
    .filter((d) => !d.sex || sex === null || d.sex === sex || givenOn.has(doseKey(d.vaccine, d.dose)))
    .map((d): DoseLine => {
      let dueOn = dayAtAge(birthDate, d.age);
      const previous = previousDose(schedule, d);
      const previousGiven = previous && givenOn.get(doseKey(previous.vaccine, previous.dose));
      if (previousGiven && d.minGapAfterPrevious) {
        const afterGap = dayAtAge(previousGiven, d.minGapAfterPrevious);
        if (afterGap > dueOn) dueOn = afterGap;
      }
      const done = givenOn.get(doseKey(d.vaccine, d.dose)) ?? null;
      const daysSinceDue = differenceInCalendarDays(today, dayToDate(dueOn));
      const status: DoseStatus =
        done !== null ? "done" : daysSinceDue < 0 ? "upcoming" : daysSinceDue <= lateAfterDays ? "due" : "late";
      return {
        vaccine: d.vaccine,
        dose: d.dose,
        label: d.label,
        dueOn,
        givenOn: done,
        status,
        dueSoon: status === "upcoming" && -daysSinceDue <= dueSoonDays,
      };
    });
  return lines.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
}

/** The dose of the same vaccine with the next lower number, if the schedule has one. */
function previousDose(schedule: VaccinationSchedule, dose: ScheduledDose): ScheduledDose | undefined {
  let previous: ScheduledDose | undefined;
  for (const d of schedule) {
    if (d.vaccine === dose.vaccine && d.dose < dose.dose && (!previous || d.dose > previous.dose)) previous = d;
  }
  return previous;
}

/** Bounds of a schedule in the admin editor. */
export const SCHEDULE_LIMITS = {
  vaccineCodeMax: 20,
  labelMax: 120,
  dosesMax: 100,
  /** No offset part may exceed this (e.g. 1200 months): larger is a typing error. */
  offsetPartMax: 1200,
} as const;

export type ScheduleField = "schedule" | "vaccine" | "dose" | "label" | "age" | "minGapAfterPrevious" | "sex";

/**
 * - required: an empty vaccine code or label;
 * - too_long: longer than SCHEDULE_LIMITS (for "schedule": too many doses);
 * - invalid: a vaccine code not made of capitals, digits, "-" or "_"; a dose number
 *   that is not a whole number; an offset part that is not a whole number or is too
 *   large; an unknown sex;
 * - negative: a negative dose number or offset part;
 * - duplicate: the same (vaccine, dose) as an earlier line.
 */
export type ScheduleErrorCode = "required" | "too_long" | "invalid" | "negative" | "duplicate";

export interface ScheduleError {
  /** The line of the schedule (0-based); -1 for the schedule as a whole. */
  index: number;
  field: ScheduleField;
  code: ScheduleErrorCode;
}

/** Checks a schedule edited by the admin; returns every error found, [] when it may be saved. */
export function validateSchedule(schedule: VaccinationSchedule): ScheduleError[] {
  const errors: ScheduleError[] = [];
  if (schedule.length > SCHEDULE_LIMITS.dosesMax) errors.push({ index: -1, field: "schedule", code: "too_long" });
  const seen = new Set<string>();
  schedule.forEach((d, index) => {
    const push = (field: ScheduleField, code: ScheduleErrorCode) => errors.push({ index, field, code });
    const vaccine = d.vaccine.trim();
    if (vaccine === "") push("vaccine", "required");
    else if (vaccine.length > SCHEDULE_LIMITS.vaccineCodeMax) push("vaccine", "too_long");
    else if (!/^[A-Z0-9_-]+$/.test(vaccine) || vaccine !== d.vaccine) push("vaccine", "invalid");
    if (!Number.isInteger(d.dose)) push("dose", "invalid");
    else if (d.dose < 0) push("dose", "negative");
    const label = d.label.trim();
    if (label === "") push("label", "required");
    else if (label.length > SCHEDULE_LIMITS.labelMax) push("label", "too_long");
    const ageError = offsetError(d.age);
    if (ageError) push("age", ageError);
    const gapError = d.minGapAfterPrevious ? offsetError(d.minGapAfterPrevious) : null;
    if (gapError) push("minGapAfterPrevious", gapError);
    if (d.sex != null && !(CHILD_SEXES as readonly string[]).includes(d.sex)) push("sex", "invalid");
    const key = doseKey(vaccine, d.dose);
    if (seen.has(key)) push("dose", "duplicate");
    seen.add(key);
  });
  return errors;
}

function offsetError(offset: AgeOffset): ScheduleErrorCode | null {
  const parts = [offset.years, offset.months, offset.weeks, offset.days].filter((v) => v !== undefined);
  if (parts.some((v) => !Number.isInteger(v) || v > SCHEDULE_LIMITS.offsetPartMax)) return "invalid";
  if (parts.some((v) => v < 0)) return "negative";
  return null;
}

export type GivenDayErrorCode = "invalid" | "before_birth" | "future";

/** Why the day a dose was given is refused (a real day, not before birth, not after today), or null. */
export function validateGivenDay(
  givenOn: string,
  birthDate: string,
  today: string,
): { field: "givenOn"; code: GivenDayErrorCode } | null {
  if (!isCalendarDay(givenOn)) return { field: "givenOn", code: "invalid" };
  if (givenOn < birthDate) return { field: "givenOn", code: "before_birth" };
  if (givenOn > today) return { field: "givenOn", code: "future" };
  return null;
}
