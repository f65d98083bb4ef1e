// The proceeding kind, as the registry (src/kinds.ts) lists it.
import { proceedings } from '../../db/schema/index.js';
import type { KindDefinition } from '../../kind.js';
import { proceedingFilters, proceedingSorts } from './filters.js';

export const proceedingKind = {
  name: 'proceeding',
  plural: 'proceedings',
  table: proceedings,
  tableName: 'proceedings',
  citationColumn: 'proceeding_id',
  filters: proceedingFilters,
  sorts: proceedingSorts,
} satisfies KindDefinition;
