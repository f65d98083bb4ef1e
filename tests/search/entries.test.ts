// The search entries are code: each kind's module declares its rows, the view
// is composed from the registry and installed at every start, recreated only
// when its definition changed, and two processes starting together are safe.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../src/database.js';
import type { Database } from '../../src/db/client.js';
import type { KindDefinition } from '../../src/kind.js';
import { entryKinds } from '../../src/kinds.js';
import {
  indexedWordColumns,
  installSearchEntries,
  optionalSearchEntryColumns,
  searchEntriesComment,
  searchEntryColumns,
} from '../../src/search/entries.js';
import { getJson, testApp } from '../setup/app.js';
import { testDatabase } from '../setup/database.js';

/** The installed view: its oid (new when recreated) and its comment. */
async function installedView(database: Database) {
  const [row] = await database.sql<{ oid: number; comment: string | null }[]>`
    select to_regclass('search_entries')::oid::int as oid,
           obj_description(to_regclass('search_entries'), 'pg_class') as comment`;
  return row!;
}

async function kindsInView(database: Database): Promise<string[]> {
  const rows = await database.sql<{ kind: string }[]>`select distinct kind from search_entries order by kind`;
  return rows.map((r) => r.kind);
}

/** The registry, with one kind's search entry replaced. */
function withEntry(name: string, entry: (kind: KindDefinition) => ReturnType<typeof sql>): KindDefinition[] {
  return entryKinds.map((k) => (k.name === name ? { ...k, searchEntry: entry(k) } : k));
}

const registryNames = entryKinds.map((k) => k.name).sort();

