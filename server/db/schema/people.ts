import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth.ts";

/**
 * Prospect records ("fiches prospect") and patient records ("fiches patient")
 * are distinct records, as in the procedures, kept in one table with a kind:
 * the same human may have both, and lookup, phones and interactions treat them
 * alike. Columns of one kind are null on the other (checked).
 */
export const people = pgTable(
  "people",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    lastName: text("last_name").notNull(),
    firstName: text("first_name").notNull(),
    /** lower-case, without accents, apostrophes, hyphens or spaces: "N'Diaye" → "ndiaye" (lookup). */
    lastNameKey: text("last_name_key").notNull(),
    firstNameKey: text("first_name_key").notNull(),
    birthDate: date("birth_date"),
    /** female | male: asked for children (the vaccination schedule has doses for girls only), optional otherwise. */
    sex: text("sex"),
    /** A child's mother, when she is a record too (a birth at NEST links each baby to her): the parents' phones. */
    motherId: uuid("mother_id").references((): AnyPgColumn => people.id, { onDelete: "set null" }),
    email: text("email"),
    address: text("address"),
    insured: boolean("insured"),
    insurer: text("insurer"),
    member: boolean("member"),
    notes: text("notes"),
    // Prospect only.
    firstContactDate: date("first_contact_date"),
    origin: text("origin"),
    temperature: text("temperature"),
    convertedAt: timestamp("converted_at", { withTimezone: true }),
    convertedToId: uuid("converted_to_id").references((): AnyPgColumn => people.id, { onDelete: "set null" }),
    /** Created although it matched an existing record (or imported as a legacy duplicate). */
    possibleDuplicate: boolean("possible_duplicate").notNull().default(false),
    mergedIntoId: uuid("merged_into_id").references((): AnyPgColumn => people.id, { onDelete: "set null" }),
    // Patient only: the EHR's (Eyone) file number and creation date.
    ehrNumber: text("ehr_number"),
    ehrCreatedOn: date("ehr_created_on"),
    /**
     * Patient only: how she came to NEST, asked at the entry interview (procedures 4 and 5) — an origin code of
     * the settings, and the prospect record when she knows she called or wrote before. The reconciliation
     * proposes that prospect first, before any phone or name match.
     */
    provenanceOrigin: text("provenance_origin"),
    provenanceProspectId: uuid("provenance_prospect_id").references((): AnyPgColumn => people.id, {
      onDelete: "set null",
    }),
    /** The prospect record this patient came from, once reconciled. */
    sourceProspectId: uuid("source_prospect_id").references((): AnyPgColumn => people.id, { onDelete: "set null" }),
    /**
     * « Ne souhaite pas recevoir de SMS »: since when, and how it was said (`record`: told to staff and
     * noted on the record; `stop`: an inbound STOP). Every non-vital SMS is skipped while it is set.
     */
    smsOptOutAt: timestamp("sms_opt_out_at", { withTimezone: true }),
    smsOptOutSource: text("sms_opt_out_source"),
    /**
     * The e-mail address was refused for good by a mail server (a 5xx answer): not mailed again until the
     * address is changed or checked. Which address it was, so that a change of address clears it.
     */
    emailInvalidAt: timestamp("email_invalid_at", { withTimezone: true }),
    emailInvalidAddress: text("email_invalid_address"),
    emailInvalidReason: text("email_invalid_reason"),
    /**
     * Anonymised (loi 2008-12: on request, or a prospect past the retention period): names and contacts were
     * replaced, the statistics kept. Never undone.
     */
    anonymizedAt: timestamp("anonymized_at", { withTimezone: true }),
    /** Newest interaction's occurredAt, kept by the interaction writes (status and lists "as of now"). */
    lastInteractionAt: timestamp("last_interaction_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    check("people_kind_check", sql`${t.kind} in ('prospect', 'patient')`),
    check("people_temperature_check", sql`${t.temperature} in ('hot', 'warm', 'cold')`),
    check(
      "people_kind_fields_check",
      sql`(${t.kind} = 'prospect' and ${t.temperature} is not null and ${t.ehrNumber} is null)
       or (${t.kind} = 'patient' and ${t.temperature} is null)`,
    ),
    check("people_sex_check", sql`${t.sex} in ('female', 'male')`),
    check("people_mother_check", sql`${t.motherId} <> ${t.id}`),
    uniqueIndex("people_ehr_number_key").on(t.ehrNumber),
    // Name lookup is by prefix of the folded names, read in index order and cut at the page
    // size: b-trees on both orders of the two keys, not a trigram index (DESIGN §7).
    index("people_last_first_key_idx").on(
      sql`${t.lastNameKey} text_pattern_ops`,
      sql`${t.firstNameKey} text_pattern_ops`,
    ),
    index("people_first_last_key_idx").on(
      sql`${t.firstNameKey} text_pattern_ops`,
      sql`${t.lastNameKey} text_pattern_ops`,
    ),
    index("people_birth_date_idx").on(t.birthDate),
    // Same person by name and birth date (duplicate checks, imports, reconciliation).
    index("people_identity_idx").on(t.lastNameKey, t.firstNameKey, t.birthDate),
    index("people_kind_created_idx").on(t.kind, t.createdAt),
    // The lists sorted by last contact, newest first (records never contacted last), paged by key.
    index("people_kind_last_interaction_idx").on(
      t.kind,
      t.lastInteractionAt.desc().nullsLast(),
      t.id.desc().nullsFirst(),
    ),
    // Records changed since the follow-up engine's last run (incremental runs).
    index("people_updated_at_idx").on(t.updatedAt),
    // Prospects by first contact: the follow-up rules' recent window, the conversion cohorts.
    index("people_first_contact_idx").on(t.firstContactDate),
    // The prospects reconciled with a patient (follow-up rules, conversion table).
    // A mother's children (birth records, the parents' phones for vaccination reminders).
    index("people_mother_idx").on(t.motherId).where(sql`${t.motherId} is not null`),
    index("people_converted_to_idx").on(t.convertedToId).where(sql`${t.convertedToId} is not null`),
    // Segments: the live records of a kind (never merged, never anonymised), counted from the index alone.
    index("people_segment_idx").on(t.kind, t.id).where(sql`${t.mergedIntoId} is null and ${t.anonymizedAt} is null`),
  ],
);

