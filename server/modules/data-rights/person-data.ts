import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";

/**
 * Everything Relais holds about one person (loi 2008-12, right of access), section by section. Each
 * section reads one table (or a join) by the person's id; `PERSON_COLUMNS` below lists, for each table with
 * a column naming a person, which sections read it — the architecture test fails when a new table with such
 * a column is not read here.
 */
export interface PersonDataSection {
  key: string;
  /** The French heading in the PDF. */
  title: string;
  rows: Record<string, unknown>[];
  /** More rows than SECTION_ROW_LIMIT: the first ones are given, the export says so. */
  truncated: boolean;
}

/** Rows per section at most: a long history stays readable and the export's memory bounded. */
export const SECTION_ROW_LIMIT = 5_000;

/** Columns never exported: secrets (hashed link tokens) and lookup keys derived from the names. */
const HIDDEN_COLUMNS = new Set([
  "token_hash",
  "unsubscribe_token_hash",
  "last_name_key",
  "first_name_key",
  "claimed_until",
  "headers",
  "body_html",
]);

interface SectionSpec {
  key: string;
  title: string;
  /** The rows of this section for the person whose id is `id`, in a readable order. */
  query: (id: string) => SQL;
}

const STAFF = (column: string) =>
  sql.raw(`(select u.first_name || ' ' || u.last_name from users u where u.id = ${column})`);

