// The dry run of an open-data import (`import:sirene`, `import:bodacc`, `import:practitioners --dry-run`). Their later
// rows depend on what the earlier ones write (a notice's company created, then its proceedings chained; a firm
// created, then its members joining it; a stock's source, edition and withheld entries), so their report is worked
// out only by applying. A dry run applies on a copy: in its transaction, each directory table is shadowed by a
// temporary table of the same name holding the same rows (PostgreSQL looks a name up in the session's temporary
// schema first), read in one REPEATABLE READ snapshot; every statement of the import then reads and writes the copies,
// the same code as the real run, and the transaction rolls back, dropping them. No row of the directory is locked or
// written, so an API write of an entry the file changes goes through at once; the report is the real run's against
// the directory as it stood when the dry run began.
import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import * as schema from '../db/schema/index.js';

/** Tables no import writes nor reads in its transaction: the API's keys and the search engine's bookkeeping. */
const notShadowed = new Set(['api_keys', 'cursor_keys', 'search_index_state']);

/** Tables only appended to by a write (never read back by an import): shadowed empty, their rows not copied. */
const appendedOnly = new Set(['search_outbox']);

/** The directory's tables, read from the drizzle schema (every table of it but `notShadowed`). */
export const shadowedTables: readonly string[] = (Object.values(schema) as unknown[])
  .flatMap((value) => (is(value, PgTable) ? [getTableConfig(value).name] : []))
  .filter((name) => !notShadowed.has(name))
  .sort();

/**
 * Gives the temporary copy of `name` the directory table's primary key, unique and exclusion constraints (by their
 * names: an upsert's `on conflict` finds them) and its other indexes, but those on a whole row (a search fallback's
 * index, which no import statement reads and which cannot be made on another table's rows).
 */
async function copyIndexes(tx: Db, name: string): Promise<void> {
  const source = `public.${name}`;
  const constraints = await tx.execute<{ name: string; definition: string }>(sql`
    select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
     where conrelid = ${source}::regclass and contype in ('p', 'u', 'x') order by conname`);
  for (const c of constraints)
    await tx.execute(sql.raw(`alter table pg_temp.${quoted(name)} add constraint ${quoted(c.name)} ${c.definition}`));
  // A whole-row reference is a Var of attribute number 0 in the index's expression tree.
  const indexes = await tx.execute<{ definition: string }>(sql`
    select pg_get_indexdef(i.indexrelid) as definition from pg_index i
     where i.indrelid = ${source}::regclass
       and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
       and coalesce(i.indexprs::text !~ ':varattno 0 ', true)
     order by i.indexrelid`);
  for (const { definition } of indexes) {
    const onCopy = definition.replace(` ON ${source} `, ` ON pg_temp.${quoted(name)} `);
    await tx.execute(sql.raw(onCopy.replace(/^CREATE (UNIQUE )?INDEX \S+ /, 'CREATE $1INDEX ')));
  }
}

/** An identifier as PostgreSQL quotes one. */
const quoted = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * Shadows the directory's tables (`shadowedTables`) in the transaction `tx` by temporary tables of the same names,
 * columns, defaults, constraints and indexes (`like … including all`, the indexes by `copyIndexes`; foreign keys are not copied), holding the same
 * rows (`appendedOnly` ones empty), dropped when the transaction ends. Must be the first statement of `tx`: it sets
 * its isolation to REPEATABLE READ, so that every copy and every later read see one snapshot. Cached plans of the
 * connection are discarded, so that its prepared statements resolve their tables again, to the copies (and, once
 * they are dropped, to the directory's tables). Takes no lock on the directory's rows (only the ACCESS SHARE of a
 * read on its tables). Its cost is a copy of the directory: about the time of reading every table once.
 */
export async function shadowDirectory(tx: Db): Promise<void> {
  await tx.execute(sql`set transaction isolation level repeatable read`);
  for (const name of shadowedTables) {
    const table = sql.identifier(name);
    // Indexes apart: `like … including indexes` cannot copy an index on a whole row (the search fallback's
    // `plateau_search_vector(sites)`, migration 0042), whose row type is the directory table's, not the copy's.
    await tx.execute(
      sql`create temporary table ${table} (like public.${table} including all excluding indexes) on commit drop`,
    );
    await copyIndexes(tx, name);
    if (appendedOnly.has(name)) continue;
    // Generated columns are computed again by the copy; the others copied as they are.
    const columns = await tx.execute<{ name: string }>(sql`
      select attname as name from pg_attribute
       where attrelid = ${`public.${name}`}::regclass and attnum > 0 and not attisdropped and attgenerated = ''
       order by attnum`);
    const list = sql.join(
      columns.map((c) => sql.identifier(c.name)),
      sql`, `,
    );
    await tx.execute(
      sql`insert into pg_temp.${table} (${list}) overriding system value select ${list} from public.${table}`,
    );
  }
  // Temporary tables have no statistics until analysed (autovacuum never does): without, the planner would guess.
  await tx.execute(
    sql`analyze ${sql.join(
      shadowedTables.filter((n) => !appendedOnly.has(n)).map((n) => sql`pg_temp.${sql.identifier(n)}`),
      sql`, `,
    )}`,
  );
  await tx.execute(sql`discard plans`);
}
