import { entityRoutes } from '../../http/entity-routes.js';
import { entityWriteRoutes } from '../../http/write-routes.js';
import { checkMandataireFilters, getMandataire, listMandataires, mandatairesByIds } from './queries.js';
import { mandataireDetail, mandataireListQuery, mandatairePage, mandataireSummary } from './schemas.js';
import { mandataireWrites } from './writes.js';

export const mandataireRoutes = entityRoutes({
  tag: 'mandataires',
  singular: 'mandataire',
  operationName: 'Mandataire',
  listSummary: 'List insolvency practitioners, firms and national bodies',
  detailSummary: 'A practitioner, firm or body with its members, proceedings and citations',
  listQuery: mandataireListQuery,
  summary: mandataireSummary,
  page: mandatairePage,
  detail: mandataireDetail,
  defaultSort: 'name',
  checkFilters: checkMandataireFilters,
  list: listMandataires,
  get: getMandataire,
  search: {
    kind: 'mandataire',
    filters: (q) => ({ category: q.kind, profession: q.profession, departement: q.departement, parent: q.firm }),
    sorts: { name: 'name', updated_at: 'updated_at' },
    byIds: mandatairesByIds,
  },
});

export const mandataireWriteRoutes = entityWriteRoutes('mandataire', mandataireWrites, mandataireDetail, getMandataire);
