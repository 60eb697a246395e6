/**
 * A segment's filter (procedure 5: newsletters « selon la segmentation »): every criterion optional, all of
 * them must hold. Shared by the API (validation) and the web app (the editor). Days are the clinic's days.
 */
import { z } from "zod";
import { CONSENT_CHANNELS, CONSENT_PURPOSES } from "./consents.ts";
import { PATHWAY_TYPES } from "./pathways.ts";

const count = (max: number) => z.number().int().min(0).max(max);

/** A range of whole numbers, either end open. */
const openRange = (max: number) => z.strictObject({ min: count(max).optional(), max: count(max).optional() });

/** A range of whole numbers, either end open; `min` ≤ `max` when both are given. */
const range = (max: number) =>
  openRange(max).refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
    message: "le minimum doit être inférieur ou égal au maximum",
    path: ["max"],
  });

export const SEGMENT_LIMITS = { nameMax: 120, visitsMax: 10_000, yearsMax: 100, daysMax: 36_500 } as const;

const filterSchema = (rangeOf: typeof range | typeof openRange) =>
  z.strictObject({
    /** Prospects, patients or both (default: patients). */
    kinds: z
      .array(z.enum(["prospect", "patient"]))
      .min(1)
      .max(2)
      .optional(),
    /** Pathways open now (any of them). */
    pathwaysOpen: z.array(z.enum(PATHWAY_TYPES)).min(1).max(PATHWAY_TYPES.length).optional(),
    /** Pathways followed at some time, open or closed (any of them). */
    pathwaysEver: z.array(z.enum(PATHWAY_TYPES)).min(1).max(PATHWAY_TYPES.length).optional(),
    /**
     * « Sans parcours » (procedure 5): no pathway open now. With `includeParents`, also the parents of a child
     * followed in paediatrics (the patient list's `pathway=parents`).
     */
    withoutPathway: z.strictObject({ includeParents: z.boolean().default(false) }).optional(),
    /** Loyalty: attended visits, years since the first one, delivered at NEST. */
    visits: rangeOf(SEGMENT_LIMITS.visitsMax).optional(),
    yearsAtNest: rangeOf(SEGMENT_LIMITS.yearsMax).optional(),
    deliveredAtNest: z.boolean().optional(),
    /** Mothers of a child whose age in months is in the range (a child's record links to her mother). */
    childAgeMonths: rangeOf(SEGMENT_LIMITS.yearsMax * 12).optional(),
    /** Pregnancy stage in completed weeks of amenorrhoea (SA) of an open pregnancy pathway. */
    pregnancyWeeks: rangeOf(45).optional(),
    /** Attended a visit at one of these sites (settings' site codes). */
    sites: z.array(z.string().min(1).max(40)).min(1).max(20).optional(),
    /** A consent granted for this purpose on this channel (campaigns add theirs anyway). */
    consent: z.strictObject({ purpose: z.enum(CONSENT_PURPOSES), channel: z.enum(CONSENT_CHANNELS) }).optional(),
    /** Has an e-mail address (a valid one) / a mobile. */
    hasEmail: z.boolean().optional(),
    hasMobile: z.boolean().optional(),
    /** Days since the last attended visit: at least `min`, at most `max`. */
    lastVisitDaysAgo: rangeOf(SEGMENT_LIMITS.daysMax).optional(),
  });

export const segmentFilterSchema = filterSchema(range);

/**
 * The same filter without the checks between fields (a range's min ≤ max): what the API's routes take, so
 * that the use cases answer those checks as business rules (422 naming the field).
 */
export const segmentFilterShapeSchema = filterSchema(openRange);

export type SegmentFilter = z.infer<typeof segmentFilterSchema>;
