-- The change feed follows `position`, given in commit order (src/db/change-positions.ts), no longer `id`, handed out
-- at insert time: a long transaction committed ids below those already served. The rows of before keep their id as
-- their position, so that every `since` a partner holds stays valid; new positions continue above them. One rewrite
-- of the table (the columns added without a default, then filled), not two.
ALTER TABLE "changes" ADD COLUMN "txid" "xid8";--> statement-breakpoint
ALTER TABLE "changes" ADD COLUMN "position" bigint;--> statement-breakpoint
UPDATE "changes" SET "txid" = pg_current_xact_id(), "position" = "id";--> statement-breakpoint
ALTER TABLE "changes" ALTER COLUMN "txid" SET DEFAULT pg_current_xact_id();--> statement-breakpoint
ALTER TABLE "changes" ALTER COLUMN "txid" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "changes_unpositioned_idx" ON "changes" USING btree ("txid","id") WHERE "changes"."position" is null;--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_position_key" UNIQUE("position");
