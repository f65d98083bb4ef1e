-- The first entry of every entry's history: its state as loaded (from the
-- seed, or before history existed), with the citations it carried.
CREATE FUNCTION plateau_record_initial_history() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  recorded integer := 0;
  n integer;
  kind text;
BEGIN
  -- Operators first: the entries of the other kinds refer to them.
  FOREACH kind IN ARRAY ARRAY['operator', 'site', 'club', 'mandataire', 'proceeding'] LOOP
    EXECUTE format($q$
      INSERT INTO changes (entity_kind, entity_id, action, actor, after, citations)
      SELECT %1$L, t.id, 'create', 'seed', to_jsonb(t),
             coalesce((SELECT jsonb_agg(jsonb_build_object('source_id', c.source_id, 'quote', c.quote, 'fields', c.fields) ORDER BY c.id)
                         FROM citations c WHERE c.%2$I = t.id), '[]'::jsonb)
        FROM %3$I t
       WHERE NOT EXISTS (SELECT 1 FROM changes ch WHERE ch.entity_kind = %1$L AND ch.entity_id = t.id)
       ORDER BY t.id$q$,
      kind, kind || '_id',
      CASE kind WHEN 'site' THEN 'sites' WHEN 'operator' THEN 'operators' WHEN 'club' THEN 'clubs'
                WHEN 'mandataire' THEN 'mandataires' ELSE 'proceedings' END);
    GET DIAGNOSTICS n = ROW_COUNT;
    recorded := recorded + n;
  END LOOP;
  RETURN recorded;
END $$;--> statement-breakpoint
SELECT plateau_record_initial_history();
