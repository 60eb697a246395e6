ALTER TABLE "sms_messages" DROP CONSTRAINT "sms_messages_kind_check";--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "sex" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "mother_id" uuid;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_mother_id_people_id_fk" FOREIGN KEY ("mother_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "people_mother_idx" ON "people" USING btree ("mother_id") WHERE "people"."mother_id" is not null;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_sex_check" CHECK ("people"."sex" in ('female', 'male'));--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_mother_check" CHECK ("people"."mother_id" <> "people"."id");--> statement-breakpoint
ALTER TABLE "sms_messages" ADD CONSTRAINT "sms_messages_kind_check" CHECK ("sms_messages"."kind" in ('appointment_reminder', 'appointment_moved', 'vaccine_reminder', 'survey_link', 'other'));