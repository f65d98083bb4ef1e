ALTER TABLE "operators" ADD COLUMN "sigle" text;--> statement-breakpoint
ALTER TABLE "operators" ADD COLUMN "legal_category" varchar(4);--> statement-breakpoint
ALTER TABLE "operators" ADD COLUMN "categorie_entreprise" varchar(3);--> statement-breakpoint
ALTER TABLE "operators" ADD COLUMN "administrative_status" varchar(6);--> statement-breakpoint
ALTER TABLE "operators" ADD COLUMN "ceased_on" varchar(10);--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "naf_code" varchar(6);--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "naf_label" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "tranche_effectifs" varchar(2);--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "effectifs_min" integer;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "effectifs_max" integer;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "annee_effectifs" integer;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "latitude" double precision;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "longitude" double precision;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "coordinates_precision" varchar(12);--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "publisher" text;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "licence" text;--> statement-breakpoint
CREATE INDEX "operators_siren_idx" ON "operators" USING btree ("siren");--> statement-breakpoint
CREATE INDEX "sites_siret_idx" ON "sites" USING btree ("siret");--> statement-breakpoint
CREATE INDEX "sites_naf_code_idx" ON "sites" USING btree ("naf_code");--> statement-breakpoint
CREATE INDEX "sites_tranche_effectifs_idx" ON "sites" USING btree ("tranche_effectifs");--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_coordinates_pair" CHECK (("sites"."latitude" is null) = ("sites"."longitude" is null));