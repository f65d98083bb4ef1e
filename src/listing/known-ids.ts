// Filters that name entries by id (`operator=…`) refuse ids that do not exist, or whose entry is withheld.
import { and, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { shown } from '../db/withheld.js';
import type { FieldError } from '../domain/errors.js';
import type { IdTable } from './filter.js';

/** An error naming `parameter` for each id found in none of the tables. */
export async function unknownIds(
  db: Db,
  tables: readonly IdTable[],
  ids: readonly string[],
  parameter: string,
): Promise<FieldError[]> {
  const known = new Set<string>();
  for (const table of tables) {
    const found = await db
      .select({ id: table.id })
      .from(table)
      .where(and(inArray(table.id, [...ids]), shown(table)));
    for (const row of found) known.add(row.id as string);
  }
  return ids
    .filter((id) => !known.has(id))
    .map((id) => ({ in: 'query', name: parameter, message: `unknown ${parameter} '${id}'` }));
}
