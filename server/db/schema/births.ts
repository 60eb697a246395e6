import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth.ts";
import { pathways } from "./pathways.ts";
import { people } from "./people.ts";

/**
 * The 36 SA preparation call's checklist (procedure 5, rule week-36): what the
 * CRM secretary transmitted and what she collected, as data (the newsletters'
 * segments and the mothers' group read it), one per pregnancy, corrected in place
 * (each change audited).
 */
export const pregnancyCalls = pgTable(
  "pregnancy_calls",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    pathwayId: uuid("pathway_id")
      .notNull()
      .references(() => pathways.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    heldAt: timestamp("held_at", { withTimezone: true }).notNull(),
    heldBy: uuid("held_by").references(() => users.id, { onDelete: "set null" }),
    /** Transmitted: tarifs et prise en charge; cours de préparation à l'accouchement; groupe des mamans NEST. */
    toldPrices: boolean("told_prices").notNull(),
    toldBirthClasses: boolean("told_birth_classes").notNull(),
    toldMothersGroup: boolean("told_mothers_group").notNull(),
    /** Collected: nest | elsewhere | undecided, and where when elsewhere. */
    plannedPlace: text("planned_place").notNull(),
    plannedPlaceNote: text("planned_place_note"),
    /** yes | no | undecided, and by which channels (email, sms, whatsapp) when yes. */
    newsletterWish: text("newsletter_wish").notNull(),
    newsletterChannels: text("newsletter_channels").array().notNull().default(sql`'{}'::text[]`),
    /** The networks of the mothers' group she wishes to join (empty: none). */
    mothersGroupNetworks: text("mothers_group_networks").array().notNull().default(sql`'{}'::text[]`),
    /** yes | no | undecided: the child followed at NEST (paediatrics). */
    childFollowUp: text("child_follow_up").notNull(),
    note: text("note"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("pregnancy_calls_pathway_key").on(t.pathwayId),
    index("pregnancy_calls_person_idx").on(t.personId),
    index("pregnancy_calls_updated_at_idx").on(t.updatedAt),
    check("pregnancy_calls_planned_place_check", sql`${t.plannedPlace} in ('nest', 'elsewhere', 'undecided')`),
    check("pregnancy_calls_newsletter_wish_check", sql`${t.newsletterWish} in ('yes', 'no', 'undecided')`),
    check("pregnancy_calls_child_follow_up_check", sql`${t.childFollowUp} in ('yes', 'no', 'undecided')`),
    check(
      "pregnancy_calls_newsletter_channels_check",
      sql`${t.newsletterChannels} <@ array['email', 'sms', 'whatsapp']::text[]`,
    ),
    check(
      "pregnancy_calls_mothers_group_check",
      sql`${t.mothersGroupNetworks} <@ array['whatsapp', 'facebook']::text[]`,
    ),
  ],
);

/**
 * A delivery (procedure 5, « Accouchement et sortie »): the mother, the pregnancy it ended, the day, where
 * and how, and the discharge day once she left the maternity (rule post-discharge-10d).
 */
export const deliveries = pgTable(
  "deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    motherId: uuid("mother_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    pathwayId: uuid("pathway_id").references(() => pathways.id, { onDelete: "set null" }),
    deliveredOn: date("delivered_on").notNull(),
    /** nest | elsewhere, and where when elsewhere. */
    place: text("place").notNull(),
    placeNote: text("place_note"),
    /** vaginal | instrumental | cesarean */
    mode: text("mode").notNull(),
    dischargedOn: date("discharged_on"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("deliveries_mother_idx").on(t.motherId, t.deliveredOn),
    index("deliveries_updated_at_idx").on(t.updatedAt),
    // The discharges of the last days (rule post-discharge-10d).
    index("deliveries_discharged_idx").on(t.dischargedOn).where(sql`${t.dischargedOn} is not null`),
    check("deliveries_place_check", sql`${t.place} in ('nest', 'elsewhere')`),
    check("deliveries_mode_check", sql`${t.mode} in ('vaginal', 'instrumental', 'cesarean')`),
    check("deliveries_discharge_check", sql`${t.dischargedOn} is null or ${t.dischargedOn} >= ${t.deliveredOn}`),
  ],
);

/** The babies of a delivery, each a patient record of its own (people.mother_id names the mother). */
export const deliveryChildren = pgTable(
  "delivery_children",
  {
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => deliveries.id, { onDelete: "cascade" }),
    childId: uuid("child_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    /** Birth order (1, 2 for twins…). */
    rank: integer("rank").notNull(),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.childId] }), uniqueIndex("delivery_children_child_key").on(t.childId)],
);

/**
 * The guest book (« livre d'or »): what a mother wrote at discharge, and whether the clinic may quote it.
 */
export const guestBookEntries = pgTable(
  "guest_book_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    deliveryId: uuid("delivery_id").references(() => deliveries.id, { onDelete: "set null" }),
    personId: uuid("person_id").references(() => people.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    mayQuote: boolean("may_quote").notNull(),
    writtenOn: date("written_on").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("guest_book_written_idx").on(t.writtenOn), index("guest_book_delivery_idx").on(t.deliveryId)],
);
