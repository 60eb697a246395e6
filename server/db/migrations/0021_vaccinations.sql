CREATE TABLE "vaccination_doses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"vaccine" text NOT NULL,
	"dose" integer NOT NULL,
	"given_on" date NOT NULL,
	"place" text NOT NULL,
	"note" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "vaccination_doses_place_check" CHECK ("vaccination_doses"."place" in ('nest', 'elsewhere')),
	CONSTRAINT "vaccination_doses_dose_check" CHECK ("vaccination_doses"."dose" >= 0)
);
--> statement-breakpoint
CREATE TABLE "vaccination_reminders" (
	"person_id" uuid NOT NULL,
	"vaccine" text NOT NULL,
	"dose" integer NOT NULL,
	"due_on" date NOT NULL,
	"sms_message_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "vaccination_reminders_person_id_vaccine_dose_pk" PRIMARY KEY("person_id","vaccine","dose")
);
--> statement-breakpoint
ALTER TABLE "vaccination_doses" ADD CONSTRAINT "vaccination_doses_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccination_doses" ADD CONSTRAINT "vaccination_doses_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccination_reminders" ADD CONSTRAINT "vaccination_reminders_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccination_reminders" ADD CONSTRAINT "vaccination_reminders_sms_message_id_sms_messages_id_fk" FOREIGN KEY ("sms_message_id") REFERENCES "public"."sms_messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "vaccination_doses_person_dose_key" ON "vaccination_doses" USING btree ("person_id","vaccine","dose");--> statement-breakpoint
CREATE INDEX "vaccination_doses_given_on_idx" ON "vaccination_doses" USING btree ("given_on");--> statement-breakpoint
CREATE INDEX "vaccination_reminders_sms_idx" ON "vaccination_reminders" USING btree ("sms_message_id");