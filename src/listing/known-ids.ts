// Filters that name entries by id (`operator=…`) refuse ids that do not exist, or whose entry is withheld; a merged
// id stands for its survivor (db/survivors.ts), as its detail answers 308 to it: a saved search keeps working.
import { and, getTableName, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { survivorsOf } from '../db/survivors.js';
import { shown } from '../db/withheld.js';
import type { FieldError } from '../domain/errors.js';
import type { IdTable } from './filter.js';

/** The kind whose changes (and merges) name the entries of a table, by the table's SQL name: `operators` → `operator`. */
const kindOfTable: Record<string, string> = {
  sites: 'site',
  operators: 'operator',
  clubs: 'club',
  mandataires: 'mandataire',
  proceedings: 'proceeding',
};

/** The ids of `tables` among `ids` whose entry the public may see. */
async function shownIds(db: Db, tables: readonly IdTable[], ids: readonly string[]): Promise<Set<string>> {
  const known = new Set<string>();
  if (!ids.length) return known;
  for (const table of tables) {
    const found = await db
      .select({ id: table.id })
      .from(table)
      .where(and(inArray(table.id, [...ids]), shown(table)));
    for (const row of found) known.add(row.id as string);
  }
  return known;
}

/**
 * The ids a filter's values stand for, in order (`ids`): each shown id itself, a merged one its survivor when that is
 * shown (« op-f » merged into « op-a » is « op-a »); and an error naming `parameter` for each id that names no entry
 * shown of the tables (`unknown operator 'nope'`).
 */
export async function resolvedIds(
  db: Db,
  tables: readonly IdTable[],
  ids: readonly string[],
  parameter: string,
): Promise<{ ids: string[]; errors: FieldError[] }> {
  const known = await shownIds(db, tables, ids);
  const missing = ids.filter((id) => !known.has(id));
  const survivor = new Map<string, string>();
  for (const table of tables) {
    const kind = kindOfTable[getTableName(table)];
    if (!kind || !missing.length) continue;
    for (const [id, into] of await survivorsOf(db, kind, missing)) survivor.set(id, into);
  }
  const survivorsShown = await shownIds(db, tables, [...new Set(survivor.values())]);
  const errors: FieldError[] = [];
  const resolved = ids.map((id) => {
    if (known.has(id)) return id;
    const into = survivor.get(id);
    if (into && survivorsShown.has(into)) return into;
    errors.push({ in: 'query', name: parameter, message: `unknown ${parameter} '${id}'` });
    return id;
  });
  return { ids: [...new Set(resolved)], errors };
}
