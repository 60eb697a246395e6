CREATE TABLE "interactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"author_id" uuid,
	"channel" text NOT NULL,
	"motive" text,
	"request_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"comment" text,
	"documents_sent" text[] DEFAULT '{}'::text[] NOT NULL,
	"outcome" text
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"last_name" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name_key" text NOT NULL,
	"first_name_key" text NOT NULL,
	"birth_date" date,
	"email" text,
	"address" text,
	"insured" boolean,
	"insurer" text,
	"member" boolean,
	"notes" text,
	"first_contact_date" date,
	"origin" text,
	"temperature" text,
	"converted_at" timestamp with time zone,
	"converted_to_id" uuid,
	"possible_duplicate" boolean DEFAULT false NOT NULL,
	"merged_into_id" uuid,
	"ehr_number" text,
	"ehr_created_on" date,
	"source_prospect_id" uuid,
	"last_interaction_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "people_kind_check" CHECK ("people"."kind" in ('prospect', 'patient')),
	CONSTRAINT "people_temperature_check" CHECK ("people"."temperature" in ('hot', 'warm', 'cold')),
	CONSTRAINT "people_kind_fields_check" CHECK (("people"."kind" = 'prospect' and "people"."temperature" is not null and "people"."ehr_number" is null)
       or ("people"."kind" = 'patient' and "people"."temperature" is null))
);
--> statement-breakpoint
CREATE TABLE "person_phones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"e164" text NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "temperature_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "temperature_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"person_id" uuid NOT NULL,
	"from_temperature" text,
	"to_temperature" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"changed_by" uuid,
	"reason" text
);
--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_converted_to_id_people_id_fk" FOREIGN KEY ("converted_to_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_merged_into_id_people_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_source_prospect_id_people_id_fk" FOREIGN KEY ("source_prospect_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_phones" ADD CONSTRAINT "person_phones_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_changes" ADD CONSTRAINT "temperature_changes_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temperature_changes" ADD CONSTRAINT "temperature_changes_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "interactions_person_idx" ON "interactions" USING btree ("person_id","occurred_at");--> statement-breakpoint
CREATE INDEX "interactions_occurred_at_idx" ON "interactions" USING btree ("occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "people_ehr_number_key" ON "people" USING btree ("ehr_number");--> statement-breakpoint
CREATE INDEX "people_last_name_key_idx" ON "people" USING btree ("last_name_key" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "people_first_name_key_idx" ON "people" USING btree ("first_name_key" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "people_birth_date_idx" ON "people" USING btree ("birth_date");--> statement-breakpoint
CREATE INDEX "people_kind_created_idx" ON "people" USING btree ("kind","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "person_phones_person_e164_key" ON "person_phones" USING btree ("person_id","e164");--> statement-breakpoint
CREATE INDEX "person_phones_e164_idx" ON "person_phones" USING btree ("e164" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "person_phones_e164_reversed_idx" ON "person_phones" USING btree (reverse("e164") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "temperature_changes_person_idx" ON "temperature_changes" USING btree ("person_id","changed_at");