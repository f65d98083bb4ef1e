DROP INDEX "citations_source_idx";--> statement-breakpoint
CREATE INDEX "pp_source_idx" ON "proceeding_practitioners" USING btree ("source_id","proceeding_id" collate "C","mandataire_id" collate "C");--> statement-breakpoint
CREATE INDEX "citations_source_idx" ON "citations" USING btree ("source_id","id");