-- The PostgreSQL fallback's indexes (migration 0042) for the other kinds: proceedings (BODACC scale, hundreds of
-- thousands), practitioners (mandataires) and clubs, which were matched row by row, each search parsing every one's
-- document (100,000 proceedings: past the fallback's 15 s bound). Each function gives the words of the attributes its
-- kind's search entry takes from its own row (modules/<kind>/search-entry.ts, entries.ts `searchedText`); the
-- attributes it takes from other tables are its declaration's `linkedAttributes` (src/search/indexed-words.ts), found
-- through those tables' indexes. tests/search/fallback-indexed.test.ts checks, for every entry, that the function's
-- words are exactly those of its own attributes in its document, and that every word of its linked attributes finds it.
-- The PL/pgSQL bodies name their schema (public.…): autovacuum and pg_restore call them with an empty search_path.
-- A proceeding's date is read as a number only when it is one (`2024`, `2024-01`, `2024-01-15`, as every write gives
-- it): a row written otherwise straight to its table must not fail this migration's index, nor its own write.
CREATE FUNCTION plateau_search_vector(p proceedings) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 10000
  AS $$ BEGIN RETURN to_tsvector('public.plateau_fr'::regconfig, concat_ws(' ', p.company_name,
                   public.plateau_name_variants(p.company_name),
                   replace(p.kind::text, '_', ' '), 'procédure collective', p.court,
                   CASE WHEN p.date ~ '^[0-9]{4}(-[0-9]{2}){0,2}$'
                        THEN (rpad(replace(p.date, '-', ''), 8, '0'))::int::text END,
                   p.company_description, p.notes)); END $$;--> statement-breakpoint
CREATE FUNCTION plateau_search_names(p proceedings) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 10000
  AS $$ BEGIN RETURN public.plateau_fold(p.company_name); END $$;--> statement-breakpoint
CREATE FUNCTION plateau_search_vector(m mandataires) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 10000
  AS $$ BEGIN RETURN to_tsvector('public.plateau_fr'::regconfig, concat_ws(' ', m.name,
                   public.plateau_name_variants(m.name),
                   m.commune, m.departement_name, m.former_region_name, m.region_name,
                   CASE m.profession::text WHEN 'administrateur_judiciaire' THEN 'administrateur judiciaire'
                                           WHEN 'mandataire_judiciaire' THEN 'mandataire judiciaire'
                                           ELSE 'administrateur judiciaire mandataire judiciaire' END,
                   m.commune_as_written, m.arrondissement,
                   m.phone, m.hotline ->> 'phone', m.code_postal, m.code_commune, m.code_arrondissement,
                   m.siret, left(m.siret, 9), m.notes)); END $$;--> statement-breakpoint
CREATE FUNCTION plateau_search_names(m mandataires) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 10000
  AS $$ BEGIN RETURN public.plateau_fold(m.name); END $$;--> statement-breakpoint
CREATE FUNCTION plateau_search_vector(c clubs) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 10000
  AS $$ BEGIN RETURN to_tsvector('public.plateau_fr'::regconfig, concat_ws(' ', c.name,
                   public.plateau_name_variants(c.name),
                   c.commune, c.departement_name, c.served_former_region_name, c.served_region_name,
                   'club association relation client', c.commune_as_written, c.arrondissement,
                   c.code_postal, c.code_commune, c.code_arrondissement, c.notes)); END $$;--> statement-breakpoint
CREATE FUNCTION plateau_search_names(c clubs) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 10000
  AS $$ BEGIN RETURN public.plateau_fold(c.name); END $$;--> statement-breakpoint
CREATE INDEX proceedings_search_words_idx ON proceedings USING gin (plateau_search_vector(proceedings));--> statement-breakpoint
CREATE INDEX proceedings_search_names_idx ON proceedings USING gin (plateau_search_names(proceedings) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX proceedings_search_compact_idx ON proceedings USING btree (plateau_compact(company_name));--> statement-breakpoint
CREATE INDEX mandataires_search_words_idx ON mandataires USING gin (plateau_search_vector(mandataires));--> statement-breakpoint
CREATE INDEX mandataires_search_names_idx ON mandataires USING gin (plateau_search_names(mandataires) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX mandataires_search_compact_idx ON mandataires USING btree (plateau_compact(name));--> statement-breakpoint
CREATE INDEX clubs_search_words_idx ON clubs USING gin (plateau_search_vector(clubs));--> statement-breakpoint
CREATE INDEX clubs_search_names_idx ON clubs USING gin (plateau_search_names(clubs) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX clubs_search_compact_idx ON clubs USING btree (plateau_compact(name));--> statement-breakpoint
-- Names an entry is found by through a join: a proceeding's practitioners', a practitioner's firm's (both
-- mandataires), a club's affiliates'; a proceeding's SIRENs (its notices').
CREATE INDEX mandataires_search_name_idx ON mandataires USING gin (plateau_name_vector(name));--> statement-breakpoint
CREATE INDEX club_affiliations_search_name_idx ON club_affiliations USING gin (plateau_name_vector(name));--> statement-breakpoint
-- The statistics of the indexed expressions, which the fallback's estimate of a total past 20,000 matches reads.
ANALYZE proceedings;--> statement-breakpoint
ANALYZE mandataires;--> statement-breakpoint
ANALYZE clubs;
