import { sql } from "drizzle-orm";
import type { Executor } from "./client.ts";

/**
 * Inserts many rows in one statement whose only parameter is a JSON array:
 * PostgreSQL unpacks it (json_populate_recordset), so a thousand rows cost one
 * round trip and no per-value parameter binding. Keys are column names;
 * columns left out take their defaults.
 */
export async function bulkInsert(tx: Executor, table: string, columns: string[], rows: Record<string, unknown>[]) {
  if (rows.length === 0) return;
  const list = columns.map((c) => `"${c}"`).join(", ");
  await tx.execute(
    sql`insert into ${sql.identifier(table)} (${sql.raw(list)}) select ${sql.raw(list)} from json_populate_recordset(null::${sql.identifier(table)}, ${JSON.stringify(rows)}::json)`,
  );
}
