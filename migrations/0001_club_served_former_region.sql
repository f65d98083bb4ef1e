ALTER TABLE "clubs" ADD COLUMN "served_former_region_name" text;--> statement-breakpoint
-- Until now the served former region was kept in former_region_name (the place's column).
UPDATE "clubs" SET "served_former_region_name" = "former_region_name";--> statement-breakpoint
UPDATE "clubs" SET "former_region_name" = NULL WHERE "code_commune" IS NULL;
