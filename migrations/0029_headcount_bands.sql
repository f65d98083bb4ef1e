CREATE TABLE "headcount_bands" (
	"id" serial PRIMARY KEY NOT NULL,
	"site_id" varchar(120) NOT NULL,
	"tranche_effectifs" varchar(2) NOT NULL,
	"effectifs_min" integer NOT NULL,
	"effectifs_max" integer,
	"year" integer NOT NULL,
	"source_id" varchar(120) NOT NULL,
	"quote" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "headcount_bands" ADD CONSTRAINT "headcount_bands_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "headcount_bands" ADD CONSTRAINT "headcount_bands_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "headcount_bands_site_year_key" ON "headcount_bands" USING btree ("site_id","year");--> statement-breakpoint
CREATE INDEX "headcount_bands_source_idx" ON "headcount_bands" USING btree ("source_id");--> statement-breakpoint
-- The bands Sirene stocks gave sites before this table: each site's band, cited by the newest Sirene citation of it.
INSERT INTO "headcount_bands" ("site_id", "tranche_effectifs", "effectifs_min", "effectifs_max", "year", "source_id", "quote")
SELECT s."id", s."tranche_effectifs", s."effectifs_min", s."effectifs_max", s."annee_effectifs", c."source_id", c."quote"
  FROM "sites" s
  JOIN LATERAL (SELECT "source_id", "quote" FROM "citations"
                 WHERE "site_id" = s."id" AND 'tranche_effectifs' = ANY("fields") AND "source_id" LIKE 'insee-sirene-%'
                 ORDER BY "id" DESC LIMIT 1) c ON true
 WHERE s."tranche_effectifs" IS NOT NULL AND s."annee_effectifs" IS NOT NULL AND s."effectifs_min" IS NOT NULL;
