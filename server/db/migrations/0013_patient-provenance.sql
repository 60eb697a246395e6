ALTER TABLE "people" ADD COLUMN "provenance_origin" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "provenance_prospect_id" uuid;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_provenance_prospect_id_people_id_fk" FOREIGN KEY ("provenance_prospect_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;