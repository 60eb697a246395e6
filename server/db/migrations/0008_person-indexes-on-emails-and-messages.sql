CREATE INDEX "outbox_emails_person_idx" ON "outbox_emails" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "phone_messages_person_idx" ON "phone_messages" USING btree ("person_id");