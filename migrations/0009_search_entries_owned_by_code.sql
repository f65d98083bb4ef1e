-- The code owns the search entries now: src/search/entries.ts builds the view
-- from each kind's declaration (modules/<kind>/search-entry.ts) and installs it
-- at every start, after the migrations. Initial history is recorded by
-- src/history/initial.ts.
DROP VIEW IF EXISTS search_entries;--> statement-breakpoint
DROP FUNCTION IF EXISTS plateau_record_initial_history();
