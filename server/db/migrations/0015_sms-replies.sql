CREATE TABLE "sms_replies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"from_phone" text NOT NULL,
	"text" text NOT NULL,
	"meaning" text NOT NULL,
	"provider_message_id" text,
	"person_id" uuid,
	"sms_message_id" uuid,
	"appointment_id" uuid,
	"appointment_starts_at" timestamp with time zone,
	"needs_callback" boolean NOT NULL,
	CONSTRAINT "sms_replies_meaning_check" CHECK ("sms_replies"."meaning" in ('stop', 'confirmed', 'cancel_requested', 'other'))
);
--> statement-breakpoint
ALTER TABLE "sms_replies" ADD CONSTRAINT "sms_replies_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_replies" ADD CONSTRAINT "sms_replies_sms_message_id_sms_messages_id_fk" FOREIGN KEY ("sms_message_id") REFERENCES "public"."sms_messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_replies" ADD CONSTRAINT "sms_replies_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sms_replies_provider_message_idx" ON "sms_replies" USING btree ("provider_message_id") WHERE "sms_replies"."provider_message_id" is not null;--> statement-breakpoint
CREATE INDEX "sms_replies_person_idx" ON "sms_replies" USING btree ("person_id","received_at");--> statement-breakpoint
CREATE INDEX "sms_replies_callback_idx" ON "sms_replies" USING btree ("received_at") WHERE "sms_replies"."needs_callback";