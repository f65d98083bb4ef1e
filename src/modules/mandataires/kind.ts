// The mandataire kind, as the registry (src/kinds.ts) lists it.
import { mandataires } from '../../db/schema/index.js';
import { placeImportOverrides } from '../../domain/place-input.js';
import type { KindDefinition } from '../../kind.js';
import { mandataireFilters, mandataireSorts } from './filters.js';
import { mandataireRoutes } from './routes.js';
import { mandataireSummary } from './schemas.js';
import { mandataireSearchEntry } from './search-entry.js';
import { mandataireWrites } from './writes.js';

export const mandataireKind = {
  // name, tableName and citationColumn: where its writes go.
  ...mandataireWrites.spec.target,
  plural: 'mandataires',
  description: 'Insolvency practitioners, their firms and national body.',
  table: mandataires,
  writes: mandataireWrites,
  summary: mandataireSummary,
  importColumns: {
    references: { firm_id: 'firm' },
    renamed: { departement_code: 'departement' },
    overrides: placeImportOverrides,
  },
  nameColumn: 'name',
  searchEntry: mandataireSearchEntry,
  filters: mandataireFilters,
  sorts: mandataireSorts,
  routes: mandataireRoutes,
} satisfies KindDefinition;