export const SECTIONS: SectionSpec[] = [
  {
    key: "identity",
    title: "Identité et coordonnées",
    query: (id) => sql`select p.* from people p where p.id = ${id}`,
  },
  {
    key: "phones",
    title: "Téléphones",
    query: (id) => sql`select e164, position from person_phones where person_id = ${id} order by position`,
  },
  {
    key: "mergedRecords",
    title: "Fiches fusionnées dans celle-ci",
    query: (id) =>
      sql`select id, kind, last_name, first_name, birth_date, email, first_contact_date, created_at from people where merged_into_id = ${id} order by created_at`,
  },
  {
    key: "linkedRecords",
    title: "Fiches liées (prospect d'origine, patiente issue du prospect, enfants)",
    query: (id) => sql`select id, kind, last_name, first_name, birth_date, created_at,
        case when id = (select converted_to_id from people where id = ${id}) then 'patiente issue du prospect'
             when source_prospect_id = ${id} then 'patiente issue du prospect'
             when mother_id = ${id} then 'enfant'
             else 'prospect d''origine' end as link
      from people
      where (source_prospect_id = ${id} or provenance_prospect_id = ${id} or mother_id = ${id}
             or id = (select converted_to_id from people where id = ${id})
             or id = (select source_prospect_id from people where id = ${id})
             or id = (select provenance_prospect_id from people where id = ${id})
             or id = (select mother_id from people where id = ${id}))
        and id <> ${id}
      order by created_at`,
  },
  {
    key: "temperatureHistory",
    title: "Historique de la température",
    query: (id) =>
      sql`select from_temperature, to_temperature, changed_at, reason, ${STAFF("changed_by")} as changed_by
        from temperature_changes where person_id = ${id} order by changed_at, id`,
  },
  {
    key: "interactions",
    title: "Interactions",
    query: (id) =>
      sql`select occurred_at, channel, motive, request_types, comment, documents_sent, documents_requested, outcome, reached,
          ${STAFF("author_id")} as author from interactions where person_id = ${id} order by occurred_at, recorded_at`,
  },
  {
    key: "calls",
    title: "Appels du registre",
    query: (id) =>
      sql`select received_at, channel, phone, caller_name, request, outcome, notes, closed_at from calls
        where person_id = ${id} order by received_at`,
  },
  {
    key: "phoneMessages",
    title: "Messages téléphoniques",
    query: (id) =>
      sql`select created_at, caller_name, caller_phone, body, acknowledged_at from phone_messages
        where person_id = ${id} order by created_at`,
  },
  {
    key: "appointments",
    title: "Rendez-vous",
    query: (id) =>
      sql`select starts_at, ends_at, site, status, reason, notes, cancel_reason, confirmation, created_at from appointments
        where person_id = ${id} order by starts_at`,
  },
  {
    key: "tasks",
    title: "Tâches de suivi",
    query: (id) =>
      sql`select rule, status, due_at, created_at, closed_at, close_reason, outcome, outcome_note from follow_up_tasks
        where person_id = ${id} order by created_at`,
  },
  {
    key: "firstResponse",
    title: "Délai de première réponse",
    query: (id) =>
      sql`select temperature, first_contact_at, due_at, answered_at, breached from first_response_sla where person_id = ${id}`,
  },
  {
    key: "consents",
    title: "Consentements (historique)",
    query: (id) =>
      sql`select recorded_at, purpose, channel, granted, source, wording, note, ${STAFF("recorded_by")} as recorded_by
        from consent_events where person_id = ${id} order by recorded_at`,
  },
  {
    key: "consentStates",
    title: "Consentements (état actuel)",
    query: (id) =>
      sql`select purpose, channel, granted, since from consent_states where person_id = ${id} order by purpose, channel`,
  },
  {
    key: "surveyInvitations",
    title: "Invitations aux enquêtes",
    query: (id) =>
      sql`select kind, created_at, expires_at, used_on from survey_invitations where person_id = ${id} order by created_at`,
  },
  {
    key: "surveyResponses",
    title: "Réponses nominatives aux enquêtes",
    // Anonymous answers are never tied to her (they carry no person id by design); only nominative ones here.
    query: (id) =>
      sql`select kind, answered_on, channel, scores, nps, comment from survey_responses
        where person_id = ${id} and anonymous = false order by answered_on`,
  },
  {
    key: "pathways",
    title: "Parcours et grossesses",
    query: (id) => sql`select * from pathways where person_id = ${id} order by started_on`,
  },
  {
    key: "pregnancyCalls",
    title: "Appels de 36 SA",
    query: (id) => sql`select * from pregnancy_calls where person_id = ${id} order by held_at`,
  },
  {
    key: "deliveries",
    title: "Accouchements",
    query: (id) =>
      sql`select d.delivered_on, d.place, d.place_note, d.mode, d.discharged_on,
          (select string_agg(c.first_name || ' ' || c.last_name, ', ' order by dc.rank)
             from delivery_children dc join people c on c.id = dc.child_id where dc.delivery_id = d.id) as children
        from deliveries d where d.mother_id = ${id} order by d.delivered_on`,
  },
  {
    key: "birth",
    title: "Naissance (enfant)",
    query: (id) =>
      sql`select d.delivered_on, d.place, d.mode, m.first_name || ' ' || m.last_name as mother, dc.rank
        from delivery_children dc join deliveries d on d.id = dc.delivery_id join people m on m.id = d.mother_id
        where dc.child_id = ${id}`,
  },
  {
    key: "guestBook",
    title: "Livre d'or",
    query: (id) =>
      sql`select written_on, text, may_quote from guest_book_entries where person_id = ${id} order by written_on`,
  },
  {
    key: "vaccinations",
    title: "Vaccinations",
    query: (id) => sql`select * from vaccination_doses where person_id = ${id}`,
  },
  {
    key: "vaccinationReminders",
    title: "Rappels de vaccination",
    query: (id) => sql`select * from vaccination_reminders where person_id = ${id}`,
  },
  {
    key: "entryInterviews",
    title: "Entretiens d'accueil",
    query: (id) => sql`select * from entry_interviews where person_id = ${id} order by held_at`,
  },
  {
    key: "mothersGroup",
    title: "Groupe des mamans",
    query: (id) =>
      sql`select network, status, consent_to_add, invited_at, invited_via, created_at, updated_at
        from mothers_group_memberships where person_id = ${id} order by created_at`,
  },
  {
    key: "mothersGroupEvents",
    title: "Groupe des mamans (historique)",
    query: (id) =>
      sql`select m.network, e.from_status, e.to_status, e.source, e.note, e.occurred_at
        from mothers_group_events e join mothers_group_memberships m on m.id = e.membership_id
        where m.person_id = ${id} order by e.occurred_at`,
  },
  {
    key: "emails",
    title: "E-mails envoyés",
    query: (id) =>
      sql`select created_at, purpose, to_addresses, subject, body_text, attachments, status, sent_at from outbox_emails
        where person_id = ${id} order by created_at`,
  },
  {
    key: "sms",
    title: "SMS envoyés",
    query: (id) =>
      sql`select created_at, kind, to_phone, text, status, sent_at, delivered_at from sms_messages
        where person_id = ${id} order by created_at`,
  },
  {
    key: "smsReplies",
    title: "Réponses SMS reçues",
    query: (id) =>
      sql`select received_at, from_phone, text, meaning from sms_replies where person_id = ${id} order by received_at`,
  },
  {
    key: "campaigns",
    title: "Newsletters et offres reçues",
    query: (id) =>
      sql`select c.name as campaign, r.channel, r.address, r.status, r.sent_at, r.unsubscribed_at
        from campaign_recipients r join campaigns c on c.id = r.campaign_id where r.person_id = ${id} order by r.queued_at`,
  },
  {
    key: "quotes",
    title: "Devis",
    query: (id) =>
      sql`select q.number, q.issued_on, q.valid_until, q.total_xof, q.notes,
          (select string_agg(l.label || ' × ' || l.quantity, ', ' order by l.position) from quote_lines l where l.quote_id = q.id) as lines
        from quotes q where q.person_id = ${id} order by q.issued_on`,
  },
];

