import { type SQL, sql } from "drizzle-orm";
import type { SegmentFilter } from "../../../shared/segments.ts";

export interface SegmentAsOf {
  /** The clinic's today (YYYY-MM-DD): ages, stages and « days ago » are counted from it. */
  today: string;
}

/**
 * The condition a person (`people` as `p`) meets to be in the segment. Never merged, never anonymised
 * records. Campaigns add the consent and the address on top of it.
 */
export function segmentCondition(filter: SegmentFilter, _asOf: SegmentAsOf): SQL {
  const kinds = filter.kinds ?? ["patient"];
  const parts: SQL[] = [
    sql`p.merged_into_id is null`,
    sql`p.anonymized_at is null`,
    sql`p.kind in (${sql.join(
      kinds.map((k) => sql`${k}`),
      sql`, `,
    )})`,
  ];
  return sql.join(parts, sql` and `);
}
