CREATE UNIQUE INDEX "mandataires_siret_shown_key" ON "mandataires" USING btree ("siret") WHERE not "mandataires"."withheld";--> statement-breakpoint
CREATE UNIQUE INDEX "operators_siren_shown_key" ON "operators" USING btree ("siren") WHERE not "operators"."withheld";--> statement-breakpoint
CREATE UNIQUE INDEX "sites_siret_shown_key" ON "sites" USING btree ("siret") WHERE not "sites"."withheld";--> statement-breakpoint
CREATE INDEX "sources_url_key_idx" ON "sources" USING btree (lower(regexp_replace(split_part("url", '#', 1), '/+$', '')));