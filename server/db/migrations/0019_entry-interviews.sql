CREATE TABLE "entry_interviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"appointment_id" uuid,
	"held_at" timestamp with time zone NOT NULL,
	"held_by" uuid,
	"transmitted_fees" boolean NOT NULL,
	"transmitted_services" boolean NOT NULL,
	"provenance_origin" text,
	"provenance_prospect_id" uuid,
	"file_completed" boolean NOT NULL,
	"visit_purpose" text NOT NULL,
	"pathway_id" uuid,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "entry_interviews_visit_purpose_check" CHECK ("entry_interviews"."visit_purpose" in ('gynecology', 'pregnancy', 'postpartum', 'pediatrics', 'none'))
);
--> statement-breakpoint
ALTER TABLE "entry_interviews" ADD CONSTRAINT "entry_interviews_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_interviews" ADD CONSTRAINT "entry_interviews_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_interviews" ADD CONSTRAINT "entry_interviews_held_by_users_id_fk" FOREIGN KEY ("held_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_interviews" ADD CONSTRAINT "entry_interviews_provenance_prospect_id_people_id_fk" FOREIGN KEY ("provenance_prospect_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_interviews" ADD CONSTRAINT "entry_interviews_pathway_id_pathways_id_fk" FOREIGN KEY ("pathway_id") REFERENCES "public"."pathways"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "entry_interviews_appointment_idx" ON "entry_interviews" USING btree ("appointment_id") WHERE "entry_interviews"."appointment_id" is not null;--> statement-breakpoint
CREATE INDEX "entry_interviews_person_idx" ON "entry_interviews" USING btree ("person_id","held_at");--> statement-breakpoint
CREATE INDEX "entry_interviews_held_at_idx" ON "entry_interviews" USING btree ("held_at");