CREATE TABLE "digest_marks" (
	"interaction_id" uuid PRIMARY KEY NOT NULL,
	"processed_at" timestamp with time zone NOT NULL,
	"processed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "first_response_sla" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"temperature" text NOT NULL,
	"first_contact_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"breach_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"answer_interaction_id" uuid,
	"within_business_days" boolean NOT NULL,
	"breached" boolean NOT NULL,
	"response_seconds" integer,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "follow_up_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"trigger" text NOT NULL,
	"mode" text DEFAULT 'full' NOT NULL,
	"settings_version" integer,
	"triggered_by" uuid,
	"counts" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "follow_up_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule" text NOT NULL,
	"person_id" uuid,
	"source_type" text NOT NULL,
	"source_id" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"original_due_at" timestamp with time zone NOT NULL,
	"assignee_user_id" uuid,
	"assignee_role" text,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"close_reason" text,
	"outcome" text,
	"outcome_note" text,
	"completion_interaction_id" uuid,
	"survey" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "follow_up_tasks_status_check" CHECK ("follow_up_tasks"."status" in ('open', 'done', 'closed')),
	CONSTRAINT "follow_up_tasks_assignee_check" CHECK ("follow_up_tasks"."assignee_user_id" is not null or "follow_up_tasks"."assignee_role" is not null)
);
--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "documents_requested" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "digest_marks" ADD CONSTRAINT "digest_marks_interaction_id_interactions_id_fk" FOREIGN KEY ("interaction_id") REFERENCES "public"."interactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_marks" ADD CONSTRAINT "digest_marks_processed_by_users_id_fk" FOREIGN KEY ("processed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_runs" ADD CONSTRAINT "follow_up_runs_triggered_by_users_id_fk" FOREIGN KEY ("triggered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD CONSTRAINT "follow_up_tasks_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD CONSTRAINT "follow_up_tasks_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD CONSTRAINT "follow_up_tasks_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD CONSTRAINT "follow_up_tasks_completion_interaction_id_interactions_id_fk" FOREIGN KEY ("completion_interaction_id") REFERENCES "public"."interactions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "first_response_sla_first_contact_idx" ON "first_response_sla" USING btree ("first_contact_at");--> statement-breakpoint
CREATE INDEX "follow_up_runs_as_of_idx" ON "follow_up_runs" USING btree ("as_of");--> statement-breakpoint
CREATE UNIQUE INDEX "follow_up_tasks_key" ON "follow_up_tasks" USING btree ("rule","source_type","source_id",coalesce("person_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
CREATE INDEX "follow_up_tasks_open_idx" ON "follow_up_tasks" USING btree ("rule","due_at") WHERE "follow_up_tasks"."status" = 'open';--> statement-breakpoint
CREATE INDEX "follow_up_tasks_assignee_idx" ON "follow_up_tasks" USING btree ("assignee_user_id","status","due_at");--> statement-breakpoint
CREATE INDEX "follow_up_tasks_role_idx" ON "follow_up_tasks" USING btree ("assignee_role","status","due_at");--> statement-breakpoint
CREATE INDEX "follow_up_tasks_person_idx" ON "follow_up_tasks" USING btree ("person_id","status");--> statement-breakpoint
CREATE INDEX "follow_up_tasks_completion_idx" ON "follow_up_tasks" USING btree ("completion_interaction_id") WHERE "follow_up_tasks"."completion_interaction_id" is not null;--> statement-breakpoint
CREATE INDEX "interactions_recorded_at_idx" ON "interactions" USING btree ("recorded_at");--> statement-breakpoint
CREATE INDEX "interactions_answer_live_idx" ON "interactions" USING btree ("person_id","occurred_at") WHERE channel in ('phone_in', 'phone_out', 'visit') or cardinality(documents_sent) > 0;--> statement-breakpoint
CREATE INDEX "interactions_answer_written_idx" ON "interactions" USING btree ("person_id","occurred_at") WHERE channel in ('email', 'sms', 'whatsapp');--> statement-breakpoint
CREATE INDEX "interactions_documents_requested_idx" ON "interactions" USING btree ("occurred_at") WHERE "interactions"."documents_requested";--> statement-breakpoint
CREATE INDEX "people_updated_at_idx" ON "people" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "people_first_contact_idx" ON "people" USING btree ("first_contact_date");--> statement-breakpoint
CREATE INDEX "people_converted_to_idx" ON "people" USING btree ("converted_to_id") WHERE "people"."converted_to_id" is not null;--> statement-breakpoint
CREATE INDEX "appointments_updated_at_idx" ON "appointments" USING btree ("updated_at");