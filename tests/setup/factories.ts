// Rows made for one test, with unique ids, inserted straight into the test's
// database (the write API comes later).
import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/client.js';
import { citations, operators, sites } from '../../src/db/schema/index.js';
import { resolveCommune } from '../../src/geo/index.js';

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

const anySource = 'en-contact-2017-04-26-fin-de-partie-ipg';

export async function createOperator(db: Db, values: Partial<typeof operators.$inferInsert> = {}) {
  const [row] = await db
    .insert(operators)
    .values({ id: uniqueId('test-operator'), name: `Opérateur ${randomBytes(3).toString('hex')}`, ...values })
    .returning();
  await db.insert(citations).values({ source_id: anySource, quote: 'IPG', operator_id: row!.id });
  return row!;
}

export async function createSite(db: Db, values: Partial<typeof sites.$inferInsert> & { communeName?: string } = {}) {
  const { communeName = 'Amiens', ...rest } = values;
  const [row] = await db
    .insert(sites)
    .values({
      id: uniqueId('test-site'),
      name: `Site ${randomBytes(3).toString('hex')}`,
      ...resolveCommune(communeName),
      status: 'open',
      ...rest,
    })
    .returning();
  return row!;
}
