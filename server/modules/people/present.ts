import { toIso, toIsoOrNull } from "../../../shared/schemas.ts";
import { people } from "../../db/schema/index.ts";
import type { Settings } from "../settings/settings.schema.ts";
import type { PersonSummary, PersonView } from "./person.schema.ts";
import { computeStatus, type Temperature } from "./status.ts";

export type PersonRow = typeof people.$inferSelect;

/** The columns a summary shows (lookup reads only these). */
export type SummaryRow = Pick<
  PersonRow,
  "id" | "kind" | "lastName" | "firstName" | "birthDate" | "ehrNumber" | "temperature" | "createdAt"
>;

/** The columns a view names a person by (a call, a message, the planning). */
export const personRefColumns = {
  id: people.id,
  kind: people.kind,
  lastName: people.lastName,
  firstName: people.firstName,
};

/** Those columns presented, the kind typed. */
export function presentPersonRef<P extends { kind: string }>(person: P) {
  return { ...person, kind: person.kind as PersonSummary["kind"] };
}

export function presentSummary(row: SummaryRow, phones: string[]): PersonSummary {
  return {
    id: row.id,
    kind: row.kind as PersonSummary["kind"],
    lastName: row.lastName,
    firstName: row.firstName,
    birthDate: row.birthDate,
    phones,
    ehrNumber: row.ehrNumber,
    temperature: row.temperature as Temperature | null,
    createdAt: toIso(row.createdAt),
  };
}

/** The last contact a prospect's status counts from: its newest interaction, else its first contact. */
export function lastContactOf(row: PersonRow): Date {
  if (row.lastInteractionAt) return row.lastInteractionAt;
  if (row.firstContactDate) return new Date(`${row.firstContactDate}T12:00:00Z`);
  return row.createdAt;
}

/** A whole record, with its status as of `asOf` for a prospect. */
export function presentPerson(row: PersonRow, phones: string[], settings: Settings, asOf: Date): PersonView {
  const status =
    row.kind === "prospect" && row.temperature
      ? computeStatus(
          {
            temperature: row.temperature as Temperature,
            lastContactAt: lastContactOf(row),
            convertedAt: row.convertedAt,
          },
          asOf,
          settings,
        )
      : null;
  return {
    ...presentSummary(row, phones),
    email: row.email,
    address: row.address,
    insured: row.insured,
    insurer: row.insurer,
    member: row.member,
    notes: row.notes,
    firstContactDate: row.firstContactDate,
    origin: row.origin,
    status,
    possibleDuplicate: row.possibleDuplicate,
    convertedAt: toIsoOrNull(row.convertedAt),
    convertedToId: row.convertedToId,
    mergedIntoId: row.mergedIntoId,
    ehrCreatedOn: row.ehrCreatedOn,
    sourceProspectId: row.sourceProspectId,
    provenanceOrigin: row.provenanceOrigin,
    provenanceProspectId: row.provenanceProspectId,
    sex: row.sex === "female" || row.sex === "male" ? row.sex : null,
    motherId: row.motherId,
    smsOptOut: row.smsOptOutAt
      ? { at: toIso(row.smsOptOutAt), source: row.smsOptOutSource === "stop" ? "stop" : "record" }
      : null,
    lastInteractionAt: toIsoOrNull(row.lastInteractionAt),
    missingFields: missingFieldsOf(row, phones),
    version: row.version,
    updatedAt: toIso(row.updatedAt),
  };
}

/** Procedure 2's minimum fields (nom, prénom, téléphone, date de naissance) the record lacks. */
export function missingFieldsOf(row: { birthDate: string | null }, phones: string[]): PersonView["missingFields"] {
  const missing: PersonView["missingFields"] = [];
  if (phones.length === 0) missing.push("phones");
  if (!row.birthDate) missing.push("birthDate");
  return missing;
}

/**
 * The columns an « ne souhaite pas recevoir de SMS » choice writes: ticked, since now (from the record);
 * unticked, cleared (a STOP too). Unchanged when not given, or when ticked again (the first date stays).
 */
export function smsOptOutChanges(
  smsOptOut: boolean | undefined,
  current: { smsOptOutAt: Date | null } | null,
  now: Date,
): Pick<PersonRow, "smsOptOutAt" | "smsOptOutSource"> | Record<string, never> {
  if (smsOptOut === undefined) return {};
  if (!smsOptOut) return { smsOptOutAt: null, smsOptOutSource: null };
  if (current?.smsOptOutAt) return {};
  return { smsOptOutAt: now, smsOptOutSource: "record" };
}

/** What the audit log keeps of a record: its fields, not derived ones. */
export function auditPerson(row: PersonRow, phones: string[]) {
  const { lastNameKey: _l, firstNameKey: _f, lastInteractionAt: _i, ...fields } = row;
  return { ...fields, phones };
}
