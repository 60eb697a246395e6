import { and, eq, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/client.ts";
import { calls, clinicServices, interactions, people, users } from "../../db/schema/index.ts";
import { AppError } from "../../http/errors.ts";
import { parsePhone } from "../people/phones.ts";

/** A 400 naming one field, with a French message that says what is wrong with it. */
export function badField(
  field: string,
  message: string,
  code: "validation_failed" | "unknown_reference" = "validation_failed",
) {
  return new AppError(400, code, {
    message: `Champ « ${field} » : ${message}`,
    details: { issues: [{ field, location: "body", message }] },
  });
}

/** A phone as typed → E.164 (null stays null), or a 400 naming the field. */
export function phoneOrNull(input: string | null | undefined, field: string): string | null | undefined {
  if (input === undefined || input === null) return input;
  if (input.trim() === "") return null;
  const parsed = parsePhone(input);
  if (!parsed.ok) throw badField(field, `${parsed.reason} (« ${input} »)`);
  return parsed.e164;
}

async function exists(executor: Executor, table: PgTable, idColumn: PgColumn, id: string, extra?: SQL) {
  const [row] = await executor
    .select({ id: idColumn })
    .from(table)
    .where(extra ? and(eq(idColumn, id), extra) : eq(idColumn, id));
  return Boolean(row);
}

const MESSAGES = {
  service: "service introuvable",
  user: "utilisateur introuvable ou désactivé",
  person: "fiche introuvable",
  call: "ligne du registre introuvable",
} as const;

/** Checks that each id given points at an existing row (a user must be active), or a 400 naming the field. */
export async function checkReferences(
  executor: Executor,
  refs: { field: string; kind: keyof typeof MESSAGES; id: string | null | undefined }[],
) {
  for (const { field, kind, id } of refs) {
    if (!id) continue;
    const found =
      kind === "service"
        ? await exists(executor, clinicServices, clinicServices.id, id)
        : kind === "user"
          ? await exists(executor, users, users.id, id, eq(users.active, true))
          : kind === "person"
            ? await exists(executor, people, people.id, id)
            : await exists(executor, calls, calls.id, id);
    if (!found) throw badField(field, MESSAGES[kind], "unknown_reference");
  }
}

/** The person an interaction belongs to, or a 400 naming "interactionId". */
export async function interactionPerson(executor: Executor, interactionId: string): Promise<string> {
  const [row] = await executor
    .select({ personId: interactions.personId })
    .from(interactions)
    .where(eq(interactions.id, interactionId));
  if (!row) throw badField("interactionId", "interaction introuvable", "unknown_reference");
  return row.personId;
}
