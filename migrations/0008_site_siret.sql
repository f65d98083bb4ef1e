ALTER TABLE "sites" ADD COLUMN "siret" char(14);--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_siret_format" CHECK ("sites"."siret" ~ '^[0-9]{14}$');--> statement-breakpoint
-- Search finds a site by its SIRET, and by the SIREN it begins with.
CREATE OR REPLACE VIEW search_entries AS
WITH entries AS (
  SELECT 'site'::text AS kind, s.id, s.name, '{}'::text[] AS aliases, NULL::text AS category, s.status::text AS status,
         s.operator_id, o.name AS operator_name, NULL::varchar AS parent_id, NULL::text AS profession,
         '{}'::text[] AS mandataire_ids, '{}'::text[] AS people,
         s.commune, s.code_commune, s.code_postal, s.departement_code, s.departement_name,
         s.region_code, s.region_name, s.former_region_name, s.country::text AS country,
         array_remove(ARRAY[s.code_postal, s.code_commune, s.siret::varchar, left(s.siret, 9)::varchar], NULL) AS codes,
         ARRAY['centre d''appels']::text[] AS keywords,
         s.notes AS description, s.updated_at
    FROM sites s LEFT JOIN operators o ON o.id = s.operator_id
  UNION ALL
  SELECT 'operator', o.id, o.name, o.aliases, o.kind::text, NULL,
         o.id, p.name, o.parent_id, NULL, '{}',
         coalesce((SELECT array_agg(DISTINCT pe.name) FROM roles r JOIN people pe ON pe.id = r.person_id WHERE r.operator_id = o.id), '{}'),
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, o.country::text,
         array_remove(ARRAY[o.siren::text], NULL),
         CASE o.kind WHEN 'outsourcer' THEN ARRAY['outsourcer', 'centre d''appels']
                     WHEN 'in_house' THEN ARRAY['centre d''appels']
                     WHEN 'vendor' THEN ARRAY['éditeur', 'fournisseur']
                     WHEN 'telecom_operator' THEN ARRAY['opérateur télécom']
                     WHEN 'trade_body' THEN ARRAY['syndicat professionnel']
                     ELSE '{}'::text[] END,
         o.description, o.updated_at
    FROM operators o LEFT JOIN operators p ON p.id = o.parent_id
  UNION ALL
  SELECT 'club', c.id, c.name, '{}', c.kind::text, c.status::text,
         NULL, NULL, NULL, NULL, '{}',
         coalesce((SELECT array_agg(DISTINCT pe.name) FROM roles r JOIN people pe ON pe.id = r.person_id WHERE r.club_id = c.id), '{}'),
         c.commune, c.code_commune, c.code_postal, c.departement_code, c.departement_name,
         c.served_region_code, c.served_region_name, c.served_former_region_name, c.country::text,
         array_remove(ARRAY[c.code_postal, c.code_commune], NULL),
         ARRAY['club', 'association', 'relation client']::text[],
         c.notes, c.updated_at
    FROM clubs c
  UNION ALL
  SELECT 'mandataire', m.id, m.name, '{}', m.kind::text, NULL,
         NULL, f.name, m.firm_id, m.profession::text, '{}',
         coalesce((SELECT array_agg(DISTINCT pe.name) FROM roles r JOIN people pe ON pe.id = r.person_id WHERE r.mandataire_id = m.id), '{}'),
         m.commune, m.code_commune, m.code_postal, m.departement_code, m.departement_name,
         m.region_code, m.region_name, m.former_region_name, m.country::text,
         array_remove(ARRAY[m.phone, m.hotline ->> 'phone', m.code_postal, m.code_commune], NULL),
         CASE m.profession WHEN 'administrateur_judiciaire' THEN ARRAY['administrateur judiciaire']
                           WHEN 'mandataire_judiciaire' THEN ARRAY['mandataire judiciaire']
                           ELSE ARRAY['administrateur judiciaire', 'mandataire judiciaire'] END,
         m.notes, m.updated_at
    FROM mandataires m LEFT JOIN mandataires f ON f.id = m.firm_id
  UNION ALL
  SELECT 'proceeding', p.id, p.company_name, '{}', p.kind::text, NULL,
         p.operator_id, o.name, NULL, NULL,
         coalesce((SELECT array_agg(pp.mandataire_id::text) FROM proceeding_practitioners pp WHERE pp.proceeding_id = p.id), '{}'),
         '{}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         '{}',
         ARRAY[replace(p.kind::text, '_', ' '), 'procédure collective']::text[],
         concat_ws(' ', p.company_description, p.notes), p.updated_at
    FROM proceedings p LEFT JOIN operators o ON o.id = p.operator_id
)
SELECT e.*,
       concat_ws(' ', e.name, array_to_string(e.aliases, ' '), e.operator_name, array_to_string(e.people, ' '),
                 e.commune, e.departement_name, e.region_name, e.former_region_name,
                 array_to_string(e.keywords, ' '), e.description) AS document
  FROM entries e;
