import type { SQL } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";

/** Runs a statement ending in `select count(*)::int as n …` and returns n (both drivers give `rows`). */
export async function count(tx: Executor, statement: SQL): Promise<number> {
  const result = (await tx.execute(statement)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]?.n ?? 0);
}
