// The club kind, as the registry (src/kinds.ts) lists it.
import { clubs } from '../../db/schema/index.js';
import type { KindDefinition } from '../../kind.js';
import { clubFilters, clubSorts } from './filters.js';

export const clubKind = {
  name: 'club',
  plural: 'clubs',
  table: clubs,
  tableName: 'clubs',
  citationColumn: 'club_id',
  filters: clubFilters,
  sorts: clubSorts,
} satisfies KindDefinition;
