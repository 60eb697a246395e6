import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Every write, in the transaction of the write (ISO 9001, loi 2008-12).
 * Append-only: nothing in Relais updates or deletes these rows.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    actorType: text("actor_type").notNull(),
    actorId: uuid("actor_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (t) => [
    index("audit_events_occurred_at_idx").on(t.occurredAt),
    index("audit_events_entity_idx").on(t.entityType, t.entityId),
    // By record id alone: an id names one record whatever its type, and anonymisation looks up the
    // events of a person's every row (interactions, calls, messages…) by id (migration 0027).
    index("audit_events_entity_id_idx").on(t.entityId),
    index("audit_events_actor_idx").on(t.actorId, t.occurredAt),
  ],
);
