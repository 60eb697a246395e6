ALTER TABLE "follow_up_runs" ADD COLUMN "status" text DEFAULT 'done' NOT NULL;--> statement-breakpoint
ALTER TABLE "follow_up_runs" ADD COLUMN "error" text;--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "reached" boolean;--> statement-breakpoint
ALTER TABLE "follow_up_runs" ADD CONSTRAINT "follow_up_runs_status_check" CHECK ("follow_up_runs"."status" in ('done', 'failed'));--> statement-breakpoint
-- Calls already recorded by completing a task: « Joint » reached the person, « Pas de réponse » and
-- « Mauvais numéro » did not (issue 13: an unreached call never answers a request).
UPDATE "interactions" SET "reached" = ("outcome" = 'Joint') WHERE "outcome" IN ('Joint', 'Pas de réponse', 'Mauvais numéro');