/**
 * For each table with a column naming a person: which of its columns the export reads. A table here is
 * read through SECTIONS (directly, or through its parent for `delivery_children` and quote lines).
 */
export const PERSON_COLUMNS: Record<string, string[]> = {
  people: ["id", "merged_into_id", "converted_to_id", "source_prospect_id", "provenance_prospect_id", "mother_id"],
  person_phones: ["person_id"],
  temperature_changes: ["person_id"],
  interactions: ["person_id"],
  calls: ["person_id"],
  phone_messages: ["person_id"],
  appointments: ["person_id"],
  follow_up_tasks: ["person_id"],
  first_response_sla: ["person_id"],
  consent_events: ["person_id"],
  consent_states: ["person_id"],
  survey_invitations: ["person_id"],
  survey_responses: ["person_id"],
  pathways: ["person_id"],
  pregnancy_calls: ["person_id"],
  deliveries: ["mother_id"],
  delivery_children: ["child_id"],
  guest_book_entries: ["person_id"],
  vaccination_doses: ["person_id"],
  vaccination_reminders: ["person_id"],
  entry_interviews: ["person_id", "provenance_prospect_id"],
  mothers_group_memberships: ["person_id"],
  outbox_emails: ["person_id"],
  sms_messages: ["person_id"],
  sms_replies: ["person_id"],
  campaign_recipients: ["person_id"],
  quotes: ["person_id"],
};

/** PostgreSQL's text form of a timestamptz ("2026-11-30 10:00:00+00", as raw queries may give it). */
const PG_INSTANT = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(?::?(\d{2}))?$/;

function exportValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string") {
    const m = PG_INSTANT.exec(value);
    if (m) return new Date(`${m[1]}T${m[2]}${m[3]}:${m[4] ?? "00"}`).toISOString();
  }
  return value;
}

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A database row as exported: camelCase keys, instants in ISO 8601, secrets left out. */
function exportRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (HIDDEN_COLUMNS.has(key)) continue;
    out[camel(key)] = exportValue(value);
  }
  return out;
}

/** Reads every section for one person (each bounded to SECTION_ROW_LIMIT rows). */
export async function collectPersonData(executor: Executor, personId: string): Promise<PersonDataSection[]> {
  const sections: PersonDataSection[] = [];
  for (const spec of SECTIONS) {
    const result = (await executor.execute(
      sql`select * from (${spec.query(personId)}) s limit ${SECTION_ROW_LIMIT + 1}`,
    )) as unknown as { rows: Record<string, unknown>[] };
    const rows = result.rows.slice(0, SECTION_ROW_LIMIT).map(exportRow);
    sections.push({ key: spec.key, title: spec.title, rows, truncated: result.rows.length > SECTION_ROW_LIMIT });
  }
  return sections;
}
