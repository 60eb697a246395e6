CREATE TABLE "idempotency_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor" text NOT NULL,
	"key" uuid NOT NULL,
	"route" text NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "captured_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "phone_messages" ADD COLUMN "captured_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "idempotency_keys_actor_key_key" ON "idempotency_keys" USING btree ("actor","key");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys" USING btree ("created_at");