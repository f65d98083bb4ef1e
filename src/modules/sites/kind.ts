// The site kind, as the registry (src/kinds.ts) lists it.
import { sites } from '../../db/schema/index.js';
import type { KindDefinition } from '../../kind.js';
import { siteFilters, siteSorts } from './filters.js';

export const siteKind = {
  name: 'site',
  plural: 'sites',
  table: sites,
  tableName: 'sites',
  citationColumn: 'site_id',
  filters: siteFilters,
  sorts: siteSorts,
} satisfies KindDefinition;
