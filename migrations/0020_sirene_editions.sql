CREATE TABLE "sirene_editions" (
	"data_set" varchar(20) NOT NULL,
	"month" varchar(7) NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sirene_editions_pk" PRIMARY KEY("data_set","month"),
	CONSTRAINT "sirene_editions_data_set" CHECK ("sirene_editions"."data_set" in ('establishments', 'legal-units', 'geolocation')),
	CONSTRAINT "sirene_editions_month" CHECK ("sirene_editions"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
-- The editions applied before this table, as far as their sources tell (a source was kept only when a fact cited it).
INSERT INTO "sirene_editions" ("data_set", "month")
SELECT 'establishments', substr("id", length('insee-sirene-stock-') + 1) FROM "sources"
 WHERE "id" ~ '^insee-sirene-stock-[0-9]{4}-(0[1-9]|1[0-2])$'
UNION
SELECT 'geolocation', substr("id", length('insee-sirene-geolocalisation-') + 1) FROM "sources"
 WHERE "id" ~ '^insee-sirene-geolocalisation-[0-9]{4}-(0[1-9]|1[0-2])$';
