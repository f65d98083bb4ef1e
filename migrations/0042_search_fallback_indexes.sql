-- The PostgreSQL fallback of search (src/search/fallback.ts) at national scale: each kind's own words, and the names
-- an entry is found by through another table (a site's operator, a client, a person), matched through GIN indexes
-- that PostgreSQL keeps in each write's own transaction, so a row written is found at once. The words of a row are
-- those the search entries' `document` holds for it (src/search/entries.ts `searchedText`, each kind's
-- modules/<kind>/search-entry.ts): the same attributes, in one immutable function per table, so an index can hold
-- them. tests/search/fallback-indexed.test.ts checks that every entry's own words are words of its document.
-- The PL/pgSQL bodies name their schema (public.…): they are resolved when called, and autovacuum's ANALYZE and
-- pg_restore call them with an empty search_path (verify47 03: « plateau_name_variants(text) does not exist »).
CREATE FUNCTION plateau_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN lower(public.unaccent('public.unaccent'::regdictionary, t));--> statement-breakpoint
-- A name with only its letters and digits, accents folded: « 5 à sec » and « 5àsec » are one name.
CREATE FUNCTION plateau_compact(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN regexp_replace(public.plateau_fold(t), '[^a-z0-9]', '', 'g');--> statement-breakpoint
-- The words of a name, for the names an entry is found by through a join.
CREATE FUNCTION plateau_name_vector(t text) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 10000
  AS $$ BEGIN RETURN to_tsvector('public.plateau_fr'::regconfig, t); END $$;--> statement-breakpoint
-- A name and its aliases with letters and digits apart and a lone « à » split off (documents.ts `spellingVariants`).
CREATE FUNCTION plateau_name_variants(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN regexp_replace(regexp_replace(regexp_replace(t, '([0-9])([[:alpha:]])', '\1 \2', 'g'),
           '([[:alpha:]])([0-9])', '\1 \2', 'g'), '(\S)([àÀ])(\S)', '\1 \2 \3', 'g');--> statement-breakpoint
CREATE FUNCTION plateau_search_vector(s sites) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 10000
  AS $$ BEGIN RETURN to_tsvector('public.plateau_fr'::regconfig, concat_ws(' ', s.name, array_to_string(s.aliases, ' '),
                   public.plateau_name_variants(concat_ws(' ', s.name, array_to_string(s.aliases, ' '))),
                   s.commune, s.departement_name, s.former_region_name, s.region_name,
                   'centre d''appels', s.commune_as_written, s.arrondissement,
                   s.code_postal, s.code_commune, s.code_arrondissement, s.siret, left(s.siret, 9), s.notes)); END $$;--> statement-breakpoint
CREATE FUNCTION plateau_search_names(s sites) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 10000
  AS $$ BEGIN RETURN public.plateau_fold(concat_ws(' ', s.name, array_to_string(s.aliases, ' '))); END $$;--> statement-breakpoint
CREATE FUNCTION plateau_search_vector(o operators) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 10000
  AS $$ BEGIN RETURN to_tsvector('public.plateau_fr'::regconfig, concat_ws(' ', o.name, array_to_string(o.aliases, ' '),
                   public.plateau_name_variants(concat_ws(' ', o.name, array_to_string(o.aliases, ' '))),
                   CASE o.kind::text WHEN 'outsourcer' THEN 'outsourcer centre d''appels'
                                     WHEN 'in_house' THEN 'centre d''appels'
                                     WHEN 'vendor' THEN 'éditeur fournisseur'
                                     WHEN 'telecom_operator' THEN 'opérateur télécom'
                                     WHEN 'trade_body' THEN 'syndicat professionnel' END,
                   o.siren, o.description)); END $$;--> statement-breakpoint
CREATE FUNCTION plateau_search_names(o operators) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 10000
  AS $$ BEGIN RETURN public.plateau_fold(concat_ws(' ', o.name, array_to_string(o.aliases, ' '))); END $$;--> statement-breakpoint
CREATE INDEX sites_search_words_idx ON sites USING gin (plateau_search_vector(sites));--> statement-breakpoint
CREATE INDEX sites_search_names_idx ON sites USING gin (plateau_search_names(sites) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX sites_search_compact_idx ON sites USING btree (plateau_compact(name));--> statement-breakpoint
CREATE INDEX operators_search_words_idx ON operators USING gin (plateau_search_vector(operators));--> statement-breakpoint
CREATE INDEX operators_search_names_idx ON operators USING gin (plateau_search_names(operators) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX operators_search_compact_idx ON operators USING btree (plateau_compact(name));--> statement-breakpoint
-- Names an entry is found by through a join: its operator's or parent's, its clients', its people's.
CREATE INDEX operators_search_name_idx ON operators USING gin (plateau_name_vector(name));--> statement-breakpoint
CREATE INDEX site_clients_search_name_idx ON site_clients USING gin (plateau_name_vector(name));--> statement-breakpoint
CREATE INDEX people_search_name_idx ON people USING gin (plateau_name_vector(name));
--> statement-breakpoint
-- The statistics of the indexed expressions, which the fallback's estimate of a total past 20,000 matches reads.
ANALYZE sites;--> statement-breakpoint
ANALYZE operators;
