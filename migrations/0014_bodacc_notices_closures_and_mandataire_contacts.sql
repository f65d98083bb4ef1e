CREATE TABLE "proceeding_notices" (
	"id" varchar(30) NOT NULL,
	"siren" char(9) NOT NULL,
	"proceeding_id" varchar(120),
	"publication" char(1) NOT NULL,
	"parution" varchar(12) NOT NULL,
	"number" integer NOT NULL,
	"published_on" date NOT NULL,
	"notice_type" varchar(20) NOT NULL,
	"family" text,
	"nature" text,
	"kind" text,
	"effect" varchar(20) NOT NULL,
	"judgment_date" varchar(10),
	"judgment_date_as_written" text,
	"complement" text,
	"court" text,
	"court_as_written" text,
	"url" text NOT NULL,
	"source_id" varchar(120) NOT NULL,
	"target_id" varchar(30),
	"withdrawn_by" varchar(30),
	"withdrawn_reason" varchar(20),
	"designations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "proceeding_notices_id_siren_pk" PRIMARY KEY("id","siren")
);
--> statement-breakpoint
ALTER TABLE "mandataires" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "mandataires" ADD COLUMN "siret" varchar(14);--> statement-breakpoint
ALTER TABLE "mandataires" ADD COLUMN "court_of_appeal" text;--> statement-breakpoint
ALTER TABLE "mandataires" ADD COLUMN "secondary_offices" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "proceeding_practitioners" ADD COLUMN "notice_id" varchar(30);--> statement-breakpoint
ALTER TABLE "proceeding_practitioners" ADD COLUMN "appointed_on" varchar(10);--> statement-breakpoint
ALTER TABLE "proceeding_practitioners" ADD COLUMN "powers" text[];--> statement-breakpoint
ALTER TABLE "proceedings" ADD COLUMN "closed_on" varchar(10);--> statement-breakpoint
ALTER TABLE "proceedings" ADD COLUMN "closure_nature" text;--> statement-breakpoint
ALTER TABLE "proceeding_notices" ADD CONSTRAINT "proceeding_notices_proceeding_id_proceedings_id_fk" FOREIGN KEY ("proceeding_id") REFERENCES "public"."proceedings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proceeding_notices" ADD CONSTRAINT "proceeding_notices_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "proceeding_notices_proceeding_idx" ON "proceeding_notices" USING btree ("proceeding_id");--> statement-breakpoint
CREATE INDEX "proceeding_notices_siren_idx" ON "proceeding_notices" USING btree ("siren");--> statement-breakpoint
CREATE INDEX "proceedings_court_idx" ON "proceedings" USING btree ("court");