import { inArray } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { interactions } from "../../db/schema/index.ts";
import { AppError } from "../../http/errors.ts";

/**
 * Checks that every id designates an interaction, locking them against deletion
 * until the transaction ends; otherwise a 422 naming `interactionIds` and listing
 * the unknown ones, before anything is written.
 */
export async function checkInteractionsExist(tx: Executor, ids: readonly string[]): Promise<void> {
  const found = await tx
    .select({ id: interactions.id })
    .from(interactions)
    .where(inArray(interactions.id, [...ids]))
    .for("key share");
  const known = new Set(found.map((row) => row.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length === 0) return;
  const message = `interaction${unknown.length > 1 ? "s" : ""} introuvable${unknown.length > 1 ? "s" : ""} : ${unknown.join(", ")}`;
  throw new AppError(422, "unknown_interactions", {
    message: `Champ « interactionIds » : ${message}.`,
    details: { issues: [{ field: "interactionIds", location: "body", message }], unknownIds: unknown },
  });
}
