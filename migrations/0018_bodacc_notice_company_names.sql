ALTER TABLE "proceeding_notices" ADD COLUMN "company_name" text;--> statement-breakpoint
ALTER TABLE "proceeding_notices" ADD COLUMN "siren_as_written" text;