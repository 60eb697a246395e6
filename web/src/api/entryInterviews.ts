import type {
  EntryInterviewList,
  EntryInterviewView,
  RecordEntryInterviewInput,
  RecordedEntryInterview,
} from "../../../server/modules/entry-interviews/entry-interview.schema.ts";
import { api } from "./client.ts";

/** A new patient's entry interview (« entretien d'entrée », procedure 5). */
export type EntryInterview = EntryInterviewView;
export { VISIT_PURPOSES, type VisitPurpose } from "../../../shared/entry-interviews.ts";
export type { EntryInterviewList, RecordEntryInterviewInput, RecordedEntryInterview };

export const entryInterviewKeys = {
  list: (personId: string) => ["entry-interviews", personId] as const,
};

const base = (personId: string) => `/api/patients/${encodeURIComponent(personId)}/entry-interview`;

export const listEntryInterviews = (personId: string, signal?: AbortSignal) =>
  api<EntryInterviewList>("GET", base(personId), { signal });
export const recordEntryInterview = (personId: string, body: RecordEntryInterviewInput) =>
  api<RecordedEntryInterview>("POST", base(personId), { body });
