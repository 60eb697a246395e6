import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { SegmentFilter } from "../../../shared/segments.ts";
import { users } from "./auth.ts";
import { outboxEmails } from "./outbox.ts";
import { people } from "./people.ts";
import { smsMessages } from "./sms.ts";

/** A saved segment: a named filter over people, counted live (procedure 5: « selon la segmentation »). */
export const segments = pgTable("segments", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  filter: jsonb("filter").$type<SegmentFilter>().notNull(),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
});

/**
 * A newsletter or offer sent to a segment by e-mail and/or SMS. Its audience is fixed when sending starts
 * (`campaign_recipients`), then fed to the outboxes at the throttled rate of the settings.
 */
export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** newsletter | offers_events: the consent it needs on each channel. */
    purpose: text("purpose").notNull(),
    /** email and/or sms. */
    channels: text("channels").array().notNull(),
    segmentId: uuid("segment_id").references(() => segments.id, { onDelete: "set null" }),
    /** The segment's filter as it was when sending started (the audience is reproducible). */
    filter: jsonb("filter").$type<SegmentFilter>(),
    emailSubject: text("email_subject"),
    /** Markdown; the HTML and the plain text are rendered from it, with the clinic's signature. */
    emailMarkdown: text("email_markdown"),
    /** Library documents attached to the e-mail (ids). */
    emailDocumentIds: uuid("email_document_ids").array().notNull().default(sql`'{}'::uuid[]`),
    smsText: text("sms_text"),
    /** Links in the e-mail go through Relais to count clicks (off by default; settings allow it). */
    trackClicks: boolean("track_clicks").notNull().default(false),
    /** draft | scheduled | sending | sent | cancelled */
    status: text("status").notNull().default("draft"),
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }),
    startedAt: timestamp("started_at", { withTimezone: true }),
    /** When the last batch was handed to the outboxes (the throttle counts from it). */
    lastBatchAt: timestamp("last_batch_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    check("campaigns_purpose_check", sql`${t.purpose} in ('newsletter', 'offers_events')`),
    check("campaigns_status_check", sql`${t.status} in ('draft', 'scheduled', 'sending', 'sent', 'cancelled')`),
    check("campaigns_channels_check", sql`cardinality(${t.channels}) between 1 and 2`),
    index("campaigns_due_idx").on(t.status, t.scheduledAt),
  ],
);

/**
 * One person on one channel of one campaign: at most once per person and per address (unique keys), whatever
 * instances or restarts build or feed it.
 */
export const campaignRecipients = pgTable(
  "campaign_recipients",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    personId: uuid("person_id").references(() => people.id, { onDelete: "set null" }),
    /** email | sms */
    channel: text("channel").notNull(),
    /** The e-mail address in lower case, or the E.164 mobile number. */
    address: text("address").notNull(),
    /** pending | queued | sent | failed | bounced | skipped */
    status: text("status").notNull().default("pending"),
    reason: text("reason"),
    /** SHA-256 of the unsubscribe token carried by the message (the token itself is never stored). */
    unsubscribeTokenHash: text("unsubscribe_token_hash"),
    outboxEmailId: uuid("outbox_email_id").references(() => outboxEmails.id, { onDelete: "set null" }),
    smsMessageId: uuid("sms_message_id").references(() => smsMessages.id, { onDelete: "set null" }),
    queuedAt: timestamp("queued_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    failedAt: timestamp("failed_at", { withTimezone: true }),
    unsubscribedAt: timestamp("unsubscribed_at", { withTimezone: true }),
    firstClickedAt: timestamp("first_clicked_at", { withTimezone: true }),
  },
  (t) => [
    check("campaign_recipients_channel_check", sql`${t.channel} in ('email', 'sms')`),
    check(
      "campaign_recipients_status_check",
      sql`${t.status} in ('pending', 'queued', 'sent', 'failed', 'bounced', 'skipped')`,
    ),
    uniqueIndex("campaign_recipients_address_key").on(t.campaignId, t.channel, t.address),
    uniqueIndex("campaign_recipients_person_key").on(t.campaignId, t.channel, t.personId),
    index("campaign_recipients_status_idx").on(t.campaignId, t.status),
    uniqueIndex("campaign_recipients_token_key").on(t.unsubscribeTokenHash),
    index("campaign_recipients_outbox_email_idx").on(t.outboxEmailId),
    index("campaign_recipients_sms_idx").on(t.smsMessageId),
    index("campaign_recipients_person_idx").on(t.personId),
  ],
);

/** The links of a campaign's e-mail, when clicks are counted. */
export const campaignLinks = pgTable(
  "campaign_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [uniqueIndex("campaign_links_campaign_url_key").on(t.campaignId, t.url)],
);

/** Who clicked which link (once per recipient and link; the count of clicks beside it). */
export const campaignClicks = pgTable(
  "campaign_clicks",
  {
    recipientId: uuid("recipient_id")
      .notNull()
      .references(() => campaignRecipients.id, { onDelete: "cascade" }),
    linkId: uuid("link_id")
      .notNull()
      .references(() => campaignLinks.id, { onDelete: "cascade" }),
    firstAt: timestamp("first_at", { withTimezone: true }).notNull(),
    clicks: integer("clicks").notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.recipientId, t.linkId] })],
);
