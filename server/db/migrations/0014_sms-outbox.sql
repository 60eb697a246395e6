CREATE TABLE "sms_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"person_id" uuid,
	"appointment_id" uuid,
	"reminder_offset" text,
	"appointment_starts_at" timestamp with time zone,
	"to_phone" text,
	"text" text NOT NULL,
	"encoding" text NOT NULL,
	"segments" integer NOT NULL,
	"vital" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"reason" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"claimed_until" timestamp with time zone,
	"send_started_at" timestamp with time zone,
	"provider" text,
	"provider_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"checked_at" timestamp with time zone,
	"checked_by" uuid,
	CONSTRAINT "sms_messages_status_check" CHECK ("sms_messages"."status" in ('queued', 'sending', 'sent', 'delivered', 'failed', 'to_check', 'skipped', 'cancelled')),
	CONSTRAINT "sms_messages_kind_check" CHECK ("sms_messages"."kind" in ('appointment_reminder', 'appointment_moved', 'other'))
);
--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "sms_opt_out_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "sms_opt_out_source" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "confirmation" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "confirmation_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sms_messages" ADD CONSTRAINT "sms_messages_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_messages" ADD CONSTRAINT "sms_messages_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_messages" ADD CONSTRAINT "sms_messages_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_messages" ADD CONSTRAINT "sms_messages_checked_by_users_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sms_messages_due_idx" ON "sms_messages" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "sms_messages_created_at_idx" ON "sms_messages" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "sms_messages_person_idx" ON "sms_messages" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE INDEX "sms_messages_appointment_idx" ON "sms_messages" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "sms_messages_provider_id_idx" ON "sms_messages" USING btree ("provider_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_messages_reminder_key" ON "sms_messages" USING btree ("appointment_id","reminder_offset","appointment_starts_at") WHERE "sms_messages"."reminder_offset" is not null and "sms_messages"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "appointments_scheduled_starts_idx" ON "appointments" USING btree ("starts_at") WHERE "appointments"."status" = 'scheduled';--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_confirmation_check" CHECK ("appointments"."confirmation" in ('confirmed', 'cancel_requested'));