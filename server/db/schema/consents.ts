import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth.ts";
import { people } from "./people.ts";

/**
 * The consent register's history (loi 2008-12): every consent granted or withdrawn, per person, purpose and
 * channel, how and by whom, with the wording shown at the time. Only ever added to: nothing is overwritten.
 */
export const consentEvents = pgTable(
  "consent_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    /** newsletter | offers_events | reminders */
    purpose: text("purpose").notNull(),
    /** email | sms | whatsapp */
    channel: text("channel").notNull(),
    granted: boolean("granted").notNull(),
    /** call | entry_interview | week36_call | web_form | import | unsubscribe_link | stop_reply | record */
    source: text("source").notNull(),
    /** What was shown or read to her when she answered. */
    wording: text("wording").notNull(),
    /** A free note (« a dit à l'accueil… »), optional. */
    note: text("note"),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
    /** Null when no staff member recorded it (an unsubscribe link, a STOP reply). */
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    check("consent_events_purpose_check", sql`${t.purpose} in ('newsletter', 'offers_events', 'reminders')`),
    check("consent_events_channel_check", sql`${t.channel} in ('email', 'sms', 'whatsapp')`),
    index("consent_events_person_idx").on(t.personId, t.recordedAt),
  ],
);

/**
 * Where each person stands now, per purpose and channel: the newest entry of `consent_events`, kept in the
 * same transaction (segments and campaigns read it; no row: never asked).
 */
export const consentStates = pgTable(
  "consent_states",
  {
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    purpose: text("purpose").notNull(),
    channel: text("channel").notNull(),
    granted: boolean("granted").notNull(),
    since: timestamp("since", { withTimezone: true }).notNull(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => consentEvents.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.purpose, t.channel] }),
    // A campaign's audience: everyone who granted this purpose on this channel.
    index("consent_states_granted_idx").on(t.purpose, t.channel, t.personId).where(sql`${t.granted}`),
  ],
);
