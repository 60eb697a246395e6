import { eq } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { people } from "../../db/schema/index.ts";
import { AppError, notFound } from "../../http/errors.ts";

/**
 * The person whose consents are read or written: 404 unknown; for a write (locked), 409 when merged into
 * another record (the kept one holds her consents) or anonymised (no one left to ask).
 */
export async function loadConsentPerson(executor: Executor, id: string, options: { forWrite?: boolean } = {}) {
  const query = executor
    .select({ id: people.id, mergedIntoId: people.mergedIntoId, anonymizedAt: people.anonymizedAt })
    .from(people)
    .where(eq(people.id, id));
  const [person] = options.forWrite ? await query.for("update") : await query;
  if (!person) throw notFound("person");
  if (options.forWrite && person.mergedIntoId) throw new AppError(409, "merged_record");
  if (options.forWrite && person.anonymizedAt) throw new AppError(409, "consent_anonymized_record");
  return person;
}
