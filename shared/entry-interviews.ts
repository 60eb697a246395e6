import { PATHWAY_TYPES } from "./pathways.ts";

/**
 * The entry interview (« entretien d'entrée », procedure 5): what the medical
 * secretary transmits to a new patient and what she collects. The visit's
 * purpose names the pathway to apply, or none (« sans parcours »). Codes are
 * stable: stored in the database and travelling in the API.
 */
export const VISIT_PURPOSES = [...PATHWAY_TYPES, "none"] as const;
export type VisitPurpose = (typeof VISIT_PURPOSES)[number];

/** Longest note kept with an interview. */
export const ENTRY_INTERVIEW_NOTE_MAX = 500;
