import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import type { SurveyQuestion } from "../../../shared/surveys.ts";
import { users } from "./auth.ts";
import { people } from "./people.ts";
import { clinicServices } from "./reception.ts";

/**
 * The satisfaction questionnaires (DESIGN §2): one row per kind and version. An admin's edit adds a
 * version; the newest is the one asked; an answer names the version it answered.
 */
export const surveyForms = pgTable(
  "survey_forms",
  {
    /** after_first_visit | discharge */
    kind: text("kind").notNull(),
    version: integer("version").notNull(),
    questions: jsonb("questions").$type<SurveyQuestion[]>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.version] }),
    check("survey_forms_kind_check", sql`${t.kind} in ('after_first_visit', 'discharge')`),
  ],
);

/**
 * A personal link sent by SMS: only the SHA-256 of its random token is kept. Used once, valid 14 days.
 * It names the person (her first name is shown on the page); the answer made through it does not name
 * the invitation, and it keeps the day it was used, not the instant, so an anonymous answer cannot be
 * matched to it by time.
 */
export const surveyInvitations = pgTable(
  "survey_invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenHash: text("token_hash").notNull().unique(),
    kind: text("kind").notNull(),
    personId: uuid("person_id").references(() => people.id, { onDelete: "cascade" }),
    site: text("site"),
    serviceId: uuid("service_id").references(() => clinicServices.id, { onDelete: "set null" }),
    /** What it was sent for (a task, an appointment, a discharge…), for the record. */
    sourceType: text("source_type"),
    sourceId: text("source_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedOn: date("used_on"),
  },
  (t) => [
    check("survey_invitations_kind_check", sql`${t.kind} in ('after_first_visit', 'discharge')`),
    index("survey_invitations_created_idx").on(t.createdAt),
    index("survey_invitations_person_idx").on(t.personId),
  ],
);

/**
 * One filled questionnaire. Only a nominative answer names the person; an anonymous one keeps the kind,
 * the day, the site (and service) and the channel, no link to the person, the invitation or the task,
 * and no instant (no created_at, a random id).
 */
export const surveyResponses = pgTable(
  "survey_responses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    formVersion: integer("form_version").notNull(),
    /** The clinic day it was answered on: a day, never an instant. */
    answeredOn: date("answered_on").notNull(),
    site: text("site"),
    serviceId: uuid("service_id").references(() => clinicServices.id, { onDelete: "set null" }),
    /** phone | desk | link */
    channel: text("channel").notNull(),
    anonymous: boolean("anonymous").notNull(),
    /** Nominative answers only. */
    personId: uuid("person_id").references(() => people.id, { onDelete: "set null" }),
    /** Area code → 1..5 (the form version's score questions answered). */
    scores: jsonb("scores").$type<Record<string, number>>().notNull(),
    nps: integer("nps"),
    comment: text("comment"),
    /** Any area ≤ 2 or NPS ≤ 6: a « réclamation / insatisfaction » task (rule survey-low-score). */
    lowScore: boolean("low_score").notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.kind, t.formVersion], foreignColumns: [surveyForms.kind, surveyForms.version] }),
    check("survey_responses_channel_check", sql`${t.channel} in ('phone', 'desk', 'link')`),
    check("survey_responses_anonymous_check", sql`not ${t.anonymous} or ${t.personId} is null`),
    check("survey_responses_nps_check", sql`${t.nps} between 0 and 10`),
    index("survey_responses_answered_idx").on(t.answeredOn),
    index("survey_responses_low_idx").on(t.answeredOn).where(sql`${t.lowScore}`),
  ],
);
