-- Names are compared case aside when telling duplicates (writes/ids.ts `nameKey`): an entry renamed since its id was
-- made is found by its name's lookup key (db/schema/columns.ts `nameLookupKey`: lower case, letters and digits only),
-- whatever the case its duplicate is written in; an officer named by name finds the person so named likewise.
CREATE INDEX "clubs_name_lookup_idx" ON "clubs" USING btree ((regexp_replace(lower(coalesce("name", '') collate "fr-x-icu"), '[^[:alnum:]]+', '', 'g')));--> statement-breakpoint
CREATE INDEX "mandataires_name_lookup_idx" ON "mandataires" USING btree ((regexp_replace(lower(coalesce("name", '') collate "fr-x-icu"), '[^[:alnum:]]+', '', 'g')));--> statement-breakpoint
CREATE INDEX "operators_name_lookup_idx" ON "operators" USING btree ((regexp_replace(lower(coalesce("name", '') collate "fr-x-icu"), '[^[:alnum:]]+', '', 'g')));--> statement-breakpoint
CREATE INDEX "people_name_lookup_idx" ON "people" USING btree ((regexp_replace(lower(coalesce("name", '') collate "fr-x-icu"), '[^[:alnum:]]+', '', 'g')));--> statement-breakpoint
CREATE INDEX "proceedings_company_name_lookup_idx" ON "proceedings" USING btree ((regexp_replace(lower(coalesce("company_name", '') collate "fr-x-icu"), '[^[:alnum:]]+', '', 'g')));--> statement-breakpoint
CREATE INDEX "sites_name_lookup_idx" ON "sites" USING btree ((regexp_replace(lower(coalesce("name", '') collate "fr-x-icu"), '[^[:alnum:]]+', '', 'g')));