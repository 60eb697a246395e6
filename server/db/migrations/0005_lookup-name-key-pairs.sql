DROP INDEX "people_last_name_key_idx";--> statement-breakpoint
DROP INDEX "people_first_name_key_idx";--> statement-breakpoint
CREATE INDEX "people_last_first_key_idx" ON "people" USING btree ("last_name_key" text_pattern_ops,"first_name_key" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "people_first_last_key_idx" ON "people" USING btree ("first_name_key" text_pattern_ops,"last_name_key" text_pattern_ops);