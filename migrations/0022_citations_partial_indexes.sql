DROP INDEX "citations_site_idx";--> statement-breakpoint
DROP INDEX "citations_operator_idx";--> statement-breakpoint
DROP INDEX "citations_club_idx";--> statement-breakpoint
DROP INDEX "citations_mandataire_idx";--> statement-breakpoint
DROP INDEX "citations_proceeding_idx";--> statement-breakpoint
DROP INDEX "citations_person_idx";--> statement-breakpoint
CREATE INDEX "citations_site_idx" ON "citations" USING btree ("site_id") WHERE "citations"."site_id" is not null;--> statement-breakpoint
CREATE INDEX "citations_operator_idx" ON "citations" USING btree ("operator_id") WHERE "citations"."operator_id" is not null;--> statement-breakpoint
CREATE INDEX "citations_club_idx" ON "citations" USING btree ("club_id") WHERE "citations"."club_id" is not null;--> statement-breakpoint
CREATE INDEX "citations_mandataire_idx" ON "citations" USING btree ("mandataire_id") WHERE "citations"."mandataire_id" is not null;--> statement-breakpoint
CREATE INDEX "citations_proceeding_idx" ON "citations" USING btree ("proceeding_id") WHERE "citations"."proceeding_id" is not null;--> statement-breakpoint
CREATE INDEX "citations_person_idx" ON "citations" USING btree ("person_id") WHERE "citations"."person_id" is not null;