-- Phone numbers are stored in E.164 (« +33144556677 », « +262262123456 »): up to 16 characters.
-- The search entries view reads the column: dropped here, src/search/entries.ts installs it again after the
-- migrations. Numbers stored in the former ten-digit national form are rewritten in E.164 by the code
-- (src/modules/mandataires/legacy-phones.ts), which knows the overseas numbering from libphonenumber-js.
DROP VIEW IF EXISTS search_entries;--> statement-breakpoint
ALTER TABLE "mandataires" ALTER COLUMN "phone" SET DATA TYPE varchar(16);
