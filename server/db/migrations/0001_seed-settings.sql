-- The settings live in one row that always exists, so the first two concurrent
-- saves compete on a row lock (version check) instead of both inserting.
-- '{}' reads as the defaults of settings.schema.ts.
INSERT INTO "settings" ("id", "value", "version", "updated_at") VALUES (1, '{}'::jsonb, 1, now()) ON CONFLICT DO NOTHING;
