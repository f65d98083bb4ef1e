-- INSEE's mask `[ND]` (a value not published) is no value: every write refuses it now (domain/text.ts `maskedText`,
-- applied by writes/kind-writes.ts to every kind's fields and by the links). The open-data imports always refused it;
-- a write through the API or `npm run import` could store it before. What such a write stored is not guessed away
-- here (a name cannot be null, and a value changed without a history entry is a fact without its source): the
-- migration stops, naming each table, row and column holding it, for the operator to correct them (the entry's
-- history gives the value before), then start again. On a database that never held it, it changes nothing.
DO $$
DECLARE
  c record;
  found text[] := '{}';
  hit text;
BEGIN
  FOR c IN
    SELECT col.table_name, col.column_name, col.data_type,
           EXISTS (SELECT 1 FROM information_schema.columns k
                    WHERE k.table_schema = 'public' AND k.table_name = col.table_name AND k.column_name = 'id') AS has_id
      FROM information_schema.columns col
      JOIN information_schema.tables t ON t.table_schema = col.table_schema AND t.table_name = col.table_name
     WHERE col.table_schema = 'public' AND t.table_type = 'BASE TABLE'
       AND col.table_name NOT IN ('changes', 'citations', 'search_outbox', 'search_index_state', 'api_keys',
                                  'sirene_editions', 'sirene_non_diffusible')
       AND (col.data_type IN ('text', 'character varying') OR (col.data_type = 'ARRAY' AND col.udt_name IN ('_text', '_varchar')))
     ORDER BY col.table_name, col.column_name
  LOOP
    FOR hit IN EXECUTE format(
      'SELECT %s FROM %I WHERE %s LIMIT 20',
      CASE WHEN c.has_id THEN 'id::text' ELSE 'ctid::text' END,
      c.table_name,
      CASE WHEN c.data_type = 'ARRAY'
           THEN format('EXISTS (SELECT 1 FROM unnest(%I) v WHERE upper(btrim(v)) = ''[ND]'')', c.column_name)
           ELSE format('upper(btrim(%I)) = ''[ND]''', c.column_name) END)
    LOOP
      found := found || format('%s %s: %s', c.table_name, hit, c.column_name);
    END LOOP;
  END LOOP;
  IF cardinality(found) > 0 THEN
    RAISE EXCEPTION 'INSEE''s mask [ND] (a value not published) is stored as a value in: %', array_to_string(found, '; ')
      USING HINT = 'Set each to the value a source gives, or to null where the column allows it (see the entry''s '
                || 'history for the value before), then start again: a masked value is never a value.';
  END IF;
END $$;