/** Phones of a person, in E.164 (+221771234567); several per person. */
export const personPhones = pgTable(
  "person_phones",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    e164: text("e164").notNull(),
    position: smallint("position").notNull().default(0),
    /**
     * Whether SMS can go to the number (a mobile, not a fixed line), kept by PostgreSQL from
     * `phone_is_mobile` (migration 0026, the patterns of `isMobile`): segments count « a un mobile »
     * over a million records without a pattern per row.
     */
    mobile: boolean("mobile").generatedAlwaysAs(sql`phone_is_mobile(e164)`),
  },
  (t) => [
    uniqueIndex("person_phones_person_e164_key").on(t.personId, t.e164),
    // Exact number, and national-number prefix ("77 123…"), through text_pattern_ops.
    index("person_phones_e164_idx").on(sql`${t.e164} text_pattern_ops`),
    // The last digits of a number ("…45 67"): a prefix of the reversed number.
    index("person_phones_e164_reversed_idx").on(sql`reverse(${t.e164}) text_pattern_ops`),
  ],
);

/** Classification 1: every temperature change, with date, author and reason (history never lost). */
export const temperatureChanges = pgTable(
  "temperature_changes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    fromTemperature: text("from_temperature"),
    toTemperature: text("to_temperature").notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull(),
    changedBy: uuid("changed_by").references(() => users.id, { onDelete: "set null" }),
    reason: text("reason"),
  },
  (t) => [index("temperature_changes_person_idx").on(t.personId, t.changedAt)],
);

/** Every contact with a prospect or a patient. */
export const interactions = pgTable(
  "interactions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    /** When it happened: may be in the past (entered later from a paper note). */
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    channel: text("channel").notNull(),
    motive: text("motive"),
    /** Codes of the settings' request types (DEVIS ACCOUCHEMENT, INFOS PROGRAMME…). */
    requestTypes: text("request_types").array().notNull().default(sql`'{}'::text[]`),
    comment: text("comment"),
    /** Names of the documents sent electronically. */
    documentsSent: text("documents_sent").array().notNull().default(sql`'{}'::text[]`),
    /** The person asked for the documentation and it was not sent then (rule docs-pending). */
    documentsRequested: boolean("documents_requested").notNull().default(false),
    outcome: text("outcome"),
    /**
     * A conversation attempt's result: true when the person was reached, false when she was not
     * (no answer, wrong number); null for what is not an attempt (a written message, documents sent).
     */
    reached: boolean("reached"),
  },
  (t) => [
    index("interactions_person_idx").on(t.personId, t.occurredAt),
    index("interactions_occurred_at_idx").on(t.occurredAt),
    index("interactions_recorded_at_idx").on(t.recordedAt),
    // The answer to a first request (follow-up rules, SLA figures): the first conversation that reached the
    // person or documents sent, and the first written message, each read as one index entry per person.
    index("interactions_answer_live_idx")
      .on(t.personId, t.occurredAt)
      .where(
        sql`(channel in ('phone_in', 'phone_out', 'visit') and reached is not false) or cardinality(documents_sent) > 0`,
      ),
    index("interactions_answer_written_idx")
      .on(t.personId, t.occurredAt)
      .where(sql`channel in ('email', 'sms', 'whatsapp')`),
    index("interactions_documents_requested_idx").on(t.occurredAt).where(sql`${t.documentsRequested}`),
  ],
);
