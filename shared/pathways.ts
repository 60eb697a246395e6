/**
 * The pathways (« parcours ») a patient follows (DESIGN §2, procedure 5): zero
 * or more at a time, at most one open of each type. None is « sans parcours ».
 * Codes are stable: they are stored in the database and travel in the API.
 */
export const PATHWAY_TYPES = ["gynecology", "pregnancy", "postpartum", "pediatrics"] as const;
export type PathwayType = (typeof PATHWAY_TYPES)[number];

/** Why a pathway ended; `other` wants a note. */
export const PATHWAY_EXIT_REASONS = [
  "delivered",
  "miscarriage",
  "moved_away",
  "transferred",
  "completed",
  "other",
] as const;
export type PathwayExitReason = (typeof PATHWAY_EXIT_REASONS)[number];

/** Longest note kept with an exit reason. */
export const PATHWAY_NOTE_MAX = 500;
