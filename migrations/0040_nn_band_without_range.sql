-- Sirene's band `NN` gives no range (domain/sirene-codes.ts `headcountBands`: a non-employing unit, or a band whose
-- year is older than the current year − 3): a site's range read from it was stored as 0 to 0 employees. The range is
-- derived from the code (never sent nor cited on its own), so it is derived again here: none. A dated figure of `NN`
-- (`headcount_bands`, a range required) is no figure and goes; the stock's citation of the site's band stays.
UPDATE "sites" SET "effectifs_min" = NULL, "effectifs_max" = NULL WHERE "tranche_effectifs" = 'NN';
--> statement-breakpoint
DELETE FROM "headcount_bands" WHERE "tranche_effectifs" = 'NN';
