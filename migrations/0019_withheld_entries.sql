ALTER TYPE "public"."change_action" ADD VALUE 'withhold';--> statement-breakpoint
ALTER TYPE "public"."change_action" ADD VALUE 'publish';--> statement-breakpoint
ALTER TABLE "operators" ADD COLUMN "withheld" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "withheld" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "operators_withheld_idx" ON "operators" USING btree ("id") WHERE "operators"."withheld";--> statement-breakpoint
CREATE INDEX "sites_withheld_idx" ON "sites" USING btree ("id") WHERE "sites"."withheld";