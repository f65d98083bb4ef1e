-- Source URLs as new sources' are compared and stored (citations/input.ts, `normalisedUrl`, `sourceUrlFault`): no user
-- name nor password (a public link must not show them: taken out of URLs stored before they were refused), an escape
-- of an unreserved character decoded and the others in capitals (RFC 3986 § 6.2.2: `%7E` is `~`, `%c3` is `%C3`), so
-- that a URL written either way finds the one source (`sources_url_key_idx`).
DO $$
DECLARE
  r record;
  fixed text;
  m text[];
  c text;
BEGIN
  FOR r IN SELECT id, url FROM sources
            WHERE url ~ '%[0-9A-Fa-f]{2}' OR url ~ '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#@]*@' LOOP
    fixed := regexp_replace(r.url, '^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@', '\1');
    FOR m IN SELECT regexp_matches(fixed, '%([0-9A-Fa-f]{2})', 'g') LOOP
      c := chr(('x' || m[1])::bit(8)::int);
      fixed := replace(fixed, '%' || m[1], CASE WHEN c ~ '^[A-Za-z0-9._~-]$' THEN c ELSE '%' || upper(m[1]) END);
    END LOOP;
    UPDATE sources SET url = fixed WHERE id = r.id;
  END LOOP;
END $$;
