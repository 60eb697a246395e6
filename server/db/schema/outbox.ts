import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth.ts";
import { interactions, people } from "./people.ts";

/** What an email carries, resolved when it is sent: a library document or a quote's PDF. */
export type OutboxAttachment =
  | { kind: "document"; id: string }
  | { kind: "quote"; id: string }
  /** A child's vaccination calendar (id: the child's record) as of the day it was sent. */
  | { kind: "vaccination_calendar"; id: string; asOf: string };

/**
 * Outgoing email (DESIGN §6, messaging): written in the same transaction as
 * what asked for it, then sent at most once by whichever instance claims it,
 * retried with back-off until sent or failed for good. With no SMTP
 * configured it waits here, visible in the app; a request is never lost.
 */
export const outboxEmails = pgTable(
  "outbox_emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** documentation | quote | other */
    purpose: text("purpose").notNull(),
    fromAddress: text("from_address").notNull(),
    toAddresses: text("to_addresses").array().notNull(),
    ccAddresses: text("cc_addresses").array().notNull().default(sql`'{}'::text[]`),
    subject: text("subject").notNull(),
    bodyText: text("body_text").notNull(),
    /** The HTML part, when there is one (a campaign's newsletter); the plain text stays beside it. */
    bodyHtml: text("body_html"),
    /** Extra headers (a campaign's `List-Unsubscribe` and `List-Unsubscribe-Post`). */
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    attachments: jsonb("attachments").$type<OutboxAttachment[]>().notNull().default(sql`'[]'::jsonb`),
    personId: uuid("person_id").references(() => people.id, { onDelete: "set null" }),
    interactionId: uuid("interaction_id").references(() => interactions.id, { onDelete: "set null" }),
    /** pending | sending | sent | failed */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    /** A claim by a sender, so that two instances never send the same email; expires if the sender dies. */
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    messageId: text("message_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    check("outbox_emails_status_check", sql`${t.status} in ('pending', 'sending', 'sent', 'failed')`),
    index("outbox_emails_due_idx").on(t.status, t.nextAttemptAt),
    index("outbox_emails_created_at_idx").on(t.createdAt),
    // A person's emails (outbox filter, merge).
    index("outbox_emails_person_idx").on(t.personId),
  ],
);
