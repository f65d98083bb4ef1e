// Filters that name entries by id (`operator=…`) refuse ids that do not exist.
import { inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { invalidParameters } from '../domain/errors.js';

/** Throws a 400 naming `parameter` when any of the ids is not in the table. */
export async function assertIdsExist(
  db: Db,
  table: PgTable & { id: PgColumn },
  ids: string[] | undefined,
  parameter: string,
) {
  if (!ids?.length) return;
  const found = await db.select({ id: table.id }).from(table).where(inArray(table.id, ids));
  const known = new Set(found.map((r) => r.id as string));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) {
    throw invalidParameters(
      missing.map((id) => ({ in: 'query', name: parameter, message: `unknown ${parameter} '${id}'` })),
    );
  }
}
