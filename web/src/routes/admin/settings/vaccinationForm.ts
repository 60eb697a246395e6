import type { AgeOffset, ChildSex } from "../../../../../shared/vaccination.ts";
import type { Settings } from "../../../api/types.ts";
import type { FieldErrors } from "../../../components/form.ts";

type Num = number | "";
type VaccinationSettings = Settings["vaccination"];

/** One dose of the schedule as edited: offsets part by part ("" for none). */
export interface ScheduleRow {
  key: string;
  vaccine: string;
  dose: Num;
  label: string;
  age: { years: Num; months: Num; weeks: Num; days: Num };
  /** The least gap after the previous dose, in months and weeks (the other parts kept as loaded). */
  gap: { months: Num; weeks: Num };
  gapRest: { years?: number; days?: number };
  sex: ChildSex | null;
}

export interface VaccinationFormValues {
  schedule: ScheduleRow[];
  lateAfterDays: Num;
  reminder: { daysBefore: Num; at: string };
  smsTemplate: string;
}

let nextKey = 0;
const rowKey = () => `vaccine-row-${++nextKey}`;
const part = (value: number | undefined): Num => value ?? "";

export function toScheduleRow(dose: VaccinationSettings["schedule"][number]): ScheduleRow {
  const gap = dose.minGapAfterPrevious ?? {};
  return {
    key: rowKey(),
    vaccine: dose.vaccine,
    dose: dose.dose,
    label: dose.label,
    age: {
      years: part(dose.age.years),
      months: part(dose.age.months),
      weeks: part(dose.age.weeks),
      days: part(dose.age.days),
    },
    gap: { months: part(gap.months), weeks: part(gap.weeks) },
    gapRest: {
      ...(gap.years !== undefined ? { years: gap.years } : {}),
      ...(gap.days !== undefined ? { days: gap.days } : {}),
    },
    sex: dose.sex ?? null,
  };
}

export const emptyScheduleRow = (): ScheduleRow => ({
  key: rowKey(),
  vaccine: "",
  dose: 1,
  label: "",
  age: { years: "", months: "", weeks: "", days: "" },
  gap: { months: "", weeks: "" },
  gapRest: {},
  sex: null,
});

export function toVaccinationForm(settings: VaccinationSettings): VaccinationFormValues {
  return {
    schedule: settings.schedule.map(toScheduleRow),
    lateAfterDays: settings.lateAfterDays,
    reminder: { ...settings.reminder },
    smsTemplate: settings.smsTemplate,
  };
}

function offset(parts: Record<string, Num>): AgeOffset {
  return Object.fromEntries(Object.entries(parts).filter(([, v]) => v !== "")) as AgeOffset;
}

/** The settings' vaccination part from the form; the empty required fields noted in `errors`. */
export function fromVaccinationForm(
  values: VaccinationFormValues,
  errors: FieldErrors,
  required: string,
): VaccinationSettings {
  const num = (path: string, value: Num) => {
    if (value === "") errors[path] = required;
    return value === "" ? 0 : value;
  };
  return {
    schedule: values.schedule.map((row, i) => {
      const gap = { ...row.gapRest, ...offset(row.gap) };
      return {
        vaccine: row.vaccine.trim(),
        dose: num(`vaccination.schedule.${i}.dose`, row.dose),
        label: row.label.trim(),
        age: offset(row.age),
        ...(Object.keys(gap).length > 0 ? { minGapAfterPrevious: gap } : {}),
        sex: row.sex,
      };
    }),
    lateAfterDays: num("vaccination.lateAfterDays", values.lateAfterDays),
    reminder: {
      daysBefore: num("vaccination.reminder.daysBefore", values.reminder.daysBefore),
      at: values.reminder.at.trim(),
    },
    smsTemplate: values.smsTemplate.trim(),
  };
}

/** The form without its row keys (whether anything changed). */
export const vaccinationFingerprint = (values: VaccinationFormValues) => ({
  ...values,
  schedule: values.schedule.map(({ key: _key, ...row }) => row),
});

const FIELD =
  /^vaccination(\.(schedule(\.\d+(\.(vaccine|dose|label|age|minGapAfterPrevious|sex)(\.\w+)?)?)?|lateAfterDays|reminder(\.(daysBefore|at))?|smsTemplate))?$/;

export const isVaccinationField = (field: string): boolean => FIELD.test(field);
