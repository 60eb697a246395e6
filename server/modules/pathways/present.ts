import type { PathwayExitReason, PathwayType } from "../../../shared/pathways.ts";
import {
  type DueDateConvention,
  formatGestationalAge,
  gestationalAge,
  pregnancyMilestones,
} from "../../../shared/pregnancy.ts";
import { toIso } from "../../../shared/schemas.ts";
import type { pathways } from "../../db/schema/index.ts";
import type { PathwayView } from "./pathway.schema.ts";

export type PathwayRow = typeof pathways.$inferSelect;

/** A pathway row → its API shape, a pregnancy with its age and milestones as of the clinic's `today`. */
export function presentPathway(row: PathwayRow, today: string): PathwayView {
  return {
    id: row.id,
    personId: row.personId,
    type: row.type as PathwayType,
    startedOn: row.startedOn,
    endedOn: row.endedOn,
    exitReason: row.exitReason as PathwayExitReason | null,
    exitNote: row.exitNote,
    pregnancy: row.ddr && row.dpa ? presentPregnancy(row.ddr, row.dpa, row.dueDateConvention, today) : null,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
    version: row.version,
  };
}

function presentPregnancy(ddr: string, dpa: string, stored: string | null, today: string) {
  const convention = (stored ?? "french") as DueDateConvention;
  const age = gestationalAge(ddr, today);
  // The DPA milestone is the DPA kept (entered, or derived when entered), not one derived again.
  const milestones = pregnancyMilestones(ddr, convention)
    .map((m) => (m.id === "dpa" ? { ...m, on: dpa } : m))
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))
    .map((m) => ({ ...m, past: (m.until ?? m.on) < today }));
  return {
    ddr,
    dpa,
    convention,
    gestationalAge: age ? { ...age, label: formatGestationalAge(age) } : null,
    milestones,
  };
}

/** What the audit log keeps of a pathway: its columns. */
export const auditPathway = (row: PathwayRow) => row;
