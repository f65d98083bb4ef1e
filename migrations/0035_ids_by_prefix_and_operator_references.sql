-- Ids looked up by prefix (writes/ids.ts `idsStartingWith`): a duplicate's slug variants (`base-2`…) and the ids a
-- create may take are a range of an index of the ids in the "C" collation, whatever the database's (C.UTF-8 here:
-- the primary key served no prefix, so the duplicate check of every create and rename scanned the whole table).
-- Every reference to an operator indexed too: an operator's merge moves them (operators/writes.ts `moveReferences`), its
-- delete counts them and its foreign keys check them, one statement each, which read the whole table without it.
CREATE INDEX "changes_tombstone_id_idx" ON "changes" USING btree ("entity_kind","entity_id" collate "C") WHERE "changes"."action" not in ('create', 'update');--> statement-breakpoint
CREATE INDEX "club_affiliations_operator_idx" ON "club_affiliations" USING btree ("operator_id");--> statement-breakpoint
CREATE INDEX "clubs_id_prefix_idx" ON "clubs" USING btree ("id" collate "C");--> statement-breakpoint
CREATE INDEX "mandataires_id_prefix_idx" ON "mandataires" USING btree ("id" collate "C");--> statement-breakpoint
CREATE INDEX "operators_id_prefix_idx" ON "operators" USING btree ("id" collate "C");--> statement-breakpoint
CREATE INDEX "people_id_prefix_idx" ON "people" USING btree ("id" collate "C");--> statement-breakpoint
CREATE INDEX "proceedings_id_prefix_idx" ON "proceedings" USING btree ("id" collate "C");--> statement-breakpoint
CREATE INDEX "proceedings_acquirer_idx" ON "proceedings" USING btree ("acquirer_id");--> statement-breakpoint
CREATE INDEX "site_clients_operator_idx" ON "site_clients" USING btree ("operator_id");--> statement-breakpoint
CREATE INDEX "sites_id_prefix_idx" ON "sites" USING btree ("id" collate "C");