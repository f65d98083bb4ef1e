// The operator kind, as the registry (src/kinds.ts) lists it.
import { operators } from '../../db/schema/index.js';
import type { KindDefinition } from '../../kind.js';
import { operatorFilters, operatorSorts } from './filters.js';

export const operatorKind = {
  name: 'operator',
  plural: 'operators',
  table: operators,
  tableName: 'operators',
  citationColumn: 'operator_id',
  filters: operatorFilters,
  sorts: operatorSorts,
} satisfies KindDefinition;
