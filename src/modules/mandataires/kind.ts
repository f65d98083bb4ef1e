// The mandataire kind, as the registry (src/kinds.ts) lists it.
import { mandataires } from '../../db/schema/index.js';
import type { KindDefinition } from '../../kind.js';
import { mandataireFilters, mandataireSorts } from './filters.js';

export const mandataireKind = {
  name: 'mandataire',
  plural: 'mandataires',
  table: mandataires,
  tableName: 'mandataires',
  citationColumn: 'mandataire_id',
  filters: mandataireFilters,
  sorts: mandataireSorts,
} satisfies KindDefinition;
