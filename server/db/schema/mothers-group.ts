import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth.ts";
import { people } from "./people.ts";

/** The « Groupe des Mamans NEST » (procedure 5): where a person stands with one network's group now. */
export const mothersGroupMemberships = pgTable(
  "mothers_group_memberships",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    /** whatsapp | facebook */
    network: text("network").notNull(),
    /** wishes | invited | member | left */
    status: text("status").notNull(),
    /** She agreed to be added to the group (her number is shown to its members). */
    consentToAdd: boolean("consent_to_add").notNull().default(false),
    invitedAt: timestamp("invited_at", { withTimezone: true }),
    /** sms | email | in_person */
    invitedVia: text("invited_via"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    check("mothers_group_memberships_network_check", sql`${t.network} in ('whatsapp', 'facebook')`),
    check("mothers_group_memberships_status_check", sql`${t.status} in ('wishes', 'invited', 'member', 'left')`),
    check("mothers_group_memberships_invited_via_check", sql`${t.invitedVia} in ('sms', 'email', 'in_person')`),
    uniqueIndex("mothers_group_memberships_person_network_key").on(t.personId, t.network),
    index("mothers_group_memberships_status_idx").on(t.network, t.status),
  ],
);

/** Every change of a membership (history kept: who, when, from what to what, how). */
export const mothersGroupEvents = pgTable(
  "mothers_group_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    membershipId: uuid("membership_id")
      .notNull()
      .references(() => mothersGroupMemberships.id, { onDelete: "cascade" }),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    /** What happened: the 36 SA call, after the delivery, an invitation sent, by hand… */
    source: text("source").notNull(),
    note: text("note"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("mothers_group_events_membership_idx").on(t.membershipId, t.occurredAt)],
);
