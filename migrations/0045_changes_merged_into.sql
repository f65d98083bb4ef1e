-- The merges into an entry, by kind and survivor: the page's Atom feed reads each entry's changes and the merges into
-- it, one index probe each (verify52 fault 01: an OR of both in one join scanned changes_entity_idx by id alone, ~10 ms
-- an entry found at 53,000 changes, 10 s for a feed of 1,000 entries). Merges are few: a small partial index.
CREATE INDEX "changes_merged_into_idx" ON "changes" USING btree ("entity_kind","merged_into","id") WHERE "changes"."action" = 'merge';