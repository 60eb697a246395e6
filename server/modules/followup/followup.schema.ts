import { z } from "zod";
import { RULE_IDS } from "../../../shared/followup.ts";
import { isoDateTime } from "../../../shared/schemas.ts";

export const runInput = z.strictObject({
  /** The instant the rules are applied as of; default now. */
  asOf: isoDateTime.optional(),
  /** full (default): every record; incremental: the records changed since the previous run. */
  mode: z.enum(["full", "incremental"]).default("full"),
});

const ruleCounts = z.object({ created: z.number().int(), closed: z.number().int(), ms: z.number().int() });

export const runResultSchema = z.object({
  asOf: isoDateTime,
  mode: z.enum(["full", "incremental"]),
  counts: z.record(z.enum(RULE_IDS), ruleCounts),
  sla: z.number().int(),
  slaMs: z.number().int(),
  durationMs: z.number().int(),
});

export const ruleListSchema = z.object({
  items: z.array(
    z.object({
      id: z.enum(RULE_IDS),
      procedure: z.string(),
      quote: z.string(),
      assigneeRole: z.string(),
    }),
  ),
});
