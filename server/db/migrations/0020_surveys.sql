CREATE TABLE "survey_forms" (
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"questions" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	CONSTRAINT "survey_forms_kind_version_pk" PRIMARY KEY("kind","version"),
	CONSTRAINT "survey_forms_kind_check" CHECK ("survey_forms"."kind" in ('after_first_visit', 'discharge'))
);
--> statement-breakpoint
CREATE TABLE "survey_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"kind" text NOT NULL,
	"person_id" uuid,
	"site" text,
	"service_id" uuid,
	"source_type" text,
	"source_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"used_on" date,
	CONSTRAINT "survey_invitations_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "survey_invitations_kind_check" CHECK ("survey_invitations"."kind" in ('after_first_visit', 'discharge'))
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"form_version" integer NOT NULL,
	"answered_on" date NOT NULL,
	"site" text,
	"service_id" uuid,
	"channel" text NOT NULL,
	"anonymous" boolean NOT NULL,
	"person_id" uuid,
	"scores" jsonb NOT NULL,
	"nps" integer,
	"comment" text,
	"low_score" boolean NOT NULL,
	CONSTRAINT "survey_responses_channel_check" CHECK ("survey_responses"."channel" in ('phone', 'desk', 'link')),
	CONSTRAINT "survey_responses_anonymous_check" CHECK (not "survey_responses"."anonymous" or "survey_responses"."person_id" is null),
	CONSTRAINT "survey_responses_nps_check" CHECK ("survey_responses"."nps" between 0 and 10)
);
--> statement-breakpoint
ALTER TABLE "survey_forms" ADD CONSTRAINT "survey_forms_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_service_id_clinic_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."clinic_services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_service_id_clinic_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."clinic_services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_kind_form_version_survey_forms_kind_version_fk" FOREIGN KEY ("kind","form_version") REFERENCES "public"."survey_forms"("kind","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "survey_invitations_created_idx" ON "survey_invitations" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "survey_invitations_person_idx" ON "survey_invitations" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "survey_responses_answered_idx" ON "survey_responses" USING btree ("answered_on");--> statement-breakpoint
CREATE INDEX "survey_responses_low_idx" ON "survey_responses" USING btree ("answered_on") WHERE "survey_responses"."low_score";