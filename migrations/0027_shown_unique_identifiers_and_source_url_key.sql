-- Two shown entries holding one SIRET or SIREN (written before the API refused it) would make the unique indexes below
-- fail with PostgreSQL's bare « could not create unique index »: name them and what to do instead (nothing is applied).
DO $$
DECLARE held text;
BEGIN
  SELECT string_agg(format('%s %s %s held by %s', kind, label, key, ids), '; ') INTO held FROM (
    SELECT 'sites' AS kind, 'SIRET' AS label, siret AS key, string_agg(id, ', ' ORDER BY id) AS ids
      FROM sites WHERE NOT withheld AND siret IS NOT NULL GROUP BY siret HAVING count(*) > 1
    UNION ALL
    SELECT 'operators', 'SIREN', siren, string_agg(id, ', ' ORDER BY id)
      FROM operators WHERE NOT withheld AND siren IS NOT NULL GROUP BY siren HAVING count(*) > 1
    UNION ALL
    SELECT 'mandataires', 'SIRET', siret, string_agg(id, ', ' ORDER BY id)
      FROM mandataires WHERE NOT withheld AND siret IS NOT NULL GROUP BY siret HAVING count(*) > 1
    ORDER BY 1, 3
  ) AS duplicates;
  IF held IS NOT NULL THEN
    RAISE EXCEPTION 'migration 0027 (one shown entry per SIRET and SIREN) cannot apply: %. Merge each duplicate into '
      'the entry to keep (POST /v1/<kind>/{id}/merge) or remove the identifier from one of them, then start again: '
      'nothing was migrated', left(held, 2000);
  END IF;
END $$;--> statement-breakpoint
CREATE UNIQUE INDEX "mandataires_siret_shown_key" ON "mandataires" USING btree ("siret") WHERE not "mandataires"."withheld";--> statement-breakpoint
CREATE UNIQUE INDEX "operators_siren_shown_key" ON "operators" USING btree ("siren") WHERE not "operators"."withheld";--> statement-breakpoint
CREATE UNIQUE INDEX "sites_siret_shown_key" ON "sites" USING btree ("siret") WHERE not "sites"."withheld";--> statement-breakpoint
CREATE INDEX "sources_url_key_idx" ON "sources" USING btree (lower(regexp_replace(split_part("url", '#', 1), '/+$', '')));