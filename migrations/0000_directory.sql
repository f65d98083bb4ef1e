CREATE TYPE "public"."club_affiliation" AS ENUM('member', 'sponsor', 'supporter');--> statement-breakpoint
CREATE TYPE "public"."club_kind" AS ENUM('regional_club', 'national_association', 'cluster');--> statement-breakpoint
CREATE TYPE "public"."club_status" AS ENUM('active', 'dormant', 'defunct', 'unreachable');--> statement-breakpoint
CREATE TYPE "public"."headcount_kind" AS ENUM('employees', 'jobs_planned', 'jobs_created', 'agents');--> statement-breakpoint
CREATE TYPE "public"."mandataire_kind" AS ENUM('practitioner', 'firm', 'national_body');--> statement-breakpoint
CREATE TYPE "public"."operator_kind" AS ENUM('outsourcer', 'in_house', 'holding', 'group', 'vendor', 'telecom_operator', 'trade_body', 'public_body', 'media');--> statement-breakpoint
CREATE TYPE "public"."proceeding_kind" AS ENUM('sauvegarde', 'redressement_judiciaire', 'liquidation_judiciaire', 'depot_de_bilan', 'reprise_a_la_barre', 'en_difficulte');--> statement-breakpoint
CREATE TYPE "public"."profession" AS ENUM('administrateur_judiciaire', 'mandataire_judiciaire');--> statement-breakpoint
CREATE TYPE "public"."site_status" AS ENUM('planned', 'open', 'closed', 'relocated');--> statement-breakpoint
CREATE TABLE "sources" (
	"id" varchar(120) PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"outlet" text,
	"author" text,
	"url" text,
	"published_as_printed" text,
	"published_on" date,
	"file" varchar(200),
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "operators" (
	"id" varchar(120) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"kind" "operator_kind",
	"parent_id" varchar(120),
	"country" char(2),
	"siren" char(9),
	"website" text,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operators_siren_format" CHECK ("operators"."siren" ~ '^[0-9]{9}$')
);
--> statement-breakpoint
CREATE TABLE "headcounts" (
	"id" serial PRIMARY KEY NOT NULL,
	"site_id" varchar(120),
	"operator_id" varchar(120),
	"kind" "headcount_kind" NOT NULL,
	"value" integer NOT NULL,
	"as_of" varchar(10),
	"note" text,
	"source_id" varchar(120) NOT NULL,
	"quote" text NOT NULL,
	CONSTRAINT "headcounts_one_owner" CHECK (num_nonnulls("headcounts"."site_id", "headcounts"."operator_id") = 1),
	CONSTRAINT "headcounts_value_non_negative" CHECK ("headcounts"."value" >= 0)
);
--> statement-breakpoint
CREATE TABLE "site_clients" (
	"id" serial PRIMARY KEY NOT NULL,
	"site_id" varchar(120) NOT NULL,
	"name" text NOT NULL,
	"operator_id" varchar(120),
	"current" boolean,
	"source_id" varchar(120) NOT NULL,
	"quote" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" varchar(120) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"operator_id" varchar(120),
	"country" char(2) DEFAULT 'FR' NOT NULL,
	"address" text,
	"commune" text,
	"code_commune" varchar(5),
	"code_postal" varchar(5),
	"departement_code" varchar(3),
	"departement_name" text,
	"region_code" varchar(3),
	"region_name" text,
	"former_region_name" text,
	"status" "site_status",
	"status_as_of" varchar(10),
	"opened_on" varchar(10),
	"closed_on" varchar(10),
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "club_affiliations" (
	"id" serial PRIMARY KEY NOT NULL,
	"club_id" varchar(120) NOT NULL,
	"relation" "club_affiliation" NOT NULL,
	"name" text NOT NULL,
	"operator_id" varchar(120),
	"source_id" varchar(120) NOT NULL,
	"quote" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clubs" (
	"id" varchar(120) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" "club_kind" NOT NULL,
	"served_region_code" varchar(3),
	"served_region_name" text,
	"served_region_as_printed" text,
	"country" char(2) DEFAULT 'FR' NOT NULL,
	"address" text,
	"commune" text,
	"code_commune" varchar(5),
	"code_postal" varchar(5),
	"departement_code" varchar(3),
	"departement_name" text,
	"region_code" varchar(3),
	"region_name" text,
	"former_region_name" text,
	"member_count" integer,
	"member_count_as_of" varchar(10),
	"staff_count" integer,
	"status" "club_status",
	"status_as_of" varchar(10),
	"activities" text[] DEFAULT '{}'::text[] NOT NULL,
	"website" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mandataires" (
	"id" varchar(120) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" "mandataire_kind" NOT NULL,
	"profession" "profession",
	"firm_id" varchar(120),
	"country" char(2) DEFAULT 'FR' NOT NULL,
	"address" text,
	"commune" text,
	"code_commune" varchar(5),
	"code_postal" varchar(5),
	"departement_code" varchar(3),
	"departement_name" text,
	"region_code" varchar(3),
	"region_name" text,
	"former_region_name" text,
	"phone" varchar(10),
	"website" text,
	"directory_size" integer,
	"directory_size_as_of" varchar(10),
	"hotline" jsonb,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proceeding_practitioners" (
	"proceeding_id" varchar(120) NOT NULL,
	"mandataire_id" varchar(120) NOT NULL,
	"role" text,
	"source_id" varchar(120) NOT NULL,
	"quote" text NOT NULL,
	CONSTRAINT "proceeding_practitioners_proceeding_id_mandataire_id_pk" PRIMARY KEY("proceeding_id","mandataire_id")
);
--> statement-breakpoint
CREATE TABLE "proceeding_sites" (
	"proceeding_id" varchar(120) NOT NULL,
	"site_id" varchar(120) NOT NULL,
	CONSTRAINT "proceeding_sites_proceeding_id_site_id_pk" PRIMARY KEY("proceeding_id","site_id")
);
--> statement-breakpoint
CREATE TABLE "proceedings" (
	"id" varchar(120) PRIMARY KEY NOT NULL,
	"company_name" text NOT NULL,
	"company_description" text,
	"operator_id" varchar(120),
	"kind" "proceeding_kind" NOT NULL,
	"date" varchar(10),
	"court" text,
	"acquirer_id" varchar(120),
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" varchar(120) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roles" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" varchar(120) NOT NULL,
	"title" text NOT NULL,
	"operator_id" varchar(120),
	"club_id" varchar(120),
	"mandataire_id" varchar(120),
	"current" boolean,
	"source_id" varchar(120) NOT NULL,
	"quote" text NOT NULL,
	CONSTRAINT "roles_one_organisation" CHECK (num_nonnulls("roles"."operator_id", "roles"."club_id", "roles"."mandataire_id") <= 1)
);
--> statement-breakpoint
CREATE TABLE "citations" (
	"id" serial PRIMARY KEY NOT NULL,
	"source_id" varchar(120) NOT NULL,
	"quote" text NOT NULL,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"site_id" varchar(120),
	"operator_id" varchar(120),
	"club_id" varchar(120),
	"mandataire_id" varchar(120),
	"proceeding_id" varchar(120),
	"person_id" varchar(120),
	CONSTRAINT "citations_one_subject" CHECK (num_nonnulls("citations"."site_id", "citations"."operator_id", "citations"."club_id", "citations"."mandataire_id", "citations"."proceeding_id", "citations"."person_id") = 1)
);
--> statement-breakpoint
ALTER TABLE "operators" ADD CONSTRAINT "operators_parent_id_operators_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "headcounts" ADD CONSTRAINT "headcounts_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "headcounts" ADD CONSTRAINT "headcounts_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "headcounts" ADD CONSTRAINT "headcounts_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_clients" ADD CONSTRAINT "site_clients_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_clients" ADD CONSTRAINT "site_clients_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_clients" ADD CONSTRAINT "site_clients_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "club_affiliations" ADD CONSTRAINT "club_affiliations_club_id_clubs_id_fk" FOREIGN KEY ("club_id") REFERENCES "public"."clubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "club_affiliations" ADD CONSTRAINT "club_affiliations_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "club_affiliations" ADD CONSTRAINT "club_affiliations_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandataires" ADD CONSTRAINT "mandataires_firm_id_mandataires_id_fk" FOREIGN KEY ("firm_id") REFERENCES "public"."mandataires"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proceeding_practitioners" ADD CONSTRAINT "proceeding_practitioners_proceeding_id_proceedings_id_fk" FOREIGN KEY ("proceeding_id") REFERENCES "public"."proceedings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proceeding_practitioners" ADD CONSTRAINT "proceeding_practitioners_mandataire_id_mandataires_id_fk" FOREIGN KEY ("mandataire_id") REFERENCES "public"."mandataires"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proceeding_practitioners" ADD CONSTRAINT "proceeding_practitioners_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proceeding_sites" ADD CONSTRAINT "proceeding_sites_proceeding_id_proceedings_id_fk" FOREIGN KEY ("proceeding_id") REFERENCES "public"."proceedings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proceeding_sites" ADD CONSTRAINT "proceeding_sites_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proceedings" ADD CONSTRAINT "proceedings_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proceedings" ADD CONSTRAINT "proceedings_acquirer_id_operators_id_fk" FOREIGN KEY ("acquirer_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roles" ADD CONSTRAINT "roles_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roles" ADD CONSTRAINT "roles_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roles" ADD CONSTRAINT "roles_club_id_clubs_id_fk" FOREIGN KEY ("club_id") REFERENCES "public"."clubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roles" ADD CONSTRAINT "roles_mandataire_id_mandataires_id_fk" FOREIGN KEY ("mandataire_id") REFERENCES "public"."mandataires"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roles" ADD CONSTRAINT "roles_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citations" ADD CONSTRAINT "citations_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citations" ADD CONSTRAINT "citations_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citations" ADD CONSTRAINT "citations_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citations" ADD CONSTRAINT "citations_club_id_clubs_id_fk" FOREIGN KEY ("club_id") REFERENCES "public"."clubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citations" ADD CONSTRAINT "citations_mandataire_id_mandataires_id_fk" FOREIGN KEY ("mandataire_id") REFERENCES "public"."mandataires"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citations" ADD CONSTRAINT "citations_proceeding_id_proceedings_id_fk" FOREIGN KEY ("proceeding_id") REFERENCES "public"."proceedings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "citations" ADD CONSTRAINT "citations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "operators_name_idx" ON "operators" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "operators_parent_idx" ON "operators" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "headcounts_site_idx" ON "headcounts" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "headcounts_operator_idx" ON "headcounts" USING btree ("operator_id");--> statement-breakpoint
CREATE INDEX "site_clients_site_idx" ON "site_clients" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "sites_name_idx" ON "sites" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "sites_operator_idx" ON "sites" USING btree ("operator_id");--> statement-breakpoint
CREATE INDEX "sites_code_commune_idx" ON "sites" USING btree ("code_commune");--> statement-breakpoint
CREATE INDEX "sites_departement_idx" ON "sites" USING btree ("departement_code");--> statement-breakpoint
CREATE INDEX "sites_region_idx" ON "sites" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "club_affiliations_club_idx" ON "club_affiliations" USING btree ("club_id");--> statement-breakpoint
CREATE INDEX "clubs_name_idx" ON "clubs" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "clubs_region_idx" ON "clubs" USING btree ("served_region_code");--> statement-breakpoint
CREATE INDEX "mandataires_name_idx" ON "mandataires" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "mandataires_firm_idx" ON "mandataires" USING btree ("firm_id");--> statement-breakpoint
CREATE INDEX "pp_mandataire_idx" ON "proceeding_practitioners" USING btree ("mandataire_id");--> statement-breakpoint
CREATE INDEX "ps_site_idx" ON "proceeding_sites" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "proceedings_name_idx" ON "proceedings" USING btree ("company_name","id");--> statement-breakpoint
CREATE INDEX "proceedings_operator_idx" ON "proceedings" USING btree ("operator_id");--> statement-breakpoint
CREATE INDEX "roles_person_idx" ON "roles" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "roles_operator_idx" ON "roles" USING btree ("operator_id");--> statement-breakpoint
CREATE INDEX "roles_club_idx" ON "roles" USING btree ("club_id");--> statement-breakpoint
CREATE INDEX "roles_mandataire_idx" ON "roles" USING btree ("mandataire_id");--> statement-breakpoint
CREATE INDEX "citations_source_idx" ON "citations" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "citations_site_idx" ON "citations" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "citations_operator_idx" ON "citations" USING btree ("operator_id");--> statement-breakpoint
CREATE INDEX "citations_club_idx" ON "citations" USING btree ("club_id");--> statement-breakpoint
CREATE INDEX "citations_mandataire_idx" ON "citations" USING btree ("mandataire_id");--> statement-breakpoint
CREATE INDEX "citations_proceeding_idx" ON "citations" USING btree ("proceeding_id");--> statement-breakpoint
CREATE INDEX "citations_person_idx" ON "citations" USING btree ("person_id");