-- The key list cursors are signed with (listing/cursor-keys.ts), made once here, so that every API process over this
-- database signs and checks with the same: two version-4 UUIDs of PostgreSQL's strong random source, 244 random bits.
CREATE TABLE "cursor_keys" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
INSERT INTO "cursor_keys" ("secret") VALUES (replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
