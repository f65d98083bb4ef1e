import { entityRoutes } from '../../lib/entity-routes.js';
import { getClub, listClubs } from './queries.js';
import { clubDetail, clubListQuery, clubPage } from './schemas.js';

export const clubRoutes = entityRoutes({
  tag: 'clubs',
  singular: 'club',
  operationName: 'Club',
  listSummary: 'List regional clubs, clusters and national associations',
  detailSummary: 'A club with its officers, members, sponsors and citations',
  listQuery: clubListQuery,
  page: clubPage,
  detail: clubDetail,
  list: listClubs,
  get: getClub,
});
