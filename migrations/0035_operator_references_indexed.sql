-- Every reference to an operator indexed: an operator's merge moves them (operators/writes.ts `moveReferences`), its
-- delete counts them and its foreign keys check them, one statement each, which read the whole table without it.
CREATE INDEX "club_affiliations_operator_idx" ON "club_affiliations" USING btree ("operator_id");--> statement-breakpoint
CREATE INDEX "proceedings_acquirer_idx" ON "proceedings" USING btree ("acquirer_id");--> statement-breakpoint
CREATE INDEX "site_clients_operator_idx" ON "site_clients" USING btree ("operator_id");