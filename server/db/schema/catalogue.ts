import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth.ts";
import { interactions, people } from "./people.ts";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});

/**
 * The catalogue ("LUTIN", the price sheet): what the clinic offers. An offer
 * can be one of the clinic's current objectives (highlighted in the call screen).
 */
export const offers = pgTable(
  "offers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    /** delivery | programme | consultation | surgery | paediatrics | fertility | other */
    category: text("category").notNull(),
    description: text("description"),
    objective: boolean("objective").notNull().default(false),
    active: boolean("active").notNull().default(true),
    position: integer("position").notNull().default(0),
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("offers_code_key").on(t.code)],
);

/**
 * A price of an offer for a caller's profile, in XOF. A null profile column
 * means "any": insured or not, member rate ("Tarif Adhérent") or not, single
 * or double room (null when the offer has no room).
 */
export const offerPrices = pgTable(
  "offer_prices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    offerId: uuid("offer_id")
      .notNull()
      .references(() => offers.id, { onDelete: "cascade" }),
    insured: boolean("insured"),
    member: boolean("member"),
    /** single | double | null */
    room: text("room"),
    amountXof: bigint("amount_xof", { mode: "number" }).notNull(),
    /** This price is itself an objective (delivery at the member rate). */
    objective: boolean("objective").notNull().default(false),
    label: text("label"),
  },
  (t) => [
    check("offer_prices_room_check", sql`${t.room} is null or ${t.room} in ('single', 'double')`),
    check("offer_prices_amount_check", sql`${t.amountXof} >= 0`),
    index("offer_prices_offer_idx").on(t.offerId),
  ],
);

/** The documentation library: brochure, Programme NEST flyer…, uploaded by an admin, attached to emails. */
export const documents = pgTable("documents", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  fileName: text("file_name").notNull(),
  contentType: text("content_type").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  sha256: text("sha256").notNull(),
  content: bytea("content").notNull(),
  active: boolean("active").notNull().default(true),
  uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull(),
  uploadedBy: uuid("uploaded_by").references(() => users.id, { onDelete: "set null" }),
  version: integer("version").notNull().default(1),
});

/** The last pro forma number given each year: numbers follow without gaps (taken in the quote's transaction). */
export const quoteCounters = pgTable("quote_counters", {
  year: integer("year").primaryKey(),
  lastNumber: integer("last_number").notNull(),
});

/** Pro forma quotes ("facture pro forma"): numbered without gaps per year, dated, valid N days. */
export const quotes = pgTable(
  "quotes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    year: integer("year").notNull(),
    sequence: integer("sequence").notNull(),
    /** PF-2026-00042 */
    number: text("number").notNull(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    issuedOn: date("issued_on").notNull(),
    validUntil: date("valid_until").notNull(),
    totalXof: bigint("total_xof", { mode: "number" }).notNull(),
    notes: text("notes"),
    interactionId: uuid("interaction_id").references(() => interactions.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("quotes_year_sequence_key").on(t.year, t.sequence),
    uniqueIndex("quotes_number_key").on(t.number),
    index("quotes_person_idx").on(t.personId),
  ],
);

export const quoteLines = pgTable(
  "quote_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    quoteId: uuid("quote_id")
      .notNull()
      .references(() => quotes.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    offerId: uuid("offer_id").references(() => offers.id, { onDelete: "set null" }),
    offerPriceId: uuid("offer_price_id").references(() => offerPrices.id, { onDelete: "set null" }),
    /** As printed: the offer and profile at the time of the quote (the catalogue may change later). */
    label: text("label").notNull(),
    quantity: integer("quantity").notNull(),
    unitPriceXof: bigint("unit_price_xof", { mode: "number" }).notNull(),
    amountXof: bigint("amount_xof", { mode: "number" }).notNull(),
  },
  (t) => [
    check("quote_lines_quantity_check", sql`${t.quantity} > 0`),
    index("quote_lines_quote_idx").on(t.quoteId, t.position),
  ],
);
