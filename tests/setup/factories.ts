// Entries made for one test, with unique ids, written through the write
// envelope like every write (rules, citations, history, search outbox).
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Db } from '../../src/db/client.js';
import { operatorWrites } from '../../src/modules/operators/writes.js';
import { siteWrites } from '../../src/modules/sites/writes.js';

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

const actor = { name: 'test factory', keyId: null };
/**
 * The source of the tests' invented entries: a page of their own, without a held text nor a date, so that what they
 * invent is neither checked against an article's words nor dated against its publication.
 */
export const testSource = { url: 'https://example.org/plateau-tests', title: 'Fiches de test', outlet: 'Exemple' };
const citations = [{ source: testSource, quote: 'Une fiche de test' }];

/** An operator; `values` are fields of the create body (`parent`, `kind`…). */
export async function createOperator(db: Db, values: Partial<z.input<typeof operatorWrites.createBody>> = {}) {
  const body = operatorWrites.createBody.parse({
    id: uniqueId('test-operator'),
    name: `Opérateur ${randomBytes(3).toString('hex')}`,
    ...values,
    citations,
  });
  await operatorWrites.create({ db, actor }, body);
  return body as typeof body & { id: string };
}

/** An open site in Amiens unless `values` (fields of the create body) say otherwise. */
export async function createSite(db: Db, values: Partial<z.input<typeof siteWrites.createBody>> = {}) {
  const body = siteWrites.createBody.parse({
    id: uniqueId('test-site'),
    name: `Site ${randomBytes(3).toString('hex')}`,
    commune: 'Amiens',
    status: 'open',
    ...values,
    citations,
  });
  await siteWrites.create({ db, actor }, body);
  return body as typeof body & { id: string };
}

/**
 * Sites at exact positions (`id` → [latitude, longitude, INSEE code of the commune the position is in]), each named
 * `name(id)`: a position is checked against its site's commune (src/geo/positions.ts).
 */
export async function createSitesAt(
  db: Db,
  places: Readonly<Record<string, readonly [number, number, string]>>,
  name: (id: string) => string,
) {
  for (const [id, [latitude, longitude, code_commune]] of Object.entries(places)) {
    const place = { commune: null, code_commune };
    await createSite(db, { id, name: name(id), ...place, latitude, longitude, coordinates_precision: 'exact' });
  }
}
