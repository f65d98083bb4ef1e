-- INSEE's mask `[ND]` (a value not published) is no value: every write refuses it now (domain/text.ts `maskedText`,
-- applied by writes/kind-writes.ts to every kind's fields and by the links). The open-data imports always refused it;
-- a write through the API or `npm run import` could store it before. What such a write stored is not guessed away
-- here (a name cannot be null, and a value changed without a history entry is a fact without its source): the
-- migration stops, naming each table, row and column holding it, for the operator to correct them (the entry's
-- history gives the value before), then start again. On a database that never held it, it changes nothing.
-- The columns are read from pg_catalog, and a table holding no row is not searched: on a new database the check takes
-- a few milliseconds (information_schema's views and one query per column were a third of a first start's migrations).
DO $$
DECLARE
  t record;
  c record;
  found text[] := '{}';
  hit text;
  holds_rows boolean;
BEGIN
  FOR t IN
    SELECT cl.oid, cl.relname AS table_name,
           EXISTS (SELECT 1 FROM pg_attribute k WHERE k.attrelid = cl.oid AND k.attname = 'id' AND NOT k.attisdropped) AS has_id
      FROM pg_class cl
     WHERE cl.relnamespace = 'public'::regnamespace AND cl.relkind IN ('r', 'p')
       AND cl.relname NOT IN ('changes', 'citations', 'search_outbox', 'search_index_state', 'api_keys',
                              'sirene_editions', 'sirene_non_diffusible')
     ORDER BY cl.relname
  LOOP
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', t.table_name) INTO holds_rows;
    CONTINUE WHEN NOT holds_rows;
    FOR c IN
      SELECT a.attname AS column_name, a.atttypid IN ('text[]'::regtype, 'varchar[]'::regtype) AS is_array
        FROM pg_attribute a
       WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
         AND a.atttypid IN ('text'::regtype, 'varchar'::regtype, 'text[]'::regtype, 'varchar[]'::regtype)
       ORDER BY a.attname
    LOOP
      FOR hit IN EXECUTE format(
        'SELECT %s FROM %I WHERE %s LIMIT 20',
        CASE WHEN t.has_id THEN 'id::text' ELSE 'ctid::text' END,
        t.table_name,
        CASE WHEN c.is_array
             THEN format('EXISTS (SELECT 1 FROM unnest(%I) v WHERE upper(btrim(v)) = ''[ND]'')', c.column_name)
             ELSE format('upper(btrim(%I)) = ''[ND]''', c.column_name) END)
      LOOP
        found := found || format('%s %s: %s', t.table_name, hit, c.column_name);
      END LOOP;
    END LOOP;
  END LOOP;
  IF cardinality(found) > 0 THEN
    RAISE EXCEPTION 'INSEE''s mask [ND] (a value not published) is stored as a value in: %', array_to_string(found, '; ')
      USING HINT = 'Set each to the value a source gives, or to null where the column allows it (see the entry''s '
                || 'history for the value before), then start again: a masked value is never a value.';
  END IF;
END $$;
