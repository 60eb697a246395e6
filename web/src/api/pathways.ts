import type {
  EndPathwayInput,
  PathwayList,
  PathwayView,
  StartPathwayInput,
} from "../../../server/modules/pathways/pathway.schema.ts";
import { api } from "./client.ts";

/** A patient's pathways (« parcours »): pregnancy, gynaecology, postpartum, paediatrics. */
export type Pathway = PathwayView;
export type { PathwayExitReason, PathwayType } from "../../../shared/pathways.ts";
export { PATHWAY_EXIT_REASONS, PATHWAY_TYPES } from "../../../shared/pathways.ts";
export type { EndPathwayInput, PathwayList, StartPathwayInput };

export const pathwayKeys = {
  list: (personId: string) => ["pathways", personId] as const,
};

const base = (personId: string) => `/api/patients/${encodeURIComponent(personId)}/pathways`;

export const listPathways = (personId: string, signal?: AbortSignal) =>
  api<PathwayList>("GET", base(personId), { signal });
export const startPathway = (personId: string, body: StartPathwayInput) =>
  api<Pathway>("POST", base(personId), { body });
export const endPathway = (personId: string, pathwayId: string, body: EndPathwayInput) =>
  api<Pathway>("POST", `${base(personId)}/${encodeURIComponent(pathwayId)}/end`, { body });
