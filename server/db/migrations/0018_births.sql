CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mother_id" uuid NOT NULL,
	"pathway_id" uuid,
	"delivered_on" date NOT NULL,
	"place" text NOT NULL,
	"place_note" text,
	"mode" text NOT NULL,
	"discharged_on" date,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "deliveries_place_check" CHECK ("deliveries"."place" in ('nest', 'elsewhere')),
	CONSTRAINT "deliveries_mode_check" CHECK ("deliveries"."mode" in ('vaginal', 'instrumental', 'cesarean')),
	CONSTRAINT "deliveries_discharge_check" CHECK ("deliveries"."discharged_on" is null or "deliveries"."discharged_on" >= "deliveries"."delivered_on")
);
--> statement-breakpoint
CREATE TABLE "delivery_children" (
	"delivery_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"rank" integer NOT NULL,
	CONSTRAINT "delivery_children_delivery_id_child_id_pk" PRIMARY KEY("delivery_id","child_id")
);
--> statement-breakpoint
CREATE TABLE "guest_book_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"delivery_id" uuid,
	"person_id" uuid,
	"text" text NOT NULL,
	"may_quote" boolean NOT NULL,
	"written_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "pregnancy_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pathway_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"held_by" uuid,
	"told_prices" boolean NOT NULL,
	"told_birth_classes" boolean NOT NULL,
	"told_mothers_group" boolean NOT NULL,
	"planned_place" text NOT NULL,
	"planned_place_note" text,
	"newsletter_wish" text NOT NULL,
	"newsletter_channels" text[] DEFAULT '{}'::text[] NOT NULL,
	"mothers_group_networks" text[] DEFAULT '{}'::text[] NOT NULL,
	"child_follow_up" text NOT NULL,
	"note" text,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "pregnancy_calls_planned_place_check" CHECK ("pregnancy_calls"."planned_place" in ('nest', 'elsewhere', 'undecided')),
	CONSTRAINT "pregnancy_calls_newsletter_wish_check" CHECK ("pregnancy_calls"."newsletter_wish" in ('yes', 'no', 'undecided')),
	CONSTRAINT "pregnancy_calls_child_follow_up_check" CHECK ("pregnancy_calls"."child_follow_up" in ('yes', 'no', 'undecided')),
	CONSTRAINT "pregnancy_calls_newsletter_channels_check" CHECK ("pregnancy_calls"."newsletter_channels" <@ array['email', 'sms', 'whatsapp']::text[]),
	CONSTRAINT "pregnancy_calls_mothers_group_check" CHECK ("pregnancy_calls"."mothers_group_networks" <@ array['whatsapp', 'facebook']::text[])
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_mother_id_people_id_fk" FOREIGN KEY ("mother_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_pathway_id_pathways_id_fk" FOREIGN KEY ("pathway_id") REFERENCES "public"."pathways"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_children" ADD CONSTRAINT "delivery_children_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_children" ADD CONSTRAINT "delivery_children_child_id_people_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guest_book_entries" ADD CONSTRAINT "guest_book_entries_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guest_book_entries" ADD CONSTRAINT "guest_book_entries_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guest_book_entries" ADD CONSTRAINT "guest_book_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pregnancy_calls" ADD CONSTRAINT "pregnancy_calls_pathway_id_pathways_id_fk" FOREIGN KEY ("pathway_id") REFERENCES "public"."pathways"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pregnancy_calls" ADD CONSTRAINT "pregnancy_calls_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pregnancy_calls" ADD CONSTRAINT "pregnancy_calls_held_by_users_id_fk" FOREIGN KEY ("held_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deliveries_mother_idx" ON "deliveries" USING btree ("mother_id","delivered_on");--> statement-breakpoint
CREATE INDEX "deliveries_updated_at_idx" ON "deliveries" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "deliveries_discharged_idx" ON "deliveries" USING btree ("discharged_on") WHERE "deliveries"."discharged_on" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_children_child_key" ON "delivery_children" USING btree ("child_id");--> statement-breakpoint
CREATE INDEX "guest_book_written_idx" ON "guest_book_entries" USING btree ("written_on");--> statement-breakpoint
CREATE INDEX "guest_book_delivery_idx" ON "guest_book_entries" USING btree ("delivery_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pregnancy_calls_pathway_key" ON "pregnancy_calls" USING btree ("pathway_id");--> statement-breakpoint
CREATE INDEX "pregnancy_calls_person_idx" ON "pregnancy_calls" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "pregnancy_calls_updated_at_idx" ON "pregnancy_calls" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "pathways_updated_at_idx" ON "pathways" USING btree ("updated_at");