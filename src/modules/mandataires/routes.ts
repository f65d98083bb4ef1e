import { entityRoutes } from '../../http/entity-routes.js';
import { entityWriteRoutes } from '../../http/write-routes.js';
import { mandataireKind } from './kind.js';
import { getMandataire, listMandataires, mandatairesByIds } from './queries.js';
import { mandataireDetail, mandatairePage, mandataireSummary } from './schemas.js';
import { mandataireWrites } from './writes.js';

export const mandataireRoutes = entityRoutes({
  kind: mandataireKind,
  listSummary: 'List insolvency practitioners, firms and national bodies',
  detailSummary: 'A practitioner, firm or body with its members, proceedings and citations',
  schemas: { summary: mandataireSummary, page: mandatairePage, detail: mandataireDetail },
  list: listMandataires,
  get: getMandataire,
  byIds: mandatairesByIds,
});

export const mandataireWriteRoutes = entityWriteRoutes('mandataire', mandataireWrites, mandataireDetail, getMandataire);
