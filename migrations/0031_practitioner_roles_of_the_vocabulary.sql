-- A practitioner's role was free text on write while the `role` filter takes the vocabulary (domain/vocabulary.ts
-- `practitionerRoles`): the roles written in words are mapped onto it (« Liquidateur » → liquidateur, « administrateur
-- judiciaire » → administrateur_judiciaire), case, accents, spaces, hyphens and apostrophes ignored, and their
-- mandataires indexed again; a role it cannot map is named with what to do, and nothing is migrated.
CREATE TEMPORARY TABLE practitioner_role_words (words text PRIMARY KEY, role text NOT NULL) ON COMMIT DROP;--> statement-breakpoint
INSERT INTO practitioner_role_words VALUES
  ('liquidateur', 'liquidateur'), ('liquidateur judiciaire', 'liquidateur'),
  ('mandataire liquidateur', 'liquidateur'), ('mandataire judiciaire liquidateur', 'liquidateur'),
  ('mandataire judiciaire', 'mandataire_judiciaire'), ('mandataire', 'mandataire_judiciaire'),
  ('mj', 'mandataire_judiciaire'), ('representant des creanciers', 'mandataire_judiciaire'),
  ('administrateur judiciaire', 'administrateur_judiciaire'), ('administrateur', 'administrateur_judiciaire'),
  ('aj', 'administrateur_judiciaire'),
  ('commissaire execution plan', 'commissaire_execution_plan'),
  ('commissaire a l execution du plan', 'commissaire_execution_plan'),
  ('commissaire a l execution plan', 'commissaire_execution_plan');--> statement-breakpoint
CREATE TEMPORARY TABLE practitioner_roles_mapped ON COMMIT DROP AS
  SELECT pp.proceeding_id, pp.mandataire_id, pp.role AS written, w.role
    FROM proceeding_practitioners pp
    LEFT JOIN practitioner_role_words w ON w.words = trim(regexp_replace(
      translate(lower(pp.role), 'àâäéèêëîïôöùûüç', 'aaaeeeeiioouuuc'), '[\s''’._-]+', ' ', 'g'))
   WHERE pp.role IS NOT NULL
     AND pp.role NOT IN ('liquidateur', 'mandataire_judiciaire', 'administrateur_judiciaire', 'commissaire_execution_plan');--> statement-breakpoint
DO $$
DECLARE unmapped text;
BEGIN
  SELECT string_agg(format('%L (proceeding %s, mandataire %s)', written, proceeding_id, mandataire_id), '; '
                    ORDER BY proceeding_id, mandataire_id) INTO unmapped
    FROM practitioner_roles_mapped WHERE role IS NULL;
  IF unmapped IS NOT NULL THEN
    RAISE EXCEPTION 'migration 0031 (a practitioner''s role one of liquidateur, mandataire_judiciaire, '
      'administrateur_judiciaire, commissaire_execution_plan) cannot apply: no role of the vocabulary for %. Set each '
      'to one of them, or to null when unknown (UPDATE proceeding_practitioners SET role = … WHERE proceeding_id = … '
      'AND mandataire_id = …), then start again: nothing was migrated', left(unmapped, 2000);
  END IF;
END $$;--> statement-breakpoint
UPDATE proceeding_practitioners pp SET role = m.role
  FROM practitioner_roles_mapped m
 WHERE pp.proceeding_id = m.proceeding_id AND pp.mandataire_id = m.mandataire_id;--> statement-breakpoint
INSERT INTO search_outbox (entity_kind, entity_id)
  SELECT DISTINCT 'mandataire', mandataire_id FROM practitioner_roles_mapped;--> statement-breakpoint
ALTER TABLE "proceeding_practitioners" ADD CONSTRAINT "proceeding_practitioners_role" CHECK ("proceeding_practitioners"."role" in ('liquidateur', 'mandataire_judiciaire', 'administrateur_judiciaire', 'commissaire_execution_plan'));