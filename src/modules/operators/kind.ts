// The operator kind, as the registry (src/kinds.ts) lists it.
import { operators } from '../../db/schema/index.js';
import type { KindDefinition } from '../../kind.js';
import { operatorSearchEntry } from './search-entry.js';

export const operatorKind = {
  name: 'operator',
  plural: 'operators',
  table: operators,
  tableName: 'operators',
  citationColumn: 'operator_id',
  nameColumn: 'name',
  searchEntry: operatorSearchEntry,
} satisfies KindDefinition;
