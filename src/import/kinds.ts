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
import { genericImporter } from './generic.js';
import type { Importer } from './run.js';
import { siteImporter } from './sites.js';

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
  clubs: (db) =>
    genericImporter(db, {
      kind: 'clubs',
      table: clubs,
      createBody: clubWrites.createBody,
      summary: clubSummary,
      renamed: { served_region_as_printed: 'region', departement_code: 'departement' },
      check: (db, row) => clubWrites.check(db, row as never),
      create: clubWrites.create as never,
      update: clubWrites.update as never,
    }) as Promise<Importer<unknown>>,
  mandataires: (db) =>
    genericImporter(db, {
      kind: 'mandataires',
      table: mandataires,
      createBody: mandataireWrites.createBody,
      summary: mandataireSummary,
      references: { firm_id: 'firm' },
      renamed: { departement_code: 'departement' },
      check: (db, row) => mandataireWrites.check(db, row as never),
      create: mandataireWrites.create as never,
      update: mandataireWrites.update as never,
    }) as Promise<Importer<unknown>>,
  proceedings: (db) =>
    genericImporter(db, {
      kind: 'proceedings',
      table: proceedings,
      createBody: proceedingWrites.createBody,
      summary: proceedingSummary,
      references: { operator_id: 'operator', acquirer_id: 'acquirer' },
      check: (db, row) => proceedingWrites.check(db, row as never),
      create: proceedingWrites.create as never,
      update: proceedingWrites.update as never,
    }) as Promise<Importer<unknown>>,
};
