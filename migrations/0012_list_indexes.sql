DROP INDEX "clubs_name_idx";--> statement-breakpoint
DROP INDEX "mandataires_name_idx";--> statement-breakpoint
DROP INDEX "operators_name_idx";--> statement-breakpoint
DROP INDEX "proceedings_name_idx";--> statement-breakpoint
DROP INDEX "sites_name_idx";--> statement-breakpoint
CREATE INDEX "clubs_name_sort_idx" ON "clubs" USING btree ((coalesce("name", '')) collate "fr-x-icu","id" collate "C");--> statement-breakpoint
CREATE INDEX "clubs_member_count_sort_idx" ON "clubs" USING btree ((coalesce("member_count", -1)),"id" collate "C");--> statement-breakpoint
CREATE INDEX "clubs_created_at_sort_idx" ON "clubs" USING btree ("created_at","id" collate "C");--> statement-breakpoint
CREATE INDEX "clubs_updated_at_sort_idx" ON "clubs" USING btree ("updated_at","id" collate "C");--> statement-breakpoint
CREATE INDEX "mandataires_name_sort_idx" ON "mandataires" USING btree ((coalesce("name", '')) collate "fr-x-icu","id" collate "C");--> statement-breakpoint
CREATE INDEX "mandataires_created_at_sort_idx" ON "mandataires" USING btree ("created_at","id" collate "C");--> statement-breakpoint
CREATE INDEX "mandataires_updated_at_sort_idx" ON "mandataires" USING btree ("updated_at","id" collate "C");--> statement-breakpoint
CREATE INDEX "operators_name_sort_idx" ON "operators" USING btree ((coalesce("name", '')) collate "fr-x-icu","id" collate "C");--> statement-breakpoint
CREATE INDEX "operators_created_at_sort_idx" ON "operators" USING btree ("created_at","id" collate "C");--> statement-breakpoint
CREATE INDEX "operators_updated_at_sort_idx" ON "operators" USING btree ("updated_at","id" collate "C");--> statement-breakpoint
CREATE INDEX "proceedings_company_name_sort_idx" ON "proceedings" USING btree ((coalesce("company_name", '')) collate "fr-x-icu","id" collate "C");--> statement-breakpoint
CREATE INDEX "proceedings_date_sort_idx" ON "proceedings" USING btree ((coalesce("date", '')) collate "fr-x-icu","id" collate "C");--> statement-breakpoint
CREATE INDEX "proceedings_created_at_sort_idx" ON "proceedings" USING btree ("created_at","id" collate "C");--> statement-breakpoint
CREATE INDEX "proceedings_updated_at_sort_idx" ON "proceedings" USING btree ("updated_at","id" collate "C");--> statement-breakpoint
CREATE INDEX "sites_name_sort_idx" ON "sites" USING btree ((coalesce("name", '')) collate "fr-x-icu","id" collate "C");--> statement-breakpoint
CREATE INDEX "sites_commune_sort_idx" ON "sites" USING btree ((coalesce("commune", '')) collate "fr-x-icu","id" collate "C");--> statement-breakpoint
CREATE INDEX "sites_opened_on_sort_idx" ON "sites" USING btree ((coalesce("opened_on", '')) collate "fr-x-icu","id" collate "C");--> statement-breakpoint
CREATE INDEX "sites_created_at_sort_idx" ON "sites" USING btree ("created_at","id" collate "C");--> statement-breakpoint
CREATE INDEX "sites_updated_at_sort_idx" ON "sites" USING btree ("updated_at","id" collate "C");--> statement-breakpoint
CREATE INDEX "sources_title_sort_idx" ON "sources" USING btree ((coalesce("title", '')) collate "fr-x-icu","id" collate "C");--> statement-breakpoint
CREATE INDEX "sources_created_at_sort_idx" ON "sources" USING btree ("created_at","id" collate "C");--> statement-breakpoint
CREATE INDEX "sources_updated_at_sort_idx" ON "sources" USING btree ("updated_at","id" collate "C");