-- A practitioner appointed twice in one proceeding under two roles (mandataire judiciaire at the opening, liquidateur
-- at the conversion; mandataire judiciaire, then commissaire à l'exécution du plan) keeps both appointments: the key of
-- proceeding_practitioners becomes (proceeding, practitioner, role), an unknown role (null) one role of its own
-- (NULLS NOT DISTINCT, PostgreSQL 15). Every row is kept as it is (the pairs were unique, so are the triples); what a
-- source cites is listed by proceeding, practitioner and role (pp_source_idx, src/modules/sources/queries.ts).
DROP INDEX "pp_source_idx";--> statement-breakpoint
ALTER TABLE "proceeding_practitioners" DROP CONSTRAINT "proceeding_practitioners_proceeding_id_mandataire_id_pk";--> statement-breakpoint
CREATE INDEX "pp_source_idx" ON "proceeding_practitioners" USING btree ("source_id","proceeding_id" collate "C","mandataire_id" collate "C",(coalesce("role", '')) collate "C");--> statement-breakpoint
ALTER TABLE "proceeding_practitioners" ADD CONSTRAINT "proceeding_practitioners_appointment" UNIQUE NULLS NOT DISTINCT("proceeding_id","mandataire_id","role");