ALTER TABLE "mandataires" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "mandataires" ADD COLUMN "siret" varchar(14);--> statement-breakpoint
ALTER TABLE "mandataires" ADD COLUMN "court_of_appeal" text;--> statement-breakpoint
ALTER TABLE "mandataires" ADD COLUMN "secondary_offices" text[] DEFAULT '{}'::text[] NOT NULL;