// The mandataire kind, as the registry (src/kinds.ts) lists it.
import { placedImportColumns } from '../../domain/place-input.js';
import { declareKind } from '../../kind.js';
import { mandataireListing } from './filters.js';
import { mandataireReads } from './queries.js';
import { mandataireRoutes } from './routes.js';
import { mandataireSummary } from './schemas.js';
import { mandataireSearchEntry, mandataireSearchWords } from './search-entry.js';
import { mandataireWrites } from './writes.js';

export const mandataireKind = declareKind(mandataireWrites, mandataireListing, {
  plural: 'mandataires',
  description: 'Insolvency practitioners, their firms and national body.',
  summary: mandataireSummary,
  importColumns: placedImportColumns({ references: { firm_id: 'firm' }, ownKind: ['firm'] }),
  nameColumn: 'name',
  searchEntry: mandataireSearchEntry,
  searchWords: mandataireSearchWords,
  searchEntryExtras: ['roles'],
  routes: mandataireRoutes,
  readDetail: mandataireReads.get,
});
