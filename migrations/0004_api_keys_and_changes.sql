CREATE TYPE "public"."api_key_scope" AS ENUM('write', 'admin');--> statement-breakpoint
CREATE TYPE "public"."change_action" AS ENUM('create', 'update', 'delete', 'merge');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"scope" "api_key_scope" NOT NULL,
	"prefix" varchar(16) NOT NULL,
	"hash" char(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_keys_prefix_unique" UNIQUE("prefix"),
	CONSTRAINT "api_keys_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entity_kind" varchar(20) NOT NULL,
	"entity_id" varchar(120) NOT NULL,
	"action" "change_action" NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"api_key_id" uuid,
	"before" jsonb,
	"after" jsonb,
	"citations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"merged_into" varchar(120)
);
--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "changes_entity_idx" ON "changes" USING btree ("entity_kind","entity_id","id");