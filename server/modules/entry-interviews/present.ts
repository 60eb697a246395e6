import type { VisitPurpose } from "../../../shared/entry-interviews.ts";
import type { entryInterviews } from "../../db/schema/index.ts";
import type { EntryInterviewView } from "./entry-interview.schema.ts";

export type EntryInterviewRow = typeof entryInterviews.$inferSelect;

/** A row (with its author's name, when known) → its API shape. */
export function presentEntryInterview(row: EntryInterviewRow, heldByName: string | null): EntryInterviewView {
  return {
    id: row.id,
    personId: row.personId,
    appointmentId: row.appointmentId,
    heldAt: row.heldAt.toISOString(),
    heldBy: row.heldBy ? { id: row.heldBy, name: heldByName ?? "" } : null,
    transmittedFees: row.transmittedFees,
    transmittedServices: row.transmittedServices,
    provenanceOrigin: row.provenanceOrigin,
    provenanceProspectId: row.provenanceProspectId,
    fileCompleted: row.fileCompleted,
    visitPurpose: row.visitPurpose as VisitPurpose,
    pathwayId: row.pathwayId,
    note: row.note,
  };
}

/** What the audit log keeps of an interview. */
export const auditEntryInterview = (row: EntryInterviewRow) => ({
  ...presentEntryInterview(row, null),
  heldBy: row.heldBy,
});
