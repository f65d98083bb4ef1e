// The mandataire kind, as the registry (src/kinds.ts) lists it.
import { mandataires } from '../../db/schema/index.js';
import type { KindDefinition } from '../../kind.js';
import { mandataireSearchEntry } from './search-entry.js';

export const mandataireKind = {
  name: 'mandataire',
  plural: 'mandataires',
  table: mandataires,
  tableName: 'mandataires',
  citationColumn: 'mandataire_id',
  nameColumn: 'name',
  searchEntry: mandataireSearchEntry,
} satisfies KindDefinition;
