ALTER TABLE "calls" ADD COLUMN "linked_at" timestamp with time zone;--> statement-breakpoint
-- Lines already linked: when the audit log first shows them with a record, else their creation.
UPDATE "calls" c SET "linked_at" = coalesce(
  (SELECT min(a."occurred_at") FROM "audit_events" a
   WHERE a."entity_type" = 'call' AND a."entity_id" = c."id"::text AND a."after"->>'personId' IS NOT NULL),
  c."created_at")
WHERE c."person_id" IS NOT NULL;
