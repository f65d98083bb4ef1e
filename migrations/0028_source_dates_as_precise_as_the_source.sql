-- A source's date as precise as the source is dated: written out whatever the server's DateStyle, then a monthly data
-- set (a Sirene stock, printed « mai 2026 ») loses the first day it was given, which no source states.
ALTER TABLE "sources" ALTER COLUMN "published_on" SET DATA TYPE varchar(10) USING to_char("published_on", 'YYYY-MM-DD');--> statement-breakpoint
UPDATE "sources" SET "published_on" = left("published_on", 7)
 WHERE "published_as_printed" ~ '^(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) [0-9]{4}$'
   AND "published_on" ~ '^[0-9]{4}-[0-9]{2}-01$';
