// Writing proceedings.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { operators, proceedings } from '../../db/schema/index.js';
import type { FieldError } from '../../domain/errors.js';
import { proceedingKinds } from '../../domain/vocabulary.js';
import { partialDate, slugSchema } from '../../http/schemas.js';
import { entityWrites } from '../../writes/entity-writes.js';

async function knownOperator(db: Db, id: string | null, field: string): Promise<FieldError[]> {
  if (!id) return [];
  const [found] = await db.select({ id: operators.id }).from(operators).where(eq(operators.id, id));
  return found ? [] : [{ in: 'body', name: field, message: `unknown operator '${id}'` }];
}

export const proceedingWrites = entityWrites({
  kind: 'proceeding',
  singular: 'proceeding',
  basePath: '/v1/proceedings',
  tableName: 'proceedings',
  table: proceedings,
  citationSubject: 'proceeding_id',
  fields: {
    company_name: z.string().trim().min(1).max(300),
    company_description: z.string().trim().min(1).max(2000).nullable(),
    operator: slugSchema.nullable().meta({ description: 'The company, when it is an operator of the directory.' }),
    kind: z.enum(proceedingKinds),
    date: partialDate.nullable(),
    court: z.string().trim().min(1).max(300).nullable(),
    acquirer: slugSchema.nullable().meta({ description: 'For a takeover, the operator that took the company over.' }),
    notes: z.string().trim().min(1).max(5000).nullable(),
  },
  defaults: { company_description: null, operator: null, date: null, court: null, acquirer: null, notes: null },
  fromRow: (row) => ({
    company_name: row.company_name as string,
    company_description: row.company_description as string | null,
    operator: row.operator_id as string | null,
    kind: row.kind as (typeof proceedingKinds)[number],
    date: row.date as string | null,
    court: row.court as string | null,
    acquirer: row.acquirer_id as string | null,
    notes: row.notes as string | null,
  }),
  async toColumns(db: Db, input) {
    const errors = [
      ...(await knownOperator(db, input.operator, 'operator')),
      ...(await knownOperator(db, input.acquirer, 'acquirer')),
    ];
    const { operator, acquirer, ...rest } = input;
    return { errors, columns: { ...rest, operator_id: operator, acquirer_id: acquirer } };
  },
  idWords: (input) => `${input.company_name} ${input.kind.replaceAll('_', ' ')} ${input.date ?? ''}`,
  async moveReferences(db, from, to) {
    await db.execute(sql`
      insert into proceeding_practitioners (proceeding_id, mandataire_id, role, source_id, quote)
      select ${to}, mandataire_id, role, source_id, quote from proceeding_practitioners where proceeding_id = ${from}
      on conflict do nothing`);
    await db.execute(sql`
      insert into proceeding_sites (proceeding_id, site_id) select ${to}, site_id from proceeding_sites where proceeding_id = ${from}
      on conflict do nothing`);
  },
});
