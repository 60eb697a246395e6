import { z } from "zod";
import { RULE_IDS } from "../../../shared/followup.ts";
import { isoDateTime } from "../../../shared/schemas.ts";

/** How many of the latest engine runs the list shows. */
export const RUNS_SHOWN = 20;

const ruleCounts = z.object({ created: z.int(), closed: z.int() });

/** One engine run: as of when, when it ran, what started it, who (a user for "api"), what it did per rule. */
export const runViewSchema = z.object({
  id: z.uuid(),
  asOf: isoDateTime,
  startedAt: isoDateTime,
  finishedAt: isoDateTime,
  trigger: z.enum(["schedule", "api", "cli"]),
  triggeredBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  counts: z.partialRecord(z.enum(RULE_IDS), ruleCounts),
  created: z.int(),
  closed: z.int(),
  /** failed: the run changed nothing; `error` says why (a code and a French sentence, no personal data). */
  status: z.enum(["done", "failed"]),
  error: z.string().nullable(),
});
export type RunView = z.infer<typeof runViewSchema>;

export const runListSchema = z.object({ items: z.array(runViewSchema) });
export type RunList = z.infer<typeof runListSchema>;
