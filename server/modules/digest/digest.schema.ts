import { z } from "zod";
import { isoDate, isoDateTime, periodDay } from "../../../shared/schemas.ts";
import { CHANNELS } from "../interactions/interaction.schema.ts";

/** At most this many interactions marked (or unmarked) in one request; the page sends larger selections in parts. */
export const DIGEST_MARK_MAX = 500;

/** How far back, before the day shown, unprocessed interactions are counted as left behind. */
export const DIGEST_LOOKBACK_DAYS = 30;

/** false: lines still to process (the manager's list); true: the processed ones; all: both. */
export const DIGEST_PROCESSED_FILTERS = ["false", "true", "all"] as const;
export type DigestProcessedFilter = (typeof DIGEST_PROCESSED_FILTERS)[number];

export const digestQuery = z.strictObject({
  /** A day of the clinic's calendar (its time zone); the day before today when absent. Within 1900–2999. */
  day: periodDay.optional(),
  processed: z.enum(DIGEST_PROCESSED_FILTERS).default("false"),
});
export type DigestQuery = z.input<typeof digestQuery>;

export const digestMarkInput = z.strictObject({
  interactionIds: z.array(z.uuid()).min(1).max(DIGEST_MARK_MAX),
});
export type DigestMarkInput = z.infer<typeof digestMarkInput>;

const codeLabel = z.object({ code: z.string(), label: z.string() });
const userRef = z.object({ id: z.uuid(), name: z.string() });

export const digestLineSchema = z.object({
  /** The interaction's id: what the marks designate. */
  id: z.uuid(),
  occurredAt: isoDateTime,
  recordedAt: isoDateTime,
  channel: z.enum(CHANNELS),
  /** Its code and the settings' label (the code itself when the settings no longer list it). */
  motive: codeLabel.nullable(),
  requestTypes: z.array(codeLabel),
  comment: z.string().nullable(),
  documentsSent: z.array(z.string()),
  /** The documentation was asked for and not sent then. */
  documentsRequested: z.boolean(),
  outcome: z.string().nullable(),
  author: userRef.nullable(),
  /** The record the interaction is on (after a merge, the record kept). */
  person: z.object({
    id: z.uuid(),
    kind: z.enum(["prospect", "patient"]),
    lastName: z.string(),
    firstName: z.string(),
    /** Its first phone, E.164. */
    phone: z.string().nullable(),
    /** Prospects only. */
    temperature: z.enum(["hot", "warm", "cold"]).nullable(),
  }),
  /** Marked processed: when and by whom; null while still to process. */
  processed: z.object({ at: isoDateTime, by: userRef.nullable() }).nullable(),
});
export type DigestLine = z.infer<typeof digestLineSchema>;

export const digestSchema = z.object({
  day: isoDate,
  processed: z.enum(DIGEST_PROCESSED_FILTERS),
  /** The day's lines that pass the filter, oldest first. */
  lines: z.array(digestLineSchema),
  /** The whole day, whatever the filter. */
  counts: z.object({ total: z.int(), processed: z.int(), unprocessed: z.int() }),
  /** Interactions of the days before (back to `since`) not yet processed: something left behind. */
  earlier: z.object({
    since: isoDate,
    unprocessed: z.int(),
    /** The oldest day among them, to open it; null when there are none. */
    oldestDay: isoDate.nullable(),
  }),
});
export type Digest = z.infer<typeof digestSchema>;

export const digestMarkResultSchema = z.object({
  /** Marked by this request. */
  marked: z.int(),
  /** Already processed before: left as they were. */
  alreadyProcessed: z.int(),
});
export type DigestMarkResult = z.infer<typeof digestMarkResultSchema>;

export const digestUnmarkResultSchema = z.object({
  /** Marks removed by this request. */
  unmarked: z.int(),
  /** Were not marked: nothing to undo. */
  notProcessed: z.int(),
});
export type DigestUnmarkResult = z.infer<typeof digestUnmarkResultSchema>;
