CREATE TABLE "pathways" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"type" text NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"exit_reason" text,
	"exit_note" text,
	"ddr" date,
	"dpa" date,
	"due_date_convention" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "pathways_type_check" CHECK ("pathways"."type" in ('gynecology', 'pregnancy', 'postpartum', 'pediatrics')),
	CONSTRAINT "pathways_exit_reason_check" CHECK ("pathways"."exit_reason" in ('delivered', 'miscarriage', 'moved_away', 'transferred', 'completed', 'other')),
	CONSTRAINT "pathways_end_check" CHECK (("pathways"."ended_on" is null) = ("pathways"."exit_reason" is null)),
	CONSTRAINT "pathways_end_after_start_check" CHECK ("pathways"."ended_on" is null or "pathways"."ended_on" >= "pathways"."started_on"),
	CONSTRAINT "pathways_pregnancy_dates_check" CHECK (("pathways"."type" = 'pregnancy') = ("pathways"."ddr" is not null) and ("pathways"."ddr" is null) = ("pathways"."dpa" is null) and ("pathways"."ddr" is null) = ("pathways"."due_date_convention" is null)),
	CONSTRAINT "pathways_due_date_convention_check" CHECK ("pathways"."due_date_convention" in ('french', 'naegele'))
);
--> statement-breakpoint
ALTER TABLE "pathways" ADD CONSTRAINT "pathways_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathways" ADD CONSTRAINT "pathways_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pathways_one_open_per_type_idx" ON "pathways" USING btree ("person_id","type") WHERE "pathways"."ended_on" is null;--> statement-breakpoint
CREATE INDEX "pathways_person_idx" ON "pathways" USING btree ("person_id","started_on");