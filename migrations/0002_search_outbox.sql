CREATE TABLE "search_index_state" (
	"index_name" varchar(200) PRIMARY KEY NOT NULL,
	"settings_hash" varchar(64) NOT NULL,
	"document_count" integer NOT NULL,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entity_kind" varchar(20) NOT NULL,
	"entity_id" varchar(120) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE INDEX "search_outbox_pending_idx" ON "search_outbox" USING btree ("id") WHERE "search_outbox"."processed_at" is null;