describe('the search entries view', () => {
  it("lists exactly the registry's kinds, every entry of each, with the view's columns", async () => {
    const { database } = await testDatabase();
    expect(await kindsInView(database)).toEqual(registryNames);
    for (const kind of entryKinds) {
      const [counts] = await database.sql<{ rows: number; entries: number }[]>`
        select (select count(*)::int from ${database.sql(kind.tableName)}) as rows,
               (select count(*)::int from search_entries where kind = ${kind.name}) as entries`;
      expect(counts!.entries, kind.name).toBe(counts!.rows);
    }
    const columns = await database.sql<{ attname: string }[]>`
      select attname from pg_attribute
       where attrelid = 'search_entries'::regclass and attnum > 0 and not attisdropped order by attnum`;
    expect(columns.map((c) => c.attname)).toEqual([
      ...Object.keys(searchEntryColumns),
      ...Object.keys(indexedWordColumns),
      'document',
    ]);
  });

  it('takes each kind’s rows from its module, and is left alone while its definition is unchanged', async () => {
    const { database } = await testDatabase();
    const installed = await installedView(database);
    expect(installed.comment).toBe(searchEntriesComment(entryKinds));
    expect(await installSearchEntries(database.sql, entryKinds)).toBe(false);
    expect(await installedView(database)).toEqual(installed);

    // A club module that declares no rows: clubs leave search, the view is recreated once.
    const withoutClubs = withEntry('club', (k) => sql`select * from (${k.searchEntry}) c where false`);
    expect(await installSearchEntries(database.sql, withoutClubs)).toBe(true);
    const changed = await installedView(database);
    expect(changed.oid).not.toBe(installed.oid);
    expect(changed.comment).toBe(searchEntriesComment(withoutClubs));
    expect(await kindsInView(database)).toEqual(registryNames.filter((n) => n !== 'club'));
    expect(await installSearchEntries(database.sql, withoutClubs)).toBe(false);
    expect((await installedView(database)).oid).toBe(changed.oid);

    // A site module with one more keyword: every site carries it.
    // (The optional columns sites do not give are filled by the view, not by the site module.)
    const siteExtras = entryKinds.find((k) => k.name === 'site')?.searchEntryExtras ?? [];
    // (And the indexed words of the fallback, which sites give: src/search/indexed-words.ts.)
    const others = [
      ...Object.keys(searchEntryColumns).filter(
        (c) => c !== 'kind' && c !== 'keywords' && (!(c in optionalSearchEntryColumns) || siteExtras.includes(c)),
      ),
      ...Object.keys(indexedWordColumns),
    ];
    const tagged = withEntry(
      'site',
      (k) => sql`select ${sql.raw(others.join(', '))}, keywords || array['plateau-test']::text[] as keywords
                   from (${k.searchEntry}) s`,
    );
    expect(await installSearchEntries(database.sql, tagged)).toBe(true);
    const [found] = await database.sql<{ tagged: number; sites: number }[]>`
      select (select count(*)::int from search_entries where 'plateau-test' = any(keywords)) as tagged,
             (select count(*)::int from sites) as sites`;
    expect(found!.tagged).toBe(found!.sites);

    // Back to the registry's definition: the view is the one every start installs.
    expect(await installSearchEntries(database.sql, entryKinds)).toBe(true);
    expect((await installedView(database)).comment).toBe(installed.comment);
    expect(await kindsInView(database)).toEqual(registryNames);
  });

  it('is installed once when two processes prepare the database together', async () => {
    const { url, database } = await testDatabase({ empty: true });
    const starts = await Promise.all([prepareDatabase(url), prepareDatabase(url)]);
    expect(starts.map((s) => s.searchEntriesInstalled).sort()).toEqual([false, true]);
    const [applied] = await database.sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    const journal = JSON.parse(await readFile(path.resolve('migrations/meta/_journal.json'), 'utf8'));
    expect(applied!.n).toBe(journal.entries.length);
    const first = await installedView(database);
    expect(first.comment).toBe(searchEntriesComment(entryKinds));
    expect(await kindsInView(database)).toEqual([]);

    // An older definition in place: every start succeeds, one replaces the view; the old function is gone.
    const withoutClubs = withEntry('club', (k) => sql`select * from (${k.searchEntry}) c where false`);
    expect((await prepareDatabase(url, withoutClubs)).searchEntriesInstalled).toBe(true);
    const outdated = await installedView(database);
    expect(outdated.oid).not.toBe(first.oid);
    const restarts = await Promise.all([prepareDatabase(url), prepareDatabase(url), prepareDatabase(url)]);
    expect(restarts.map((s) => s.searchEntriesInstalled).sort()).toEqual([false, false, true]);
    const current = await installedView(database);
    expect(current.oid).not.toBe(outdated.oid);
    expect(current.comment).toBe(first.comment);
    const [fn] = await database.sql<{ exists: boolean }[]>`
      select to_regprocedure('plateau_record_initial_history()') is not null as exists`;
    expect(fn!.exists).toBe(false);
  });

  it("searches and documents every kind of the registry, linking each to its kind's path", async () => {
    const { app } = await testApp({ searchIndex: true });
    const names = entryKinds.map((k) => k.name);
    const response = await getJson(app, `/v1/search?kind=${names.join(',')}&limit=100&page=1`);
    expect(response.status).toBe(200);
    expect(new Set(response.body.data.map((hit: { kind: string }) => hit.kind))).toEqual(new Set(names));
    const plurals = new Map(entryKinds.map((k) => [k.name, k.plural]));
    for (const hit of response.body.data) expect(hit.link).toBe(`/v1/${plurals.get(hit.kind)}/${hit.id}`);
    const document = (await getJson(app, '/openapi.json')).body;
    const schemas = document.components.schemas;
    expect([...schemas.SearchHit.properties.kind.enum].sort()).toEqual(registryNames);
    expect([...schemas.Change.properties.entity_kind.enum].sort()).toEqual(registryNames);
    // The rows of what cites a source, one schema for the source's detail and its citations list.
    expect(schemas.Source.properties.cited_by.items.$ref).toBe('#/components/schemas/SourceCitation');
    expect([...schemas.SourceCitation.properties.subject_kind.enum].sort()).toEqual(
      [...registryNames, 'person'].sort(),
    );
  });
});
