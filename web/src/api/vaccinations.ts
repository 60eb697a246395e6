import type { z } from "zod";
import type {
  GivenDoseView,
  RecordDoseInput,
  sendCalendarResultSchema,
  VaccinationCalendar,
} from "../../../server/modules/vaccinations/vaccination.schema.ts";
import { api, buildUrl } from "./client.ts";

/** A child's vaccination calendar (DESIGN §2): each dose with its due day, given day and status. */
export type { GivenDoseView, RecordDoseInput, VaccinationCalendar };
export type DoseLine = VaccinationCalendar["doses"][number];
export type SendCalendarResult = z.infer<typeof sendCalendarResultSchema>;

export const vaccinationKeys = {
  calendar: (personId: string) => ["vaccinations", personId] as const,
};

const base = (personId: string) => `/api/patients/${encodeURIComponent(personId)}/vaccinations`;

export const getVaccinations = (personId: string, signal?: AbortSignal) =>
  api<VaccinationCalendar>("GET", base(personId), { signal });
export const recordDose = (personId: string, body: RecordDoseInput) =>
  api<GivenDoseView>("POST", `${base(personId)}/doses`, { body });
export const removeDose = (personId: string, doseId: string, version: number) =>
  api<void>("DELETE", `${base(personId)}/doses/${encodeURIComponent(doseId)}`, { body: { version } });
export const sendVaccinationCalendar = (personId: string) => api<SendCalendarResult>("POST", `${base(personId)}/send`);
export const vaccinationPdfUrl = (personId: string) => buildUrl(`${base(personId)}.pdf`);
