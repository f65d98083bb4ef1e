// The kinds `npm run import` knows, and how each is written.
import type { Db } from '../db/client.js';
import { clubs, mandataires, operators, proceedings } from '../db/schema/index.js';
import { clubSummary } from '../modules/clubs/schemas.js';
import { clubWrites } from '../modules/clubs/writes.js';
import { mandataireSummary } from '../modules/mandataires/schemas.js';
import { mandataireWrites } from '../modules/mandataires/writes.js';
import { operatorSummary } from '../modules/operators/schemas.js';
import { checkOperator, createOperator, operatorCreateBody, updateOperator } from '../modules/operators/writes.js';
import { proceedingSummary } from '../modules/proceedings/schemas.js';
import { proceedingWrites } from '../modules/proceedings/writes.js';
import { genericImporter, type KindWrites } from './generic.js';
import type { Importer } from './run.js';
import { siteImporter } from './sites.js';

/** The importer of a kind written through entityWrites: its body, checks and writes. */
function fromEntityWrites(
  kind: string,
  table: KindWrites['table'],
  writes: typeof clubWrites | typeof mandataireWrites | typeof proceedingWrites,
  summary: KindWrites['summary'],
  columns: Pick<KindWrites, 'references' | 'renamed'>,
) {
  return (db: Db) =>
    genericImporter(db, {
      kind,
      table,
      createBody: writes.createBody,
      summary,
      ...columns,
      check: (database, row) => writes.check(database, row as never),
      create: writes.create as never,
      update: writes.update as never,
    }) as Promise<Importer<unknown>>;
}

export const importers: Record<string, (db: Db) => Promise<Importer<unknown>>> = {
  sites: siteImporter as (db: Db) => Promise<Importer<unknown>>,
  operators: (db) =>
    genericImporter(db, {
      kind: 'operators',
      table: operators,
      createBody: operatorCreateBody,
      summary: operatorSummary,
      references: { parent_id: 'parent' },
      check: (db, row) => checkOperator(db, row as never),
      create: createOperator as never,
      update: updateOperator as never,
    }) as Promise<Importer<unknown>>,
  clubs: fromEntityWrites('clubs', clubs, clubWrites, clubSummary, {
    renamed: { served_region_as_printed: 'region', departement_code: 'departement' },
  }),
  mandataires: fromEntityWrites('mandataires', mandataires, mandataireWrites, mandataireSummary, {
    references: { firm_id: 'firm' },
    renamed: { departement_code: 'departement' },
  }),
  proceedings: fromEntityWrites('proceedings', proceedings, proceedingWrites, proceedingSummary, {
    references: { operator_id: 'operator', acquirer_id: 'acquirer' },
  }),
};
