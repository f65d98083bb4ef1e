ALTER TABLE "sites" ADD COLUMN "commune_label" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "commune_as_written" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "code_arrondissement" varchar(5);--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "arrondissement" text;--> statement-breakpoint
ALTER TABLE "clubs" ADD COLUMN "commune_label" text;--> statement-breakpoint
ALTER TABLE "clubs" ADD COLUMN "commune_as_written" text;--> statement-breakpoint
ALTER TABLE "clubs" ADD COLUMN "code_arrondissement" varchar(5);--> statement-breakpoint
ALTER TABLE "clubs" ADD COLUMN "arrondissement" text;--> statement-breakpoint
ALTER TABLE "mandataires" ADD COLUMN "commune_label" text;--> statement-breakpoint
ALTER TABLE "mandataires" ADD COLUMN "commune_as_written" text;--> statement-breakpoint
ALTER TABLE "mandataires" ADD COLUMN "code_arrondissement" varchar(5);--> statement-breakpoint
ALTER TABLE "mandataires" ADD COLUMN "arrondissement" text;--> statement-breakpoint
CREATE INDEX "sites_code_arrondissement_idx" ON "sites" USING btree ("code_arrondissement");--> statement-breakpoint
-- Entries written before: the name is the label (a shared name gets its département when the entry is next written).
UPDATE "sites" SET "commune_label" = "commune" WHERE "commune" IS NOT NULL;--> statement-breakpoint
UPDATE "clubs" SET "commune_label" = "commune" WHERE "commune" IS NOT NULL;--> statement-breakpoint
UPDATE "mandataires" SET "commune_label" = "commune" WHERE "commune" IS NOT NULL;
