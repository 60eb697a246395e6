import { MATCHED_ON, type MatchedOn } from "../../../shared/reports.ts";
import { clinicDay } from "../../clinic-calendar.ts";
import {
  APPOINTMENT_STATUS_LABELS,
  CHANNEL_LABELS,
  CONVERSION_COMMENT_LABELS,
  MATCHED_ON_LABELS,
} from "../../i18n/labels.ts";
import { formatDay } from "../quotes/format.ts";
import type { Settings } from "../settings/settings.schema.ts";
import type { ConversionEvidence, ConversionLine } from "./conversion.schema.ts";
import type { ClassifiedRow } from "./conversion.ts";

const iso = (value: string | Date) => new Date(value).toISOString();
/** The statement's match order (0, 1, 2) as the API names it. */
const matched = (how: number | null): MatchedOn => MATCHED_ON[how ?? 1] ?? "phone";

/** « 02/03/2026 à 10:15 », in the clinic's time zone. */
function atClinicTime(instant: string, timeZone: string): string {
  const time = new Intl.DateTimeFormat("fr-FR", { timeZone, hour: "2-digit", minute: "2-digit" }).format(
    new Date(instant),
  );
  return `${formatDay(clinicDay(new Date(instant), timeZone))} à ${time}`;
}

/** The record, appointment or interaction that decided the comment. */
function evidenceOf(row: ClassifiedRow, settings: Settings): ConversionEvidence | null {
  switch (row.comment) {
    case "converted":
    case "already_patient":
      return {
        kind: "patient",
        id: row.patient_id as string,
        lastName: row.patient_last_name ?? "",
        firstName: row.patient_first_name ?? "",
        ehrNumber: row.patient_ehr_number,
        createdOn: row.patient_created_on as string,
        matchedOn: matched(row.patient_how),
      };
    case "duplicate_prospect":
      return {
        kind: "prospect",
        id: row.duplicate_id as string,
        lastName: row.duplicate_last_name ?? "",
        firstName: row.duplicate_first_name ?? "",
        createdAt: iso(row.duplicate_created_at as string),
        matchedOn: matched(row.duplicate_how),
      };
    case "upcoming_appointment":
      return {
        kind: "appointment",
        id: row.upcoming_id as string,
        startsAt: iso(row.upcoming_starts_at as string),
        status: "scheduled",
      };
    case "cancelled_appointment":
    case "no_show":
      return {
        kind: "appointment",
        id: row.last_id as string,
        startsAt: iso(row.last_starts_at as string),
        status: row.comment === "no_show" ? "no_show" : "cancelled",
      };
    case "information":
    case "information_programme":
    case "information_quote":
      return {
        kind: "interaction",
        id: row.interaction_id as string,
        occurredAt: iso(row.interaction_occurred_at as string),
        channel: row.interaction_channel as Extract<ConversionEvidence, { kind: "interaction" }>["channel"],
        requestTypes: (row.interaction_request_types ?? []).map((code) => ({
          code,
          label: settings.requestTypes.find((t) => t.code === code)?.label ?? code,
        })),
      };
    case "empty":
      return null;
  }
}

/** The evidence in one French sentence, as a secretary would justify the comment. */
export function explain(evidence: ConversionEvidence | null, timeZone: string): string {
  if (!evidence) return "Aucune interaction ni aucun RDV dans la fiche";
  switch (evidence.kind) {
    case "patient":
      return `Patient ${evidence.ehrNumber ?? ""} ${evidence.lastName} ${evidence.firstName} créé le ${formatDay(evidence.createdOn)} (${MATCHED_ON_LABELS[evidence.matchedOn]})`.replace(
        /\s+/g,
        " ",
      );
    case "prospect":
      return `Fiche prospect ${evidence.lastName} ${evidence.firstName} créée le ${atClinicTime(evidence.createdAt, timeZone)} (${MATCHED_ON_LABELS[evidence.matchedOn]})`;
    case "appointment":
      return `RDV du ${atClinicTime(evidence.startsAt, timeZone)} : ${APPOINTMENT_STATUS_LABELS[evidence.status]}`;
    case "interaction": {
      const types = evidence.requestTypes.map((t) => t.label).join(", ");
      return `Interaction du ${atClinicTime(evidence.occurredAt, timeZone)} (${CHANNEL_LABELS[evidence.channel] ?? evidence.channel})${types ? ` : ${types}` : ""}`;
    }
  }
}

export function presentConversionLine(row: ClassifiedRow, settings: Settings): ConversionLine {
  const evidence = evidenceOf(row, settings);
  return {
    id: row.id,
    lastName: row.last_name,
    firstName: row.first_name,
    phones: row.phones ?? [],
    birthDate: row.birth_date,
    email: row.email,
    firstContactDate: row.first_contact_date,
    origin: row.origin
      ? { code: row.origin, label: settings.origins.find((o) => o.code === row.origin)?.label ?? row.origin }
      : null,
    createdAt: iso(row.created_at),
    comment: row.comment,
    commentLabel: CONVERSION_COMMENT_LABELS[row.comment],
    evidence,
    explanation: explain(evidence, settings.timeZone),
  };
}
