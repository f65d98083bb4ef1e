ALTER TYPE "public"."change_action" ADD VALUE 'withdraw';--> statement-breakpoint
ALTER TABLE "mandataires" ADD COLUMN "withheld" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "mandataires_withheld_idx" ON "mandataires" USING btree ("id") WHERE "mandataires"."withheld";